// Plain functions (no runtime electron import) so the hardening can be unit-tested under Node.
import type { BrowserWindowConstructorOptions } from 'electron'

/** Electron security checklist: isolated, sandboxed renderer with no Node, web security on; DevTools in development only. */
export function workspaceWindowOptions(
  preloadPath: string,
  { devTools }: { devTools: boolean }
): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Replay Investigator',
    backgroundColor: '#0f1115',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools
    }
  }
}

/** The window may only show the workspace itself: every other navigation is refused. */
export function isAllowedNavigation(targetUrl: string, workspaceUrl: string): boolean {
  try {
    const target = new URL(targetUrl)
    const workspace = new URL(workspaceUrl)
    if (target.protocol === 'file:') return workspace.protocol === 'file:' && target.pathname === workspace.pathname
    return target.origin === workspace.origin && target.pathname === workspace.pathname
  } catch {
    return false
  }
}
