// Import and export of recording files for every front (the CLI, the browser mode's HTTP routes, the
// Electron shell's IPC): one set of argument checks, and the change notices an import owes the open lists.
import { z } from 'zod'
import { BadArgumentError } from '../../../shared/api-errors'
import type { ImportedSession } from '../../../shared/types'
import { importArchive, peekArchive } from '../files/archive-import'
import { importFile } from '../files/file-import'
import { ImportRefusedError, type ImportOptions, type ImportSource } from '../files/import-types'
import { exportSessionGzip, exportSessionsZip } from '../files/session-export'
import { removeLeftoverStagingFiles } from '../files/staging-file'
import type { Ingestor } from '../ingest/ingest-batch'
import type { Store } from '../store/store'
import { checkArgument, sessionIdSchema } from './api-dispatch'
import type { ChangeFeed } from './change-feed'
import { noSession } from './no-session'

/** Most files one import call takes (Umami chunks of one recording included), and sessions one export call. */
export const MAX_IMPORT_FILES = 1000
export const MAX_EXPORT_SESSIONS = 1000

/** A file's name as it reaches the app (a path on the CLI, a dropped file's name over HTTP). */
const fileNameSchema = z
  .string()
  .min(1, 'is empty')
  .max(1024, 'is longer than 1024 characters')
  .refine((name) => !/[\0\r\n]/.test(name), 'contains a control character')

/** The checks every front applies before importing. */
export function checkImportArguments(names: unknown, umamiChunks: unknown): { names: string[]; umamiChunks: boolean } {
  const checked = checkArgument(
    'import',
    'files',
    z.array(fileNameSchema).min(1, 'names no file').max(MAX_IMPORT_FILES, `names more than ${MAX_IMPORT_FILES} files`),
    names
  )
  const umami = checkArgument('import', 'umami', z.boolean(), umamiChunks)
  return { names: checked, umamiChunks: umami }
}

/** The checks every front applies before exporting. */
export function checkExportArguments(ids: unknown): string[] {
  return checkArgument(
    'export',
    'ids',
    z
      .array(sessionIdSchema)
      .min(1, 'names no session')
      .max(MAX_EXPORT_SESSIONS, `names more than ${MAX_EXPORT_SESSIONS} sessions`),
    ids
  )
}

export interface FileTransfer {
  /** Imports one file (or with `umamiChunks` one recording's chunks); nothing is written when it throws. */
  importFile(sources: ImportSource[], options?: ImportOptions): Promise<ImportedSession[]>
  /** The ids, checked: BadArgumentError or NotFoundError before anything is written. */
  checkExport(sessionIds: unknown): string[]
  /** One session as `<id>.replay.json.gz` into `output`; NotFoundError (nothing written) for an unknown id. */
  exportSession(sessionId: string, output: NodeJS.WritableStream): Promise<number>
  /** Several sessions as one zip of `.replay.json.gz` files; NotFoundError before anything is written. */
  exportSessions(sessionIds: string[], output: NodeJS.WritableStream): Promise<Map<string, number>>
}

export function createFileTransfer(deps: {
  store: Store
  ingestor: Ingestor
  stagingDir: string
  feed?: ChangeFeed
}): FileTransfer {
  const { store, feed } = deps
  // What a killed import left beside the database holds nothing the database refers to. (Another process's
  // import still running keeps its open file: on POSIX, removing a name does not close it.)
  removeLeftoverStagingFiles(deps.stagingDir)
  const requireSessions = (ids: string[]): void => {
    for (const id of ids) if (!store.hasSession(id)) throw noSession('export', id)
  }
  const announce = (sessionId: string) => feed?.publish({ kind: 'session-updated', sessionId })
  const checkExport = (sessionIds: unknown): string[] => {
    const ids = checkExportArguments(sessionIds)
    requireSessions(ids)
    return ids
  }
  return {
    checkExport,
    async importFile(sources, options = {}) {
      const { umamiChunks } = checkImportArguments(
        sources.map((source) => source.name),
        options.umamiChunks ?? false
      )
      if (!umamiChunks && sources.length !== 1) {
        throw new BadArgumentError('import: one file per import, unless they are the chunks of one Umami recording')
      }
      let imported: ImportedSession[]
      if (umamiChunks) imported = await importFile(deps, sources, { ...options, umamiChunks })
      else {
        // A zip archive (what "Export shown" saves) is imported file by file; anything else as one file.
        const { zip, source } = await peekArchive(sources[0]!)
        imported = zip
          ? await importArchive(deps, source, options).catch((error: unknown) => {
              if (error instanceof ImportRefusedError) for (const { sessionId } of error.imported) announce(sessionId)
              throw error
            })
          : await importFile(deps, [source], options)
      }
      for (const { sessionId } of imported) announce(sessionId)
      return imported
    },
    async exportSession(sessionId, output) {
      const [id] = checkExport([sessionId])
      return (await exportSessionGzip(store, id!, output)) ?? 0
    },
    async exportSessions(sessionIds, output) {
      return exportSessionsZip(store, checkExport(sessionIds), output)
    }
  }
}
