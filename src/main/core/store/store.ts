import type Database from 'better-sqlite3'
import type {
  ClientMeta,
  PinInfo,
  RecordedEvent,
  SessionDetail,
  SessionOutline,
  SessionPage,
  SessionSummary,
  Settings
} from '../../../shared/types'
import { openDatabase, type OpenDatabaseOptions } from './open-database'
import { PinsTable } from './pins'
import { decodeSessionEvents, ReplayChunks } from './replay-chunks'
import { RetentionQueries } from './retention'
import { SessionRewrites, type RewrittenBatch, type RewrittenPage, type ScrubResult } from './session-rewrite'
import { SettingsTable } from './settings'
import { parseConfig, toSessionSummary, type SessionRow } from './session-rows'

/** Client facts derived at ingest (parsed user agent, socket IP). */
export interface ClientFacts {
  ip: string | null
  browserName: string | null
  browserVersion: string | null
  osName: string | null
  osVersion: string | null
  deviceType: string
}

/** Everything the ingest writes for one validated batch. */
export interface BatchRecord {
  sessionId: string
  seq: number
  segment: number
  receivedAt: number
  firstTs: number
  lastTs: number
  eventCount: number
  rawBytes: number
  data: Uint8Array
  meta: ClientMeta
  client: ClientFacts
  pages: { url: string; at: number }[]
}

export interface StoredBatchRow {
  seq: number
  segment: number
  first_ts: number
  last_ts: number
  event_count: number
  data: Buffer
}

// Pages as a JSON array, in the order they were seen; shared by the list and detail queries.
const SESSION_SELECT = `
  SELECT s.*,
    (SELECT json_group_array(url) FROM (SELECT url FROM session_pages p WHERE p.session_id = s.id ORDER BY segment, at)) AS urls_json,
    EXISTS (SELECT 1 FROM session_replay_saved v WHERE v.session_id = s.id) AS pinned,
    (SELECT finding_count FROM audit_state a WHERE a.session_id = s.id) AS finding_count
  FROM sessions s`

/**
 * Every read and write of recordings, as named, typed methods (the only place that knows SQL for them).
 * Statements are prepared once: the receiver calls recordBatch for every POST.
 */
export class Store {
  readonly db: Database.Database
  private runInTransaction: Database.Transaction<(work: () => unknown) => unknown> | null = null
  private readonly statements
  // Table families in their own modules (store/*.ts); Store stays the one typed facade over them.
  private readonly chunks: ReplayChunks
  private readonly pins: PinsTable
  private readonly retention: RetentionQueries
  private readonly settings: SettingsTable
  private readonly rewrites: SessionRewrites

  constructor(db: Database.Database) {
    this.db = db
    this.chunks = new ReplayChunks(db)
    this.pins = new PinsTable(db)
    this.retention = new RetentionQueries(db)
    this.settings = new SettingsTable(db)
    this.rewrites = new SessionRewrites(db)
    this.statements = {
      hasBatch: db.prepare<[string, number], { found: number }>(
        'SELECT 1 AS found FROM session_replay WHERE session_id = ? AND seq = ?'
      ),
      insertSession: db.prepare(`
        INSERT INTO sessions (id, first_seen_at, last_seen_at, started_at, ended_at, ip, user_agent,
          browser_name, browser_version, os_name, os_version, device_type, language, timezone,
          screen_width, screen_height, viewport_width, viewport_height, referrer, mask_level, config_json)
        VALUES (@id, @receivedAt, @receivedAt, @firstTs, @lastTs, @ip, @userAgent,
          @browserName, @browserVersion, @osName, @osVersion, @deviceType, @language, @timezone,
          @screenWidth, @screenHeight, @viewportWidth, @viewportHeight, @referrer, @maskLevel, @configJson)
        ON CONFLICT (id) DO NOTHING`),
      updateSessionTotals: db.prepare(`
        UPDATE sessions SET
          last_seen_at  = max(last_seen_at, @receivedAt),
          started_at    = min(started_at, @firstTs),
          ended_at      = max(ended_at, @lastTs),
          event_count   = event_count + @eventCount,
          batch_count   = batch_count + 1,
          segment_count = max(segment_count, @segment + 1),
          bytes_raw     = bytes_raw + @rawBytes,
          bytes_stored  = bytes_stored + @storedBytes
        WHERE id = @id`),
      insertBatch: db.prepare(`
        INSERT INTO session_replay (session_id, seq, segment, first_ts, last_ts, event_count, raw_bytes, received_at, data)
        VALUES (@sessionId, @seq, @segment, @firstTs, @lastTs, @eventCount, @rawBytes, @receivedAt, @data)`),
      insertPage: db.prepare('INSERT OR IGNORE INTO session_pages (session_id, segment, at, url) VALUES (?, ?, ?, ?)'),
      lastPageBefore: db.prepare<[string, number, number], { url: string }>(
        'SELECT url FROM session_pages WHERE session_id = ? AND segment = ? AND at <= ? ORDER BY at DESC LIMIT 1'
      ),
      listSessions: db.prepare<[], SessionRow>(`${SESSION_SELECT} ORDER BY s.started_at DESC, s.id`),
      getSession: db.prepare<[string], SessionRow>(`${SESSION_SELECT} WHERE s.id = ?`),
      getSessions: db.prepare<[string], SessionRow>(
        `${SESSION_SELECT} WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY s.started_at DESC, s.id`
      ),
      getPages: db.prepare<[string], SessionPage>(
        'SELECT url, segment, at FROM session_pages WHERE session_id = ? ORDER BY segment, at'
      ),
      getBatches: db.prepare<[string], StoredBatchRow>(
        'SELECT seq, segment, first_ts, last_ts, event_count, data FROM session_replay WHERE session_id = ? ORDER BY segment, first_ts, seq'
      ),
      countBatches: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM session_replay'),
      // What the list shows can only change with these: a new batch (last_seen_at, batch_count), the audit's
      // finding count, a pin.
      sessionSignatures: db
        .prepare<[], [id: string, signature: string]>(
          `SELECT s.id, s.last_seen_at || ' ' || s.batch_count || ' ' || coalesce(a.finding_count, '-') || ' ' ||
             coalesce(p.saved_at || ' ' || p.name || ' ' || p.note, '')
           FROM sessions s LEFT JOIN session_replay_saved p ON p.session_id = s.id
           LEFT JOIN audit_state a ON a.session_id = s.id`
        )
        .raw()
    }
  }

  static open(path: string, options?: OpenDatabaseOptions): Store {
    return new Store(openDatabase(path, options))
  }

  /** Runs `work` in one SQLite transaction (IMMEDIATE: it takes the write lock up front). */
  transaction<T>(work: () => T): T {
    // Created once: better-sqlite3's transaction() wraps a function, and the receiver calls this per batch.
    this.runInTransaction ??= this.db.transaction((next: () => unknown) => next())
    return this.runInTransaction.immediate(work) as T
  }

  hasBatch(sessionId: string, seq: number): boolean {
    return this.statements.hasBatch.get(sessionId, seq) !== undefined
  }

  /** Writes one batch: session row (created on its first batch), batch row, pages. Call inside transaction(). */
  recordBatch(batch: BatchRecord): void {
    const { meta, client } = batch
    this.statements.insertSession.run({
      id: batch.sessionId,
      receivedAt: batch.receivedAt,
      firstTs: batch.firstTs,
      lastTs: batch.lastTs,
      ip: client.ip,
      userAgent: meta.userAgent,
      browserName: client.browserName,
      browserVersion: client.browserVersion,
      osName: client.osName,
      osVersion: client.osVersion,
      deviceType: client.deviceType,
      language: meta.language,
      timezone: meta.timezone,
      screenWidth: meta.screen.width,
      screenHeight: meta.screen.height,
      viewportWidth: meta.viewport.width,
      viewportHeight: meta.viewport.height,
      referrer: meta.referrer,
      maskLevel: meta.config.maskLevel,
      configJson: JSON.stringify(meta.config)
    })
    this.statements.updateSessionTotals.run({
      id: batch.sessionId,
      receivedAt: batch.receivedAt,
      firstTs: batch.firstTs,
      lastTs: batch.lastTs,
      eventCount: batch.eventCount,
      segment: batch.segment,
      rawBytes: batch.rawBytes,
      storedBytes: batch.data.byteLength
    })
    this.statements.insertBatch.run({
      sessionId: batch.sessionId,
      seq: batch.seq,
      segment: batch.segment,
      firstTs: batch.firstTs,
      lastTs: batch.lastTs,
      eventCount: batch.eventCount,
      rawBytes: batch.rawBytes,
      receivedAt: batch.receivedAt,
      data: batch.data
    })
    for (const page of batch.pages) {
      // rrweb repeats the Meta event with every periodic full snapshot (every 30 s): that is the same page
      // still, not a visit. A page counts when its URL differs from the one before it in the page load.
      const previous = this.statements.lastPageBefore.get(batch.sessionId, batch.segment, page.at)
      if (previous?.url !== page.url) this.statements.insertPage.run(batch.sessionId, batch.segment, page.at, page.url)
    }
  }

  /** Newest first. */
  listSessions(): SessionSummary[] {
    return this.statements.listSessions.all().map(toSessionSummary)
  }

  /** The sessions among `ids` that exist, newest first (a live list updates only what changed). */
  getSessionSummaries(ids: readonly string[]): SessionSummary[] {
    return this.statements.getSessions.all(JSON.stringify(ids)).map(toSessionSummary)
  }

  getSession(id: string): SessionDetail | null {
    const row = this.statements.getSession.get(id)
    if (!row) return null
    return {
      ...toSessionSummary(row),
      pages: this.statements.getPages.all(id),
      config: parseConfig(row),
      pin: this.pins.get(id)
    }
  }

  /** The stored batches of a session, page load by page load, each in time order. */
  getBatches(sessionId: string): StoredBatchRow[] {
    return this.statements.getBatches.all(sessionId)
  }

  /**
   * All events of a session: segment by segment (page loads are sequential in a tab, and ordering by
   * segment keeps a wrong client clock from interleaving two page loads), by timestamp within a segment.
   * Array.prototype.sort is stable, so equal timestamps keep their recorded order.
   */
  getEvents(sessionId: string): RecordedEvent[] {
    return decodeSessionEvents(this.getBatches(sessionId))
  }

  /** Chunks for progressive loading (see store/replay-chunks.ts); null for an unknown session. */
  getSessionOutline(sessionId: string): SessionOutline | null {
    return this.chunks.outline(sessionId)
  }

  /** One chunk's events in time order; null when the session or the chunk does not exist. */
  getEventChunk(sessionId: string, index: number): RecordedEvent[] | null {
    return this.chunks.events(sessionId, index)
  }

  /** Chunks from..from+count-1 that exist, each in time order; null when the session or chunk `from` does not exist. */
  getEventChunks(sessionId: string, from: number, count: number): RecordedEvent[][] | null {
    const chunks: RecordedEvent[][] = []
    for (let index = from; index < from + count; index++) {
      const events = this.chunks.events(sessionId, index)
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
    return new Map(this.statements.sessionSignatures.all())
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

  getSettings(): Settings {
    return this.settings.get()
  }

  updateSettings(patch: Partial<Settings>): Settings {
    return this.settings.update(patch)
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
    return this.statements.countBatches.get()!.n
  }

  close(): void {
    this.db.close()
  }
}
