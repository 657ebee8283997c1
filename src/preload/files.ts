// The preload's file bridge: a dropped or chosen File's path (webUtils, preload only) goes to the main
// process, which streams the file from disk through the core's FileTransfer; progress comes back on a
// channel of its own, tagged with the import's id. Export asks the main process to save the sessions.
import { ipcRenderer, webUtils } from 'electron'
import { ImportCancelled, IPC_FILES, type FileBridge } from '../shared/api'
import { decodeIpcError } from '../shared/api-errors'
import type { ImportProgress } from '../shared/types'

let nextImport = 0

export const files: FileBridge = {
  importFiles(chosen, { umamiChunks, onProgress }) {
    const importId = `import-${++nextImport}`
    let cancelled = false
    const listener = (_event: unknown, id: string, progress: ImportProgress) => {
      if (id === importId) onProgress(progress)
    }
    ipcRenderer.on(IPC_FILES.progress, listener)
    const paths = chosen.map((file) => webUtils.getPathForFile(file))
    const done = (ipcRenderer.invoke(IPC_FILES.import, importId, paths, umamiChunks) as Promise<never>)
      .catch((error: unknown) => {
        throw cancelled ? new ImportCancelled() : decodeIpcError(error)
      })
      .finally(() => ipcRenderer.removeListener(IPC_FILES.progress, listener))
    return {
      done,
      cancel() {
        cancelled = true
        void ipcRenderer.invoke(IPC_FILES.cancelImport, importId)
      }
    }
  },
  exportSessions: (ids) =>
    (ipcRenderer.invoke(IPC_FILES.export, ids) as Promise<void>).catch((error: unknown) => {
      throw decodeIpcError(error)
    })
}
