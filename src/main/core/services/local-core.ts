// The core without a server, for one command-line run: a store opened the way the command needs, the
// API's operations through the same argument checks as IPC and HTTP, and the operations that exist only
// on the command line (events export, reindex, doctor). The CLI's commands only parse and print.
import type { WorkspaceApi } from '../../../shared/api'
import type { AppInfo } from '../../../shared/types'
import type { ReindexProgress } from '../analysis/interaction-indexer'
import type { Disposable } from '../disposable'
import type { Logger } from '../log'
import { existsSync } from 'node:fs'
import { DatabaseFileError, mayWriteDatabase } from '../store/open-database'
import { Store } from '../store/store'
import { checkedApi, type CheckedApi } from './api-dispatch'
import { databaseReport, indexIsCurrent, searchIndexStatus, type DoctorReport, type IndexStatus } from './doctor'
import { exportSessionEvents, type TextSink } from './events-export'
import { reindexSessions, type ReindexScope } from './reindex'
import { createSearchIndexer } from './search-indexing'
import { createWorkspaceService } from './workspace-service'

/**
 * How a command opens the database:
 * - `read`: read-only, never migrated (sessions, events; works on a read-only file or folder);
 * - `report`: read-only and an older schema is fine (doctor);
 * - `search`: checked read-only first, then written only to index what the app stored but did not index
 *   yet, when the file may be written (a read-only file is searched as its index stands);
 * - `write`: migrated to the newest schema, as the app opens it (pin, delete, prune, reindex).
 */
export type OpenMode = 'read' | 'report' | 'search' | 'write'

export interface LocalCore extends Disposable {
  readonly store: Store
  readonly path: string
  /** The WorkspaceApi's operations, with its argument checks and error codes. */
  readonly call: CheckedApi
  exportEvents(sessionId: string, write: TextSink): Promise<number>
  reindex(scope: ReindexScope, onProgress?: (progress: ReindexProgress) => void): ReturnType<typeof reindexSessions>
  doctor(): DoctorReport
  /** How far the index is behind, when it is (null: every stored batch is searchable). */
  searchIndexLag(): IndexStatus | null
}

/** Opens the database at `path` for one command. Errors: DatabaseFileError for a file it will not use. */
export function openLocalCore(path: string, mode: OpenMode, logger: Logger): LocalCore {
  // Never a new empty database: a mistyped --db is an error, not a fresh file.
  if (!existsSync(path)) {
    throw new DatabaseFileError('missing', `no database at ${path} (record a session first, or pass --db PATH)`)
  }
  let store = Store.open(path, { readonly: mode !== 'write', acceptOlderSchema: mode === 'report' })
  if (mode === 'search' && mayWriteDatabase(path)) {
    // The read-only open showed the schema is current, so this open migrates nothing.
    store.close()
    store = Store.open(path)
  }
  const indexer = mode === 'search' && !store.readonly ? createSearchIndexer(store, logger) : null
  const appInfo = (): AppInfo => ({ version: '', receiverUrl: '', snippet: '', dbPath: path })
  // A search first indexes what another process stored and did not index (the app stopped before its drain).
  const api: WorkspaceApi = createWorkspaceService(store, appInfo, undefined, { prepare: () => indexer?.catchUp() })
  return {
    store,
    path,
    call: checkedApi(api),
    exportEvents: (sessionId, write) => exportSessionEvents(store, sessionId, write),
    reindex: (scope, onProgress) => reindexSessions(store, logger, scope, onProgress),
    doctor: () => databaseReport(store, path),
    searchIndexLag() {
      const status = searchIndexStatus(store)
      return indexIsCurrent(status) ? null : status
    },
    dispose: () => store.close()
  }
}
