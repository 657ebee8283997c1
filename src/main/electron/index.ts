// The Electron shell's entry: hands the real Electron objects to desktop-app.ts, where everything the shell
// does (hardening, window, IPC) is wired and tested.
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron'
import { startAppCore } from '../core/app-core'
import { stderrLogger } from '../core/log'
import { runDesktopApp } from './desktop-app'

runDesktopApp(
  {
    app,
    shell,
    defaultSession: () => session.defaultSession,
    ipcMain,
    showSaveDialog: async (defaultName) => {
      const result = await dialog.showSaveDialog({ defaultPath: defaultName })
      return result.canceled || !result.filePath ? null : result.filePath
    },
    createWindow: (options) => new BrowserWindow(options),
    windowCount: () => BrowserWindow.getAllWindows().length,
    platform: process.platform
  },
  { mainDir: __dirname, env: process.env, startCore: startAppCore }
).catch((error: unknown) => {
  stderrLogger.error('Replay Investigator could not start', error)
  app.exit(1)
})
