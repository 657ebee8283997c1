// Electron's security checklist applied app-wide, through the few Electron objects it needs (typed
// structurally, so a test drives it with recording fakes): deny every permission, filter requests, guard
// every web contents the app ever creates (no webviews, no new windows, no navigation away), and set the CSP.
import { WORKSPACE_CSP } from '../core/receiver/workspace-csp'
import { isAllowedExternalUrl, isAllowedFrameNavigation, isAllowedRequest, type ShellPolicy } from './shell-policy'

/** An Electron event that can be refused, carrying the URL it is about (Electron ≥ 25 puts it on the event). */
export interface PreventableEvent {
  url: string
  isMainFrame?: boolean
  preventDefault(): void
}

export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: PreventableEvent) => void
  ): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

export interface SessionLike {
  setPermissionCheckHandler(handler: () => boolean): void
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, grant: (ok: boolean) => void) => void
  ): void
  webRequest: {
    onBeforeRequest(
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void
    ): void
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void
      ) => void
    ): void
  }
}

export interface HardenableElectron {
  app: { on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown }
  session: SessionLike
  shell: { openExternal(url: string): Promise<void> }
}

/** Refuses, on every web contents, what the workspace never does. */
function guardWebContents(contents: WebContentsLike, policy: ShellPolicy, shell: HardenableElectron['shell']): void {
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // Allow-listed documentation opens in the user's browser; nothing opens inside the app.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  const stayOnWorkspace = (event: PreventableEvent) => {
    if (!isAllowedFrameNavigation(event.url, event.isMainFrame ?? true, policy)) event.preventDefault()
  }
  contents.on('will-navigate', stayOnWorkspace)
  contents.on('will-frame-navigate', stayOnWorkspace)
  contents.on('will-redirect', stayOnWorkspace)
}

/** Call once, when the app is ready and before any window exists. */
export function hardenApp(electron: HardenableElectron, policy: ShellPolicy): void {
  const { session } = electron
  // No camera, microphone, notifications, clipboard-read, geolocation …: the workspace needs none.
  session.setPermissionCheckHandler(() => false)
  session.setPermissionRequestHandler((_contents, _permission, grant) => grant(false))
  // The built index.html carries the policy as a <meta> (file:// has no headers); this covers the dev server.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [WORKSPACE_CSP] } })
  })
  // Privacy: the workspace never talks to the network; file: only inside the renderer folder.
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url, policy) })
  )
  electron.app.on('web-contents-created', (_event, contents) => guardWebContents(contents, policy, electron.shell))
}
