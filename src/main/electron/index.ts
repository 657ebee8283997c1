// The Electron shell: lifecycle, window, IPC. Thin by design; everything it does is in ../core.
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, session, shell } from 'electron'
import { API_OPERATIONS, IPC_CHANGES_CHANNEL, ipcChannel } from '../../shared/api'
import { DEFAULT_RECEIVER_PORT } from '../../shared/limits'
import { startAppCore, type AppCore } from '../core/app-core'
import { stderrLogger } from '../core/log'
import { builtAssets, DB_FILE_NAME } from '../core/paths'
import { handleIpcCall } from './ipc-guard'
import { WORKSPACE_CSP } from '../core/receiver/workspace-csp'
import { isAllowedNavigation, workspaceWindowOptions } from './window-options'

let core: AppCore | null = null

function workspaceUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? `file://${join(__dirname, '../renderer/index.html')}`
}

function hardenSession(): void {
  // The built index.html carries the policy as a <meta> (file:// has no headers); this covers the dev server.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [WORKSPACE_CSP] } })
  })
  // Privacy: the workspace never talks to the network; only its own files and the dev server load.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url
    const local =
      url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('devtools:')
    const devServer = process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL)
    callback({ cancel: !(local || devServer) })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
}

function createWindow(appCore: AppCore): BrowserWindow {
  const window = new BrowserWindow(workspaceWindowOptions(join(__dirname, '../preload/index.cjs')))
  const url = workspaceUrl()
  window.webContents.on('will-navigate', (event, target) => {
    if (!isAllowedNavigation(target, url)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    // Links to documentation open in the user's browser; nothing opens inside the app.
    if (target.startsWith('https://')) void shell.openExternal(target)
    return { action: 'deny' }
  })
  const changes = appCore.feed.subscribe((notice) => window.webContents.send(IPC_CHANGES_CHANNEL, notice))
  window.on('closed', () => void changes.dispose())
  window.once('ready-to-show', () => window.show())
  void (url.startsWith('file:') ? window.loadFile(join(__dirname, '../renderer/index.html')) : window.loadURL(url))
  return window
}

function registerIpc(appCore: AppCore): void {
  for (const operation of API_OPERATIONS) {
    ipcMain.handle(ipcChannel(operation), (event, ...args: unknown[]) =>
      handleIpcCall(appCore.api, workspaceUrl(), event.senderFrame, operation, args)
    )
  }
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit()
  await app.whenReady()
  hardenSession()
  const packageRoot = app.getAppPath()
  core = await startAppCore({
    dbPath: process.env.REPLAY_INVESTIGATOR_DB ?? join(app.getPath('userData'), DB_FILE_NAME),
    nativeBinding: process.env.REPLAY_INVESTIGATOR_SQLITE_BINDING || undefined,
    port: Number(process.env.REPLAY_INVESTIGATOR_PORT ?? DEFAULT_RECEIVER_PORT),
    host: '127.0.0.1',
    assets: builtAssets(packageRoot),
    version: app.getVersion()
  })
  registerIpc(core)
  let window = createWindow(core)
  app.on('second-instance', () => window.focus())
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && core) window = createWindow(core)
  })
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
app.on('will-quit', () => void core?.close())

main().catch((error: unknown) => {
  stderrLogger.error('Replay Investigator could not start', error)
  app.exit(1)
})
