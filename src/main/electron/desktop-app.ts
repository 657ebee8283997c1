// The desktop app's lifecycle, window and IPC, wired through the few Electron objects it uses (typed
// structurally: index.ts passes the real ones, tests pass recording fakes and the real core), so what the
// shell does — hardening included — is tested, not assumed.
import { join } from 'node:path'
import type { BrowserWindowConstructorOptions } from 'electron'
import { API_OPERATIONS, IPC_CHANGES_CHANNEL, ipcChannel } from '../../shared/api'
import { DEFAULT_RECEIVER_PORT } from '../../shared/limits'
import type { AppCore, AppCoreOptions } from '../core/app-core'
import { builtAssets, DB_FILE_NAME } from '../core/paths'
import { hardenApp, type HardenableElectron, type SessionLike, type WebContentsLike } from './harden-app'
import { registerFileIpc, type FileIpcEvent } from './file-ipc'
import { handleIpcCall } from './ipc-guard'
import { shellPolicyFor, type ShellPolicy } from './shell-policy'
import { workspaceWindowOptions } from './window-options'

export interface WindowLike {
  webContents: WebContentsLike & { send(channel: string, ...args: unknown[]): void }
  on(event: 'closed', listener: () => void): unknown
  once(event: 'ready-to-show', listener: () => void): unknown
  show(): void
  focus(): void
  loadURL(url: string): Promise<unknown>
  loadFile(path: string): Promise<unknown>
}

export interface DesktopElectron {
  app: HardenableElectron['app'] & {
    readonly isPackaged: boolean
    requestSingleInstanceLock(): boolean
    whenReady(): Promise<unknown>
    quit(): void
    getAppPath(): string
    getPath(name: 'userData'): string
    getVersion(): string
    on(event: string, listener: (...args: never[]) => void): unknown
  }
  shell: HardenableElectron['shell']
  /** session.defaultSession: it exists only once the app is ready. */
  defaultSession(): SessionLike
  ipcMain: {
    handle(channel: string, handler: (event: FileIpcEvent, ...args: unknown[]) => unknown): void
  }
  /** Asks where to save an export (dialog.showSaveDialog); null when the person cancelled. */
  showSaveDialog(defaultName: string): Promise<string | null>
  createWindow(options: BrowserWindowConstructorOptions): WindowLike
  windowCount(): number
  platform: NodeJS.Platform
}

export interface DesktopAppOptions {
  /** The folder of the built main process (out/main): preload and renderer sit beside it. */
  mainDir: string
  env: Readonly<Record<string, string | undefined>>
  startCore(options: AppCoreOptions): Promise<AppCore>
}

/** Every API operation over IPC, answered only for the workspace's own top frame (ipc-guard.ts). */
function registerIpc(electron: DesktopElectron, core: AppCore, policy: ShellPolicy): void {
  const { ipcMain } = electron
  for (const operation of API_OPERATIONS) {
    ipcMain.handle(ipcChannel(operation), (event, ...args) =>
      handleIpcCall(core.api, policy.workspaceUrl, event.senderFrame, operation, args)
    )
  }
  registerFileIpc({
    files: core.files,
    workspaceUrl: policy.workspaceUrl,
    chooseSavePath: (name) => electron.showSaveDialog(name),
    handle: (channel, handler) => ipcMain.handle(channel, handler)
  })
}

function openWindow(electron: DesktopElectron, core: AppCore, policy: ShellPolicy, mainDir: string): WindowLike {
  const window = electron.createWindow(
    workspaceWindowOptions(join(mainDir, '../preload/index.cjs'), { devTools: policy.devTools })
  )
  const changes = core.feed.subscribe((notice) => window.webContents.send(IPC_CHANGES_CHANNEL, notice))
  window.on('closed', () => void changes.dispose())
  window.once('ready-to-show', () => window.show())
  void (policy.devServerOrigin
    ? window.loadURL(policy.workspaceUrl)
    : window.loadFile(join(policy.rendererDir, 'index.html')))
  return window
}

/** The desktop app: one instance, hardened, the core on the receiver port, one workspace window. */
export async function runDesktopApp(electron: DesktopElectron, options: DesktopAppOptions): Promise<AppCore | null> {
  const { app } = electron
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }
  let core: AppCore | null = null
  app.on('window-all-closed', () => {
    if (electron.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => void core?.close())
  await app.whenReady()
  const policy = shellPolicyFor({
    isPackaged: app.isPackaged,
    rendererDir: join(options.mainDir, '../renderer'),
    env: options.env
  })
  hardenApp({ app, shell: electron.shell, session: electron.defaultSession() }, policy)
  const { env } = options
  core = await options.startCore({
    dbPath: env.REPLAY_INVESTIGATOR_DB ?? join(app.getPath('userData'), DB_FILE_NAME),
    nativeBinding: env.REPLAY_INVESTIGATOR_SQLITE_BINDING || undefined,
    port: Number(env.REPLAY_INVESTIGATOR_PORT ?? DEFAULT_RECEIVER_PORT),
    host: '127.0.0.1',
    assets: builtAssets(app.getAppPath()),
    version: app.getVersion()
  })
  registerIpc(electron, core, policy)
  const started = core
  let window = openWindow(electron, started, policy, options.mainDir)
  app.on('second-instance', () => window.focus())
  app.on('activate', () => {
    if (electron.windowCount() === 0) window = openWindow(electron, started, policy, options.mainDir)
  })
  return core
}
