import type Database from 'better-sqlite3'
import type {
  BatchFailure,
  BatchFailureStage,
  ImportedFrom,
  PinInfo,
  RecordedEvent,
  SessionDetail,
  SessionOutline,
  SessionSummary,
  Settings,
  SettingsPatch
} from '../../../shared/types'
import { BatchWrites, type BatchRecord } from './batch-writes'
import { ReplayCompactor } from './compactor'
import { DatabaseHealth } from './database-health'
import { BatchFailuresTable } from './batch-failures'
import { openDatabase, type OpenDatabaseOptions } from './open-database'
import { PinsTable } from './pins'
import { decodeSessionEvents, ReplayChunks } from './replay-chunks'
import { StoredBatchError } from './replay-codec'
import { RetentionQueries } from './retention'
import { AuditIndexStore } from './audit-index'
import { SearchIndexStore } from './search-index'
import { SearchQueries } from './search-queries'
import { parseConfig, toSessionSummary } from './session-rows'
import { SessionReads, type StoredBatchRow } from './session-reads'
import { SessionRewrites, type RewrittenBatch, type RewrittenPage, type ScrubResult } from './session-rewrite'
import { SettingsTable } from './settings'
import { Transactions } from './transactions'

export type { BatchRecord, ClientFacts } from './batch-writes'
export type { StoredBatchRow } from './session-reads'

/**
 * The database, as named, typed methods: nothing outside src/main/core/store/ writes SQL or touches the
 * connection. Table families live in their own modules (store/*.ts); Store composes them, opens every
 * transaction (through one Transactions) and hands out the typed parts other layers need (the search
 * index for the indexer, the search queries, the compactor, the health queries for `doctor`).
 */
export class Store {
  /**
   * The connection. Only for the search indexer until it takes a Store (see app-core's createSearchIndexer)
   * and for tests that look at rows directly; ESLint refuses `store.db` elsewhere in src/.
   */
  readonly db: Database.Database
  readonly readonly: boolean
  private readonly transactions: Transactions
  // Table families are built on first use: a read-only `sessions` prepares none of the index statements,
  // and `doctor` on a file of an older schema prepares nothing for tables it does not have.
  private readonly parts = new Map<string, unknown>()

  constructor(db: Database.Database) {
    this.db = db
    this.readonly = db.readonly
    this.transactions = new Transactions(db)
  }

  private part<T>(name: string, build: () => T): T {
    let value = this.parts.get(name) as T | undefined
    if (value === undefined) this.parts.set(name, (value = build()))
    return value
  }

  private get writes(): BatchWrites {
    return this.part('writes', () => new BatchWrites(this.db))
  }

  private get reads(): SessionReads {
    return this.part('reads', () => new SessionReads(this.db))
  }

  private get chunks(): ReplayChunks {
    return this.part('chunks', () => new ReplayChunks(this.db))
  }

  private get rewrites(): SessionRewrites {
    return this.part('rewrites', () => new SessionRewrites(this.db))
  }

  private get failures(): BatchFailuresTable {
    return this.part('failures', () => new BatchFailuresTable(this.db))
  }

  private get pins(): PinsTable {
    return this.part('pins', () => new PinsTable(this.db))
  }

  private get retention(): RetentionQueries {
    return this.part('retention', () => new RetentionQueries(this.db, this.transactions))
  }

  private get settings(): SettingsTable {
    return this.part('settings', () => new SettingsTable(this.db, this.transactions))
  }

  /** Opens (and migrates) the file, or with `readonly` opens it read-only at the newest schema (see open-database). */
  static open(path: string, options?: OpenDatabaseOptions): Store {
    return new Store(openDatabase(path, options))
  }

  /** Runs `work` in one SQLite transaction (IMMEDIATE: it takes the write lock up front); nested, a savepoint. */
  transaction<T>(work: () => T): T {
    return this.transactions.immediate(work)
  }

  /** Runs `work` in a savepoint of the current transaction: a throw rolls back only `work`'s writes. */
  savepoint<T>(work: () => T): T {
    return this.transactions.savepoint(work)
  }

  get inTransaction(): boolean {
    return this.transactions.active
  }

  get isOpen(): boolean {
    return this.db.open
  }

  /** The interaction index's writes and bookkeeping (for the indexer). */
  get searchIndex(): SearchIndexStore {
    return this.part('searchIndex', () => new SearchIndexStore(this.db, this.transactions))
  }

  /** The privacy audit's findings and bookkeeping (for the auditor, the audit service and `pii` search). */
  get auditIndex(): AuditIndexStore {
    return this.part('auditIndex', () => new AuditIndexStore(this.db, this.transactions))
  }

  /** The interaction index's reads, one per search term (for the search service). */
  get searchQueries(): SearchQueries {
    return this.part('searchQueries', () => new SearchQueries(this.db))
  }

  /** Re-encodes stored batches when the receiver is idle (see compactor.ts). */
  get compactor(): ReplayCompactor {
    return this.part('compactor', () => new ReplayCompactor(this))
  }

  /** Integrity, counts and lags, for `doctor`. */
  get health(): DatabaseHealth {
    return this.part('health', () => new DatabaseHealth(this.db))
  }

  hasBatch(sessionId: string, seq: number): boolean {
    return this.writes.hasBatch(sessionId, seq)
  }

  /** Writes one batch: session row (created on its first batch), batch row, pages. Call inside transaction(). */
  recordBatch(batch: BatchRecord): void {
    this.writes.recordBatch(batch)
  }

  /** Marks a session as imported (see BatchWrites.markImported). Call inside transaction(). */
  markImported(
    sessionId: string,
    from: ImportedFrom,
    seen: { firstSeenAt: number; lastSeenAt: number } | null = null
  ): void {
    this.writes.markImported(sessionId, from, seen)
  }

  hasSession(id: string): boolean {
    return this.reads.hasSession(id)
  }

  /** Newest first. */
  listSessions(): SessionSummary[] {
    return this.reads.listSessions()
  }

  /** The sessions among `ids` that exist, newest first (a live list updates only what changed). */
  getSessionSummaries(ids: readonly string[]): SessionSummary[] {
    return this.reads.summaries(ids)
  }

  getSession(id: string): SessionDetail | null {
    const row = this.reads.sessionRow(id)
    if (!row) return null
    return {
      ...toSessionSummary(row),
      pages: this.reads.pages(id),
      config: parseConfig(row),
      pin: this.pins.get(id),
      quarantined: this.failures.list(id).map(({ sessionId: _sessionId, ...failure }) => failure)
    }
  }

  /** The stored batches of a session, page load by page load, each in time order. */
  getBatches(sessionId: string): StoredBatchRow[] {
    return this.reads.batches(sessionId)
  }

  /**
   * All events of a session, in memory at once (tests, benches): segment by segment (page loads are
   * sequential in a tab, and ordering by segment keeps a wrong client clock from interleaving two page
   * loads), by timestamp within a segment, stably. What leaves the core goes chunk by chunk instead.
   */
  getEvents(sessionId: string): RecordedEvent[] {
    return decodeSessionEvents(sessionId, this.getBatches(sessionId))
  }

  /** Chunks for progressive loading (see store/replay-chunks.ts); null for an unknown session. */
  getSessionOutline(sessionId: string): SessionOutline | null {
    return this.chunks.outline(sessionId)
  }

  /** One chunk's events in time order; null when the session or the chunk does not exist. */
  getEventChunk(sessionId: string, index: number): RecordedEvent[] | null {
    return this.chunks.events(sessionId, index)
  }

  /** Every chunk's events in playback order, one chunk at a time (see ReplayChunks.allChunks); null for an unknown session. */
  eventChunksInOrder(sessionId: string): Iterable<RecordedEvent[]> | null {
    return this.chunks.allChunks(sessionId)
  }

  /**
   * Chunks from..from+count-1 that exist, each in time order; null when the session or chunk `from` does not
   * exist. A chunk that cannot be read ends the run before it, so the chunks up to it still load; asked for
   * first, it throws StoredBatchError (only that chunk fails, with a message naming its batch).
   */
  getEventChunks(sessionId: string, from: number, count: number): RecordedEvent[][] | null {
    const chunks: RecordedEvent[][] = []
    for (let index = from; index < from + count; index++) {
      let events: RecordedEvent[] | null
      try {
        events = this.chunks.events(sessionId, index)
      } catch (error) {
        if (error instanceof StoredBatchError && chunks.length > 0) break
        throw error
      }
      if (!events) break
      chunks.push(events)
    }
    return chunks.length ? chunks : null
  }

  /** Pins (or edits the pin of) a session; null when the session does not exist. */
  pinSession(sessionId: string, name: string, note: string, now = Date.now()): PinInfo | null {
    return this.transaction(() => this.pins.pin(sessionId, name, note, now))
  }

  /** true when the session was pinned. */
  unpinSession(sessionId: string): boolean {
    return this.pins.unpin(sessionId)
  }

  getPin(sessionId: string): PinInfo | null {
    return this.pins.get(sessionId)
  }

  /**
   * SQLite's data_version: changes when another connection (the CLI, a second app) commits to the
   * database file; this connection's own commits leave it alone.
   */
  dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number
  }

  /** Per session, a string that changes whenever what the session list shows of it changes. */
  sessionSignatures(): Map<string, string> {
    return this.reads.sessionSignatures()
  }

  /** Whether the session was deleted or pruned (its id is remembered; see migration 5). */
  wasDeleted(sessionId: string): boolean {
    return this.retention.wasDeleted(sessionId)
  }

  /** Removes a session and all its rows in one transaction; true when it existed. */
  deleteSession(sessionId: string): boolean {
    return this.retention.deleteSession(sessionId)
  }

  /** Deletes unpinned sessions whose last batch arrived before `cutoff` (epoch ms); returns their ids. */
  pruneSessionsBefore(cutoff: number): string[] {
    return this.retention.pruneBefore(cutoff)
  }

  /**
   * Records one more failure of `stage` ('compact': idle compaction; 'index': analysis) on a stored batch,
   * so that work skips it after a few attempts instead of retrying forever. Returns the attempts so far
   * (0 when the session no longer exists: nothing is recorded).
   */
  recordBatchFailure(sessionId: string, seq: number, stage: BatchFailureStage, message: string): number {
    return this.failures.record(sessionId, seq, stage, message)
  }

  /** The batch's `stage` work succeeded after all: it is no longer flagged. */
  clearBatchFailure(sessionId: string, seq: number, stage: BatchFailureStage): void {
    this.failures.clear(sessionId, seq, stage)
  }

  /** Failed (quarantined) batches of one session, or of all sessions, by session and seq. */
  batchFailures(sessionId?: string): BatchFailure[] {
    return this.failures.list(sessionId)
  }

  getSettings(): Settings {
    return this.settings.get()
  }

  updateSettings(patch: SettingsPatch): Settings {
    return this.settings.update(patch)
  }

  /** The ingest key, generated on first use (the receiver calls this when it starts). */
  ensureIngestKey(): string {
    return this.settings.ensureIngestKey()
  }

  /** A new random ingest key; returns the settings now in force. */
  rotateIngestKey(): Settings {
    return this.settings.rotateIngestKey()
  }

  /** Replaces a session's stored batches, pages and referrer by redacted ones. Call inside transaction(). */
  rewriteSession(sessionId: string, batches: RewrittenBatch[], pages: RewrittenPage[], referrer: string): void {
    this.rewrites.replace(sessionId, batches, pages, referrer)
  }

  /** Stores a redacted copy of a session under `copyId`. Call inside transaction(). */
  copySession(
    sessionId: string,
    copyId: string,
    batches: RewrittenBatch[],
    pages: RewrittenPage[],
    referrer: string
  ): void {
    this.rewrites.copy(sessionId, copyId, batches, pages, referrer)
  }

  /** Runs `work` (a transaction) with SQLite's secure_delete on: deleted and overwritten content is zeroed. */
  withSecureDelete<T>(work: () => T): T {
    return this.rewrites.withSecureDelete(work)
  }

  /** After an in-place redaction: no byte of old content left in free pages or the WAL (see session-rewrite). */
  scrubFile(): ScrubResult {
    return this.rewrites.scrubFile()
  }

  countBatches(): number {
    return this.reads.countBatches()
  }

  close(): void {
    this.db.close()
  }
}
