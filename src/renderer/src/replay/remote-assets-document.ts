// Where the recorded site's remote assets may load. Desktop: the app's request filter decides. Browser mode:
// the workspace document's Content-Security-Policy decides, and a document's policy is fixed when it loads —
// so allowing one session's assets means reopening the workspace as `?remote-assets=<sessionId>`, a document
// the server serves with the relaxed policy, and leaving that session means going back to a strict document.
import { REMOTE_ASSETS_PARAM } from '../../../shared/api'

/** The session whose remote assets this document may load, or null (the strict default). */
export function remoteAssetsSession(): string | null {
  return new URLSearchParams(location.search).get(REMOTE_ASSETS_PARAM)
}

/** Browser mode switches by reloading; the desktop app (which has the preload bridge) cannot relax its filter. */
export const switchesByReload = (): boolean => !window.replayInvestigator

/** Reopens the workspace at the same route, with remote assets allowed for `sessionId` (or for nobody). */
export function reopenWithRemoteAssets(sessionId: string | null): void {
  const search = sessionId ? `?${REMOTE_ASSETS_PARAM}=${encodeURIComponent(sessionId)}` : ''
  location.replace(`${location.pathname}${search}${location.hash}`)
}
