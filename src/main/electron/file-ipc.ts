// The desktop shell's file bridge (shared/api.ts FileBridge): imports stream the dropped or chosen files from
// disk through the core's FileTransfer, with progress sent back to the window; export asks where to save.
// Only the workspace's own top frame may call (ipc-guard.ts), as for every API operation.
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import { IPC_FILES } from '../../shared/api'
import { ApiError, encodeIpcError } from '../../shared/api-errors'
import { fileSource } from '../core/files/file-source'
import { exportFileName } from '../core/files/session-export'
import type { FileTransfer } from '../core/services/file-transfer'
import { isTrustedSender, type SenderFrameLike } from './ipc-guard'

export interface FileIpcEvent {
  senderFrame: SenderFrameLike | null
  sender: { send(channel: string, ...args: unknown[]): void }
}

export interface FileIpcDeps {
  files: FileTransfer
  workspaceUrl: string
  /** Asks where to save (Electron's dialog.showSaveDialog); null when the person cancelled. */
  chooseSavePath(defaultName: string): Promise<string | null>
  handle(channel: string, handler: (event: FileIpcEvent, ...args: unknown[]) => unknown): void
}

export function registerFileIpc(deps: FileIpcDeps): void {
  const running = new Map<string, AbortController>()
  const guarded =
    (work: (event: FileIpcEvent, ...args: unknown[]) => Promise<unknown>) =>
    async (event: FileIpcEvent, ...args: unknown[]) => {
      try {
        if (!isTrustedSender(event.senderFrame, deps.workspaceUrl)) {
          throw new ApiError('forbidden', 'refused a file operation: untrusted sender')
        }
        return await work(event, ...args)
      } catch (error) {
        throw encodeIpcError(error)
      }
    }

  deps.handle(
    IPC_FILES.import,
    guarded(async (event, importId, paths, umamiChunks) => {
      const id = String(importId)
      const controller = new AbortController()
      running.set(id, controller)
      try {
        const names = Array.isArray(paths) ? paths.map(String) : []
        return await deps.files.importFile(names.map(fileSource), {
          umamiChunks: umamiChunks === true,
          signal: controller.signal,
          onProgress: (progress) => event.sender.send(IPC_FILES.progress, id, progress)
        })
      } finally {
        running.delete(id)
      }
    })
  )
  deps.handle(
    IPC_FILES.cancelImport,
    guarded(async (_event, importId) => {
      running.get(String(importId))?.abort()
    })
  )
  deps.handle(
    IPC_FILES.export,
    guarded(async (_event, ids) => {
      const checked = deps.files.checkExport(ids)
      const single = checked.length === 1
      const path = await deps.chooseSavePath(
        single ? exportFileName(checked[0]!) : `replay-sessions-${checked.length}.zip`
      )
      if (!path) return
      const output = createWriteStream(path)
      if (single) await deps.files.exportSession(checked[0]!, output)
      else await deps.files.exportSessions(checked, output)
      if (!output.writableFinished) await finished(output)
    })
  )
}
