// The preload: one typed function per API operation, each a single ipcRenderer.invoke. Nothing else
// is exposed (never ipcRenderer itself). A rejected call is rebuilt into the core's ApiError (with its code).
import { contextBridge, ipcRenderer } from 'electron'
import { API_OPERATIONS, IPC_CHANGES_CHANNEL, ipcChannel, type PreloadBridge, type WorkspaceApi } from '../shared/api'
import { decodeIpcError } from '../shared/api-errors'
import type { ChangeNotice } from '../shared/types'
import { files } from './files'

const api = Object.fromEntries(
  API_OPERATIONS.map((operation) => [
    operation,
    (...args: unknown[]) =>
      ipcRenderer.invoke(ipcChannel(operation), ...args).catch((error: unknown) => {
        throw decodeIpcError(error)
      })
  ])
) as unknown as WorkspaceApi

const bridge: PreloadBridge = {
  api,
  files,
  onChange(listener) {
    const wrapped = (_event: unknown, notice: ChangeNotice) => listener(notice)
    ipcRenderer.on(IPC_CHANGES_CHANNEL, wrapped)
    return () => ipcRenderer.removeListener(IPC_CHANGES_CHANNEL, wrapped)
  }
}

contextBridge.exposeInMainWorld('replayInvestigator', bridge)
