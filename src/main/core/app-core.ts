import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { WorkspaceApi } from '../../shared/api'
import type { AppInfo } from '../../shared/types'
import { GroupCommitter } from './ingest/group-commit'
import { AuditIndexer } from './analysis/audit/audit-indexer'
import { startBackgroundAudit } from './analysis/audit/background-audit'
import { startBackgroundIndexing } from './analysis/background-indexing'
import { InteractionIndexer } from './analysis/interaction-indexer'
import { Ingestor, type BatchIndexer } from './ingest/ingest-batch'
import { closeServer, createAppServer, listen } from './receiver/app-server'
import { allowedHostsFor } from './receiver/host-check'
import { createAuditService } from './services/audit-service'
import { ChangeFeed } from './services/change-feed'
import { watchExternalChanges } from './services/external-changes'
import { startRetentionSchedule } from './services/retention-service'
import { ReplayCompactor, scheduleIdleCompaction } from './store/compactor'
import { createWorkspaceService } from './services/workspace-service'
import { logToStderr } from './log'
import { recorderSnippet, serverUrl } from './snippet'
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
}

export interface AppCore {
  store: Store
  feed: ChangeFeed
  api: WorkspaceApi
  server: Server
  port: number
  receiverUrl: string
  /** Browser mode only: the workspace URL carrying the launch token. */
  workspaceUrl: string | null
  appInfo(): AppInfo
  close(): Promise<void>
}

/** Opens the store and starts the HTTP server: the one core every front (Electron, browser mode, CLI) runs. */
export async function startAppCore(options: AppCoreOptions): Promise<AppCore> {
  const store = Store.open(options.dbPath, { nativeBinding: options.nativeBinding })
  const feed = new ChangeFeed()
  // Search and the privacy audit: both indexes are built after ingest unless the caller brings its own
  // indexers (then the audit runs only when asked, catching up from the store).
  const searchIndexer = options.indexers ? null : new InteractionIndexer(store.db)
  const auditor = new AuditIndexer(store.db)
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
    snippet: recorderSnippet(receiverUrl),
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
  const token = randomBytes(24).toString('base64url')
  const server = createAppServer({
    ingestor,
    committer: new GroupCommitter(store, ingestor),
    feed,
    recorderScriptPath: options.assets.recorderScript,
    trustProxy: options.trustProxy ?? false,
    allowedHosts: allowedHostsFor(options.host),
    workspace: options.browserMode ? { api, token, rendererDir: options.assets.rendererDir } : undefined
  })
  let port: number
  try {
    port = await listen(server, options.port, options.host)
  } catch (error) {
    store.close()
    throw error
  }
  receiverUrl = serverUrl(options.host, port)
  // Retention ("prune unpinned sessions older than N days"): now, then daily; off when the setting is null.
  const retention = startRetentionSchedule({ store, feed })
  const stopIndexing = searchIndexer ? startBackgroundIndexing(searchIndexer) : () => {}
  const stopAudit = backgroundAudit ? startBackgroundAudit(auditor) : () => auditor.stop()
  // The CLI (delete, prune, pin) and other processes write through their own connections.
  const externalChanges = watchExternalChanges(store, feed, { log: logToStderr })
  // Compaction waits for quiet: every stored batch is announced on the feed, which marks activity.
  let lastActivity = Date.now()
  const unsubscribeActivity = feed.subscribe(() => (lastActivity = Date.now()))
  const stopCompaction = scheduleIdleCompaction(new ReplayCompactor(store.db), () => lastActivity)
  return {
    store,
    feed,
    api,
    server,
    port,
    receiverUrl,
    workspaceUrl: options.browserMode ? `${receiverUrl}/#token=${token}` : null,
    appInfo,
    async close() {
      retention.stop()
      externalChanges.stop()
      stopIndexing()
      stopAudit()
      stopCompaction()
      unsubscribeActivity()
      await closeServer(server)
      store.close()
    }
  }
}
