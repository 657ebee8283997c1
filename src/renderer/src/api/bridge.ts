// The workspace talks to the core only through this bridge: IPC in Electron (the preload put it on
// window), HTTP + the workspace cookie in browser mode. Nothing else in the renderer knows which.
import type { PreloadBridge } from '../../../shared/api'
import { createHttpBridge, startSession, UnauthorizedError } from './http-client'
import { readLaunchLink } from './launch-link'

declare global {
  interface Window {
    replayInvestigator?: PreloadBridge
  }
}

export type WorkspaceAccess = { granted: true } | { granted: false; message: string }

const NO_TOKEN =
  'This browser has not opened the workspace with its launch link yet. Open the URL that npm run serve printed ' +
  '(it ends in #token=…); after that, every workspace link works in any tab of this browser.'
const WRONG_TOKEN =
  "This link's token is not the running server's (the server prints a new one every time it starts). " +
  'Open the URL it printed most recently.'
const LOST_TOKEN =
  "The server no longer accepts this browser's token (it was probably restarted). Open the URL it printed most recently."

let bridge: PreloadBridge | null = null
const accessLost = new Set<(message: string) => void>()

/**
 * Electron: the preload's bridge. Browser mode: takes the launch token out of the address (keeping the route
 * after it) and trades it for the workspace cookie, or checks the cookie this browser already has.
 */
export async function connectWorkspace(): Promise<WorkspaceAccess> {
  if (window.replayInvestigator) {
    bridge = window.replayInvestigator
    return { granted: true }
  }
  const link = readLaunchLink(location.hash)
  // Out of the address at once: not in the history, a bookmark, or a link copied from this tab.
  if (link.token) history.replaceState(null, '', `${location.pathname}${location.search}${link.hash}`)
  try {
    await startSession(link.token)
  } catch (error) {
    if (error instanceof UnauthorizedError) return { granted: false, message: link.token ? WRONG_TOKEN : NO_TOKEN }
    return { granted: false, message: `The workspace server cannot be reached: ${(error as Error).message}` }
  }
  bridge = createHttpBridge({ onUnauthorized: () => accessLost.forEach((listener) => listener(LOST_TOKEN)) })
  return { granted: true }
}

/** Uses this bridge from now on (Node tests of the stores, which have no window). */
export function installBridge(next: PreloadBridge | null): void {
  bridge = next
}

export function getBridge(): PreloadBridge {
  if (!bridge) throw new Error('The workspace is not connected to its server.')
  return bridge
}

/** Told when a browser-mode call was refused for want of a valid token (the workspace stops showing data). */
export function onAccessLost(listener: (message: string) => void): () => void {
  accessLost.add(listener)
  return () => accessLost.delete(listener)
}
