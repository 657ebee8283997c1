import { randomBytes } from 'node:crypto'
import { dirname } from 'node:path'
import { createFileTransfer, type FileTransfer } from './services/file-transfer'
import type { Server } from 'node:http'
import type { WorkspaceApi } from '../../shared/api'
import type { AppInfo } from '../../shared/types'
import { AuditIndexer } from './analysis/audit/audit-indexer'
import { startBackgroundAudit } from './analysis/audit/background-audit'
import { startBackgroundIndexing } from './analysis/background-indexing'
import { DisposableStack, toDisposable } from './disposable'
import { GroupCommitter } from './ingest/group-commit'
import { Ingestor, type BatchIndexer } from './ingest/ingest-batch'
import { stderrLogger, type Logger } from './log'
import { closeServer, createAppServer, listen } from './receiver/app-server'
import { allowedHostsFor } from './receiver/host-check'
import { createAuditService } from './services/audit-service'
import { ChangeFeed } from './services/change-feed'
import { watchExternalChanges } from './services/external-changes'
import { startRetentionSchedule } from './services/retention-service'
import { createSearchIndexer } from './services/search-indexing'
import { createWorkspaceService } from './services/workspace-service'
import { recorderSnippet, serverUrl } from './snippet'
import { scheduleIdleCompaction } from './store/compactor'
import { Store } from './store/store'
import type { BuiltAssets } from './paths'

export interface AppCoreOptions {
  dbPath: string
  /** Electron-ABI better-sqlite3 addon (Electron shell only). */
  nativeBinding?: string
  port: number
  host: string
  trustProxy?: boolean
  assets: BuiltAssets
  version: string
  /** Browser mode: serve the renderer and the token API on the same port. */
  browserMode?: boolean
  indexers?: (store: Store) => BatchIndexer[]
  /** Where every part of the core reports (default: stderr). */
  logger?: Logger
}

export interface AppCore {
  store: Store
  feed: ChangeFeed
  api: WorkspaceApi
  /** Import and export of recording files (the Electron shell's IPC and browser mode's routes use it). */
  files: FileTransfer
  server: Server
  port: number
  receiverUrl: string
  /** Browser mode only: the workspace URL carrying the launch token. */
  workspaceUrl: string | null
  logger: Logger
  appInfo(): AppInfo
  /** The ingest key batches must carry now (Settings and the API can rotate it). */
  ingestKey(): string
  /** Stops everything the core started, in reverse order, and closes the store. */
  close(): Promise<void>
}

/** Opens the store and starts the HTTP server: the one core every front (Electron, browser mode, CLI) runs. */
export async function startAppCore(options: AppCoreOptions): Promise<AppCore> {
  const logger = options.logger ?? stderrLogger
  // Everything started below is added here and disposed in reverse order by close(); the store first in, last out.
  const running = new DisposableStack()
  const store = Store.open(options.dbPath, { nativeBinding: options.nativeBinding })
  running.add(toDisposable(() => store.close()))
  const ingestKey = (): string => store.getSettings().ingestKey ?? store.ensureIngestKey()
  try {
    ingestKey()
    const feed = new ChangeFeed(logger)
    // Search and the privacy audit: both indexes are built after ingest unless the caller brings its own
    // indexers (then the audit runs only when asked, catching up from the store).
    const searchIndexer = options.indexers ? null : createSearchIndexer(store, logger)
    const auditor = new AuditIndexer(store)
    const backgroundAudit = !options.indexers
    if (!backgroundAudit) auditor.autoDrain = false
    // A session's finding count shows in the session list: it changed, so the list fetches it again.
    auditor.onAudited = (sessionId) => feed.publish({ kind: 'session-updated', sessionId })
    const ingestor = new Ingestor(
      store,
      options.indexers?.(store) ?? [...(searchIndexer ? [searchIndexer] : []), auditor]
    )
    let receiverUrl = ''
    const appInfo = (): AppInfo => ({
      version: options.version,
      receiverUrl,
      snippet: recorderSnippet(receiverUrl, ingestKey()),
      dbPath: options.dbPath
    })
    const auditPrepare = () => (backgroundAudit ? auditor.drain() : auditor.catchUp())
    const api = createWorkspaceService(
      store,
      appInfo,
      feed,
      {
        prepare: (query) => {
          searchIndexer?.drain()
          // Only `pii` terms read the audit's findings.
          if (/\bpii\b/i.test(query)) auditPrepare()
        }
      },
      {
        audit: createAuditService(auditor, { receiverUrl: () => receiverUrl, prepare: auditPrepare }),
        redaction: { store, auditor, indexer: searchIndexer }
      }
    )
    // What the list shows of a session (its error and rage counts) changes once its batches are indexed.
    if (searchIndexer) {
      searchIndexer.onIndexed = (sessionIds) => {
        for (const sessionId of sessionIds) feed.publish({ kind: 'session-updated', sessionId })
      }
    }
    // Files: imports stage beside the database (file-transfer removes what a killed import left there).
    const files = createFileTransfer({ store, ingestor, stagingDir: dirname(options.dbPath), feed })
    const token = randomBytes(24).toString('base64url')
    const server = createAppServer({
      ingestor,
      committer: new GroupCommitter(store, ingestor),
      feed,
      recorderScriptPath: options.assets.recorderScript,
      trustProxy: options.trustProxy ?? false,
      // Read per batch: a rotation or a new allow-list (this app, the CLI, a second app) applies at once.
      ingestAccess: () => {
        const settings = store.getSettings()
        return { ingestKey: settings.ingestKey ?? store.ensureIngestKey(), allowedOrigins: settings.allowedOrigins }
      },
      allowedHosts: allowedHostsFor(options.host),
      logger,
      workspace: options.browserMode ? { api, files, token, rendererDir: options.assets.rendererDir } : undefined
    })
    const port = await listen(server, options.port, options.host)
    running.add(toDisposable(() => closeServer(server)))
    receiverUrl = serverUrl(options.host, port)
    // Retention ("prune unpinned sessions older than N days"): now, then daily; off when the setting is null.
    running.add(startRetentionSchedule({ store, feed, logger }))
    if (searchIndexer) {
      running.add(toDisposable(startBackgroundIndexing(searchIndexer, (message) => logger.warn(message))))
    }
    running.add(toDisposable(backgroundAudit ? startBackgroundAudit(auditor) : () => auditor.stop()))
    // The CLI (delete, prune, pin) and other processes write through their own connections.
    running.add(watchExternalChanges(store, feed, logger))
    // Compaction waits for quiet: every stored batch is announced on the feed, which marks activity.
    let lastActivity = Date.now()
    running.add(feed.subscribe(() => (lastActivity = Date.now())))
    running.add(scheduleIdleCompaction(store.compactor, () => lastActivity, logger))
    return {
      store,
      feed,
      api,
      files,
      server,
      port,
      receiverUrl,
      workspaceUrl: options.browserMode ? `${receiverUrl}/#token=${token}` : null,
      logger,
      appInfo,
      ingestKey,
      close: () => running.dispose()
    }
  } catch (error) {
    await running.dispose()
    throw error
  }
}
