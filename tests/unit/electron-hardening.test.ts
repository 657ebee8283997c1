// The Electron shell, tested without Electron (it cannot run here): its policies as plain functions, and
// desktop-app.ts driven with recording fakes of the few Electron objects it uses and the real core (SQLite
// file, receiver on loopback), so the test sees what the shell really wires up.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { BrowserWindowConstructorOptions } from 'electron'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { API_OPERATIONS, IPC_CHANGES_CHANNEL, IPC_FILES, ipcChannel, type WorkspaceApi } from '../../src/shared/api'
import type { FileIpcEvent } from '../../src/main/electron/file-ipc'
import { sampleRecording } from '../helpers/import-files'
import { startAppCore, type AppCore } from '../../src/main/core/app-core'
import { WORKSPACE_CSP } from '../../src/main/core/receiver/workspace-csp'
import { runDesktopApp, type DesktopElectron, type WindowLike } from '../../src/main/electron/desktop-app'
import type { PreventableEvent, SessionLike, WebContentsLike } from '../../src/main/electron/harden-app'
import { handleIpcCall, isTrustedSender } from '../../src/main/electron/ipc-guard'
import {
  isAllowedExternalUrl,
  isAllowedFrameNavigation,
  isAllowedRequest,
  shellPolicyFor
} from '../../src/main/electron/shell-policy'
import { isAllowedNavigation, workspaceWindowOptions } from '../../src/main/electron/window-options'
import { FUSE_CONFIG } from '../../scripts/set-fuses'
import { FuseV1Options } from '@electron/fuses'
import { PROJECT_ROOT, tempDir } from '../helpers/test-core'

const WORKSPACE = 'file:///opt/replay-investigator/out/renderer/index.html'
const RENDERER_DIR = '/opt/replay-investigator/out/renderer'
const packaged = shellPolicyFor({
  isPackaged: true,
  rendererDir: RENDERER_DIR,
  env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
})
const development = shellPolicyFor({
  isPackaged: false,
  rendererDir: RENDERER_DIR,
  env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
})

describe('window options', () => {
  const prefs = workspaceWindowOptions('/app/preload/index.cjs', { devTools: false }).webPreferences!

  it('isolates and sandboxes the renderer with no Node, and no DevTools when asked', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.devTools).toBe(false)
    expect(prefs.preload).toBe('/app/preload/index.cjs')
  })

  it('has a CSP without remote sources, eval or inline script', () => {
    const csp = WORKSPACE_CSP
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/)
  })
})

describe('shell policy', () => {
  it('ignores ELECTRON_RENDERER_URL when packaged, and any non-loopback one in development', () => {
    expect(packaged).toEqual({
      workspaceUrl: WORKSPACE,
      rendererDir: RENDERER_DIR,
      devServerOrigin: null,
      devTools: false
    })
    expect(development).toMatchObject({
      workspaceUrl: 'http://localhost:5173/',
      devServerOrigin: 'http://localhost:5173',
      devTools: true
    })
    for (const url of ['https://evil.example', 'http://192.168.1.5:5173', 'file:///tmp/x', 'not a url']) {
      const policy = shellPolicyFor({
        isPackaged: false,
        rendererDir: RENDERER_DIR,
        env: { ELECTRON_RENDERER_URL: url }
      })
      expect(policy.workspaceUrl, url).toBe(WORKSPACE)
    }
  })

  it('lets file: through only inside the renderer folder, and nothing from the network', () => {
    for (const url of [
      WORKSPACE,
      `file://${RENDERER_DIR}/assets/index-abc.js`,
      'data:image/png;base64,AA',
      'blob:file:///x'
    ]) {
      expect(isAllowedRequest(url, packaged), url).toBe(true)
    }
    for (const url of [
      'file:///etc/passwd',
      `file://${RENDERER_DIR}/../main/index.js`,
      `file://${RENDERER_DIR}/%2e%2e/main/index.js`,
      `file://${RENDERER_DIR}-evil/index.html`,
      'file://server/share/index.html',
      'https://cdn.example/font.woff2',
      'http://localhost:5173/',
      'devtools://devtools/bundled/inspector.html',
      'not a url'
    ]) {
      expect(isAllowedRequest(url, packaged), url).toBe(false)
    }
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', development)).toBe(true)
    expect(isAllowedRequest('http://localhost:5174/', development)).toBe(false)
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', development)).toBe(true)
  })

  it('keeps the top frame on the workspace and subframes on about:blank', () => {
    expect(isAllowedNavigation(WORKSPACE, WORKSPACE)).toBe(true)
    expect(isAllowedNavigation(`${WORKSPACE}#/session/abc`, WORKSPACE)).toBe(true)
    expect(isAllowedNavigation('https://evil.example/', WORKSPACE)).toBe(false)
    expect(isAllowedNavigation('file:///etc/passwd', WORKSPACE)).toBe(false)
    expect(isAllowedNavigation('not a url', WORKSPACE)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173/')).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isAllowedFrameNavigation('about:blank', false, packaged)).toBe(true)
    expect(isAllowedFrameNavigation('https://shop.example/', false, packaged)).toBe(false)
    expect(isAllowedFrameNavigation('about:blank', true, packaged)).toBe(false)
  })

  it('opens only allow-listed documentation links outside', () => {
    expect(isAllowedExternalUrl('https://github.com/rrweb-io/rrweb')).toBe(true)
    expect(isAllowedExternalUrl('https://github.com/rrweb-io/rrweb/blob/master/README.md')).toBe(true)
    for (const url of [
      'https://github.com/rrweb-io/rrweb-evil',
      'http://github.com/rrweb-io/rrweb',
      'https://user@github.com/rrweb-io/rrweb',
      'https://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share'
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false)
    }
  })
})

describe('fuses set at packaging (scripts/set-fuses.ts)', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect; turn on cookie encryption and ASAR integrity', () => {
    expect(FUSE_CONFIG[FuseV1Options.RunAsNode]).toBe(false)
    expect(FUSE_CONFIG[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false)
    expect(FUSE_CONFIG[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false)
    expect(FUSE_CONFIG[FuseV1Options.EnableCookieEncryption]).toBe(true)
    expect(FUSE_CONFIG[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true)
    expect(FUSE_CONFIG[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true)
    expect(FUSE_CONFIG.strictlyRequireAllFuses).toBe(true)
  })
})

describe('IPC guard', () => {
  const calls: unknown[][] = []
  const api = Object.fromEntries(
    API_OPERATIONS.map((op) => [op, async (...args: unknown[]) => (calls.push([op, ...args]), `${op} ok`)])
  ) as unknown as WorkspaceApi
  const top = { url: WORKSPACE, parent: null }

  it('trusts only the workspace top frame', () => {
    expect(isTrustedSender(top, WORKSPACE)).toBe(true)
    expect(isTrustedSender({ url: WORKSPACE, parent: {} }, WORKSPACE)).toBe(false)
    expect(isTrustedSender({ url: 'about:blank', parent: null }, WORKSPACE)).toBe(false)
    expect(isTrustedSender(null, WORKSPACE)).toBe(false)
  })

  it('refuses an untrusted sender before looking at the call', async () => {
    await expect(
      handleIpcCall(api, WORKSPACE, { url: 'https://evil.example', parent: null }, 'listSessions', [])
    ).rejects.toThrow(/untrusted sender/)
    expect(calls).toEqual([])
  })

  it('validates arguments and rejects unknown operations', async () => {
    await expect(handleIpcCall(api, WORKSPACE, top, 'getSession', [42])).rejects.toThrow(/getSession/)
    await expect(handleIpcCall(api, WORKSPACE, top, 'getSession', ['ok-session-id', 'extra'])).rejects.toThrow()
    await expect(handleIpcCall(api, WORKSPACE, top, 'dropTables', [])).rejects.toThrow(/unknown operation/)
    expect(calls).toEqual([])
    await expect(handleIpcCall(api, WORKSPACE, top, 'getSession', ['ok-session-id'])).resolves.toBe('getSession ok')
    expect(calls).toEqual([['getSession', 'ok-session-id']])
  })
})

// --- desktop-app.ts with recording fakes of Electron -------------------------------------------------------

type Listener = (...args: never[]) => unknown

/** Records listeners by event name and lets the test fire them. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>()
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener)
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args)
  }
}

class FakeWebContents extends Emitter implements WebContentsLike {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
  readonly sent: unknown[][] = []
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args])
  }
  /** Fires `event` for `url`; true when a listener refused it. */
  refuses(event: string, url: string, isMainFrame = true): boolean {
    const preventDefault = vi.fn()
    this.emit(event, { url, isMainFrame, preventDefault } satisfies PreventableEvent)
    return preventDefault.mock.calls.length > 0
  }
}

class FakeWindow extends Emitter implements WindowLike {
  readonly webContents = new FakeWebContents()
  readonly loaded: string[] = []
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super()
  }
  show(): void {}
  focus(): void {}
  async loadURL(url: string): Promise<void> {
    this.loaded.push(`url:${url}`)
  }
  async loadFile(path: string): Promise<void> {
    this.loaded.push(`file:${path}`)
  }
}

function fakeElectron(isPackaged: boolean) {
  const app = Object.assign(new Emitter(), {
    isPackaged,
    requestSingleInstanceLock: () => true,
    whenReady: async () => {},
    quit: vi.fn(),
    getAppPath: () => PROJECT_ROOT,
    getPath: () => '/nonexistent',
    getVersion: () => 'test'
  })
  const session = {
    permissionCheck: null as null | (() => boolean),
    permissionRequest: null as null | ((contents: unknown, permission: string, grant: (ok: boolean) => void) => void),
    beforeRequest: null as
      null | ((details: { url: string }, callback: (response: { cancel: boolean }) => void) => void),
    headers: null as null | Parameters<SessionLike['webRequest']['onHeadersReceived']>[0]
  }
  const defaultSession: SessionLike = {
    setPermissionCheckHandler: (handler) => void (session.permissionCheck = handler),
    setPermissionRequestHandler: (handler) => void (session.permissionRequest = handler),
    webRequest: {
      onBeforeRequest: (listener) => void (session.beforeRequest = listener),
      onHeadersReceived: (listener) => void (session.headers = listener)
    }
  }
  const handlers = new Map<string, (event: FileIpcEvent, ...args: unknown[]) => unknown>()
  const windows: FakeWindow[] = []
  const openExternal = vi.fn(async () => {})
  const electron: DesktopElectron = {
    app,
    shell: { openExternal },
    defaultSession: () => defaultSession,
    ipcMain: { handle: (channel, handler) => void handlers.set(channel, handler) },
    showSaveDialog: async () => null,
    createWindow: (options) => {
      const window = new FakeWindow(options)
      windows.push(window)
      // Electron fires web-contents-created for every window's contents: the app-wide guard sees it.
      app.emit('web-contents-created', {}, window.webContents)
      return window
    },
    windowCount: () => windows.length,
    platform: 'linux'
  }
  return { electron, app, session, handlers, windows, openExternal }
}

const dirs: { path: string; remove(): void }[] = []
const cores: AppCore[] = []
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()))
  dirs.splice(0).forEach((dir) => dir.remove())
})

async function runWithFakes(isPackaged: boolean, env: Record<string, string> = {}) {
  const dir = tempDir()
  dirs.push(dir)
  const fake = fakeElectron(isPackaged)
  const mainDir = join(PROJECT_ROOT, 'out', 'main')
  const core = await runDesktopApp(fake.electron, {
    mainDir,
    env: { REPLAY_INVESTIGATOR_DB: join(dir.path, 'sessions.db'), REPLAY_INVESTIGATOR_PORT: '0', ...env },
    startCore: startAppCore
  })
  cores.push(core!)
  return { ...fake, core: core!, rendererDir: join(PROJECT_ROOT, 'out', 'renderer') }
}

describe('the desktop app as wired (desktop-app.ts)', () => {
  it('packaged: loads the built renderer whatever ELECTRON_RENDERER_URL says; no DevTools; trusts only that frame', async () => {
    const { windows, handlers, rendererDir } = await runWithFakes(true, {
      ELECTRON_RENDERER_URL: 'http://localhost:5173'
    })
    expect(windows).toHaveLength(1)
    const [window] = windows
    expect(window!.loaded).toEqual([`file:${join(rendererDir, 'index.html')}`])
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, devTools: false })
    expect(window!.options.webPreferences!.preload).toBe(join(PROJECT_ROOT, 'out', 'preload', 'index.cjs'))

    expect([...handlers.keys()].sort()).toEqual(
      [...API_OPERATIONS.map(ipcChannel), IPC_FILES.import, IPC_FILES.cancelImport, IPC_FILES.export].sort()
    )
    const workspace = pathToFileURL(join(rendererDir, 'index.html')).href
    const sender = { send: () => {} }
    const listSessions = handlers.get(ipcChannel('listSessions'))!
    await expect(listSessions({ senderFrame: { url: workspace, parent: null }, sender })).resolves.toEqual([])
    await expect(
      listSessions({ senderFrame: { url: 'http://localhost:5173/', parent: null }, sender })
    ).rejects.toThrow(/untrusted sender/)
  })

  it('imports a file over the file IPC for the workspace frame only, with progress on its channel', async () => {
    const { handlers, rendererDir, core } = await runWithFakes(true)
    const workspace = pathToFileURL(join(rendererDir, 'index.html')).href
    const file = join(dirs.at(-1)!.path, 'plain.json')
    writeFileSync(file, JSON.stringify(sampleRecording()))
    const sent: unknown[][] = []
    const importFiles = handlers.get(IPC_FILES.import)!
    const imported = (await importFiles(
      { senderFrame: { url: workspace, parent: null }, sender: { send: (...args: unknown[]) => void sent.push(args) } },
      'import-1',
      [file],
      false
    )) as { sessionId: string; format: string }[]
    expect(imported).toHaveLength(1)
    expect(imported[0]!.format).toBe('rrweb')
    expect(core.store.getSession(imported[0]!.sessionId)!.imported).toMatchObject({
      file: 'plain.json',
      format: 'rrweb'
    })
    expect(sent.at(-1)).toEqual([IPC_FILES.progress, 'import-1', expect.objectContaining({ events: 10 })])
    await expect(
      importFiles(
        { senderFrame: { url: 'https://evil.test/', parent: null }, sender: { send: () => {} } },
        'x',
        [file],
        false
      )
    ).rejects.toThrow(/untrusted sender/)
    expect(core.store.listSessions()).toHaveLength(1)
  })

  it('denies every permission, filters requests and sets the CSP on the default session', async () => {
    const { session, rendererDir } = await runWithFakes(true)
    expect(session.permissionCheck!()).toBe(false)
    const grant = vi.fn()
    session.permissionRequest!({}, 'media', grant)
    expect(grant).toHaveBeenCalledExactlyOnceWith(false)
    const cancelled = (url: string) => {
      let answer: boolean | undefined
      session.beforeRequest!({ url }, ({ cancel }) => (answer = cancel))
      return answer
    }
    expect(cancelled(pathToFileURL(join(rendererDir, 'assets', 'x.js')).href)).toBe(false)
    expect(cancelled('file:///etc/passwd')).toBe(true)
    expect(cancelled('https://tracker.example/pixel.gif')).toBe(true)
    let headers: Record<string, string[]> | undefined
    session.headers!({ responseHeaders: { 'X-A': ['1'] } }, ({ responseHeaders }) => (headers = responseHeaders))
    expect(headers).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [WORKSPACE_CSP] })
  })

  it('guards every web contents: no webviews, no new windows, no navigation or redirect away', async () => {
    const { windows, app, openExternal, rendererDir } = await runWithFakes(true)
    const workspace = pathToFileURL(join(rendererDir, 'index.html')).href
    // The window's own contents, and any other the app might create later.
    const other = new FakeWebContents()
    app.emit('web-contents-created', {}, other)
    for (const contents of [windows[0]!.webContents, other]) {
      expect(contents.refuses('will-attach-webview', 'about:blank')).toBe(true)
      expect(contents.refuses('will-navigate', 'https://evil.example/')).toBe(true)
      expect(contents.refuses('will-navigate', `${workspace}#/settings`)).toBe(false)
      expect(contents.refuses('will-frame-navigate', 'https://evil.example/', false)).toBe(true)
      expect(contents.refuses('will-frame-navigate', 'about:blank', false)).toBe(false)
      expect(contents.refuses('will-redirect', 'https://evil.example/')).toBe(true)
      expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
      expect(contents.openHandler!({ url: 'https://github.com/rrweb-io/rrweb' })).toEqual({ action: 'deny' })
    }
    expect(openExternal.mock.calls).toEqual([
      ['https://github.com/rrweb-io/rrweb'],
      ['https://github.com/rrweb-io/rrweb']
    ])
  })

  it('development: the loopback dev server with DevTools; change notices reach the window', async () => {
    const { windows, core } = await runWithFakes(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    expect(windows[0]!.loaded).toEqual(['url:http://localhost:5173/'])
    expect(windows[0]!.options.webPreferences!.devTools).toBe(true)
    core.feed.publish({ kind: 'session-updated', sessionId: 'some-session-1' })
    expect(windows[0]!.webContents.sent).toEqual([
      [IPC_CHANGES_CHANNEL, { kind: 'session-updated', sessionId: 'some-session-1' }]
    ])
  })
})
