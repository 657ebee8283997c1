// The preload: one typed function per API operation, each a single ipcRenderer.invoke. Nothing else
// is exposed (never ipcRenderer itself).
import { contextBridge, ipcRenderer } from 'electron'
import { API_OPERATIONS, IPC_CHANGES_CHANNEL, ipcChannel, type PreloadBridge, type WorkspaceApi } from '../shared/api'
import type { ChangeNotice } from '../shared/types'

/** Electron prefixes IPC errors with "Error invoking remote method 'x': Error: "; keep the message. */
function unwrapIpcError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error)
  return new Error(message.replace(/^Error invoking remote method '[^']+': (Error: )?/, ''))
}

const api = Object.fromEntries(
  API_OPERATIONS.map((operation) => [
    operation,
    (...args: unknown[]) =>
      ipcRenderer.invoke(ipcChannel(operation), ...args).catch((error: unknown) => {
        throw unwrapIpcError(error)
      })
  ])
) as unknown as WorkspaceApi

const bridge: PreloadBridge = {
  api,
  onChange(listener) {
    const wrapped = (_event: unknown, notice: ChangeNotice) => listener(notice)
    ipcRenderer.on(IPC_CHANGES_CHANNEL, wrapped)
    return () => ipcRenderer.removeListener(IPC_CHANGES_CHANNEL, wrapped)
  }
}

contextBridge.exposeInMainWorld('replayInvestigator', bridge)
