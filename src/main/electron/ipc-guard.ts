// IPC handlers check who is calling before they look at what is asked (plain functions, unit-tested).
import type { WorkspaceApi } from '../../shared/api'
import { ApiError, encodeIpcError } from '../../shared/api-errors'
import { dispatchApiCall } from '../core/services/api-dispatch'
import { isAllowedNavigation } from './window-options'

/** The sender frame as Electron describes it: only its URL and whether it is the top frame matter here. */
export interface SenderFrameLike {
  url: string
  parent: unknown | null
}

/** Only the workspace's own top-level frame may call: never the replay iframe, never a navigated-away page. */
export function isTrustedSender(frame: SenderFrameLike | null | undefined, workspaceUrl: string): boolean {
  return !!frame && frame.parent === null && isAllowedNavigation(frame.url, workspaceUrl)
}

/**
 * The body of every `ipcMain.handle`: refuses untrusted senders, validates arguments, calls the core.
 * Electron passes only an error's message to the renderer, so errors leave encoded (`{code, message}`
 * inside the message, see shared/api-errors); the preload rebuilds them into ApiErrors.
 */
export async function handleIpcCall(
  api: WorkspaceApi,
  workspaceUrl: string,
  frame: SenderFrameLike | null | undefined,
  operation: string,
  args: unknown[]
): Promise<unknown> {
  try {
    if (!isTrustedSender(frame, workspaceUrl)) {
      throw new ApiError('forbidden', `refused ${operation}: untrusted sender`)
    }
    return await dispatchApiCall(api, operation, args)
  } catch (error) {
    throw encodeIpcError(error)
  }
}
