// The workspace talks to the core only through this bridge: IPC in Electron (the preload put it on
// window), HTTP + token in browser mode. Nothing else in the renderer knows which.
import type { PreloadBridge } from '../../../shared/api'
import { createHttpBridge, takeTokenFromLocation } from './http-client'

declare global {
  interface Window {
    replayInvestigator?: PreloadBridge
  }
}

export class MissingTokenError extends Error {}

function createBridge(): PreloadBridge {
  if (window.replayInvestigator) return window.replayInvestigator
  const token = takeTokenFromLocation()
  if (!token)
    throw new MissingTokenError('Open the workspace with the URL printed by `npm run serve` (it carries the token).')
  return createHttpBridge(token)
}

let bridge: PreloadBridge | null = null
export function getBridge(): PreloadBridge {
  return (bridge ??= createBridge())
}
