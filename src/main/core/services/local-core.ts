// The core without a server, for one command-line run: a store opened the way the command needs, the
// API's operations through the same argument checks as IPC and HTTP, and the operations that exist only
// on the command line (events export, reindex, doctor). The CLI's commands only parse and print.
import type { WorkspaceApi } from '../../../shared/api'
import type { AppInfo } from '../../../shared/types'
import type { ReindexProgress } from '../analysis/interaction-indexer'
import type { Disposable } from '../disposable'
import type { Logger } from '../log'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { Ingestor } from '../ingest/ingest-batch'
import { createFileTransfer, type FileTransfer } from './file-transfer'
import { DatabaseFileError, mayWriteDatabase } from '../store/open-database'
import { Store } from '../store/store'
import { checkedApi, type CheckedApi } from './api-dispatch'
import { databaseReport, indexIsCurrent, searchIndexStatus, type DoctorReport, type IndexStatus } from './doctor'
import { exportSessionEvents, type TextSink } from './events-export'
import { reindexSessions, type ReindexScope } from './reindex'
import { AuditIndexer } from '../analysis/audit/audit-indexer'
import { DEFAULT_RECEIVER_PORT } from '../../../shared/limits'
import { createAuditService, type AuditService } from './audit-service'
import { checkArgument, sessionIdSchema } from './api-dispatch'
import { noSession } from './no-session'
import { exportRedacted, type RedactionDeps } from './redaction-service'
import { createSearchIndexer } from './search-indexing'
import { createWorkspaceService, type PrivacyOperations } from './workspace-service'

/**
 * How a command opens the database:
 * - `read`: read-only, never migrated (sessions, events; works on a read-only file or folder);
 * - `report`: read-only and an older schema is fine (doctor);
 * - `search`: checked read-only first, then written only to index what the app stored but did not index
 *   yet, when the file may be written (a read-only file is searched as its index stands);
 * - `write`: migrated to the newest schema, as the app opens it (pin, delete, prune, reindex);
 * - `create`: as `write`, and a missing file is created (import into a new database).
 */
export type OpenMode = 'read' | 'report' | 'search' | 'write' | 'create'

export interface LocalCore extends Disposable {
  readonly store: Store
  readonly path: string
  /** The WorkspaceApi's operations, with its argument checks and error codes. */
  readonly call: CheckedApi
  exportEvents(sessionId: string, write: TextSink): Promise<number>
  reindex(scope: ReindexScope, onProgress?: (progress: ReindexProgress) => void): ReturnType<typeof reindexSessions>
  /** A redacted copy of a session written out as our JSON envelope (`redact -o FILE`). */
  exportRedacted(
    sessionId: string,
    maskAllText: boolean,
    write: (chunk: string) => void
  ): NonNullable<ReturnType<typeof exportRedacted>>
  /** Import and export of recording files (import needs a writable mode). */
  readonly files: FileTransfer
  /**
   * Indexes (search and privacy audit) what was stored and not indexed yet, e.g. right after an import;
   * `onProgress` hears each index's queued batches done and left.
   */
  catchUpIndexes(onProgress?: (index: 'search' | 'audit', done: number, left: number) => void): void
  doctor(): DoctorReport
  /** How far the index is behind, when it is (null: every stored batch is searchable). */
  searchIndexLag(): IndexStatus | null
}

const DEFAULT_RECEIVER_URL = `http://127.0.0.1:${DEFAULT_RECEIVER_PORT}`

const noSessionFor = (operation: string, id: string): never => {
  throw noSession(operation, id)
}

/** Opens the database at `path` for one command. Errors: DatabaseFileError for a file it will not use. */
export function openLocalCore(path: string, mode: OpenMode, logger: Logger): LocalCore {
  // Never a new empty database: a mistyped --db is an error, not a fresh file.
  if (!existsSync(path) && mode !== 'create') {
    throw new DatabaseFileError('missing', `no database at ${path} (record a session first, or pass --db PATH)`)
  }
  const writeMode = mode === 'write' || mode === 'create'
  let store = Store.open(path, { readonly: !writeMode, acceptOlderSchema: mode === 'report' })
  if (mode === 'search' && mayWriteDatabase(path)) {
    // The read-only open showed the schema is current, so this open migrates nothing.
    store.close()
    store = Store.open(path)
  }
  const writable = !store.readonly
  const indexer = writable ? createSearchIndexer(store, logger) : null
  // The audit's parts are built when first used: `doctor` on a file of an older schema has no audit tables.
  let auditor: AuditIndexer | null = null
  const auditorOf = (): AuditIndexer => {
    if (auditor) return auditor
    auditor = new AuditIndexer(store)
    auditor.autoDrain = false
    auditor.onError = (message) => logger.warn(`privacy audit: ${message}`)
    return auditor
  }
  // What another process stored and did not index or audit (the app stopped before its drain) is caught up
  // first, when the file may be written; a read-only file answers from the indexes as they stand.
  const auditPrepare = () => {
    if (writable) auditorOf().catchUp()
  }
  const appInfo = (): AppInfo => ({ version: '', receiverUrl: '', snippet: '', dbPath: path })
  const redaction = (): RedactionDeps => ({ store, auditor: auditorOf(), indexer })
  let audit: AuditService | null = null
  let files: FileTransfer | null = null
  const privacy: PrivacyOperations = {
    get audit() {
      // The suggested snippets point at the app's default port (the CLI does not know where the app listens).
      return (audit ??= createAuditService(auditorOf(), {
        receiverUrl: () => DEFAULT_RECEIVER_URL,
        prepare: auditPrepare
      }))
    },
    get redaction() {
      return redaction()
    }
  }
  const api: WorkspaceApi = createWorkspaceService(
    store,
    appInfo,
    undefined,
    {
      prepare: (query) => {
        if (mode === 'search') indexer?.catchUp()
        if (/\bpii\b/i.test(query)) auditPrepare()
      }
    },
    privacy
  )
  return {
    store,
    path,
    call: checkedApi(api),
    exportEvents: (sessionId, write) => exportSessionEvents(store, sessionId, write),
    reindex: (scope, onProgress) => reindexSessions(store, logger, scope, onProgress),
    exportRedacted: (sessionId, maskAllText, write) => {
      checkArgument('redact', 'id', sessionIdSchema, sessionId)
      return exportRedacted(redaction(), sessionId, { maskAllText }, write) ?? noSessionFor('redact', sessionId)
    },
    // Built when first used, like the audit's parts: `doctor` on an older schema must not prepare them.
    get files() {
      return (files ??= createFileTransfer({
        store,
        ingestor: new Ingestor(store, indexer ? [indexer, auditorOf()] : []),
        stagingDir: dirname(path)
      }))
    },
    catchUpIndexes(onProgress) {
      if (!writable) return
      indexer?.drain((done, left) => onProgress?.('search', done, left))
      indexer?.catchUp()
      auditorOf().drain((done, left) => onProgress?.('audit', done, left))
      auditorOf().catchUp()
    },
    doctor: () => databaseReport(store, path),
    searchIndexLag() {
      const status = searchIndexStatus(store)
      return indexIsCurrent(status) ? null : status
    },
    dispose: () => store.close()
  }
}
