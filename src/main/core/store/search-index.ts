import type Database from 'better-sqlite3'
import { CONSOLE_LEVELS, type NetworkFailure } from '../../../shared/devtools-events'
import type { RecordedEvent } from '../../../shared/types'
import { hash53 } from '../codec/hash53'
import { BatchFailuresTable } from './batch-failures'
import type { Transactions } from './transactions'
import { decodeStoredEvents } from './replay-codec'

// Writes and bookkeeping reads of the interaction index (tables of migration 002), for the indexer
// (analysis/interaction-indexer.ts); reads for search live in search-queries.ts.

export const DeadState = { Alive: 0, Dead: 1, Undecided: 2 } as const

/**
 * A condition on search_events `e` that selects the console rows, written as the partial index
 * search_events_console (migration 008) lists them: SQLite uses a partial index only when a query repeats
 * its condition. Rows are `console-<level>` (analysis/step-rows.ts consoleKind).
 */
export const CONSOLE_ROWS = `e.kind IN (${CONSOLE_LEVELS.map((level) => `'console-${level}'`).join(', ')})`

/**
 * A path token as an FTS word: tokens hold any characters (attribute values), FTS words are alphanumeric.
 * A collision only lets an extra path through the prefilter; css-select decides.
 */
export const tokenWord = (token: string): string => `k${hash53(token).toString(36)}`

export interface SearchEventRow {
  sessionId: string
  segment: number
  ts: number
  kind: string
  pathId: number | null
  text: string | null
  masked: boolean
  x: number | null
  y: number | null
  rage: boolean
  dead: number | null
}

/** A request or resource load (search_requests, migration 008): what `network:`, `status`, `slow` and `failed` read. */
export interface SearchRequestRow {
  sessionId: string
  segment: number
  /** When it started, client clock. */
  ts: number
  initiator: string
  method: string | null
  url: string
  status: number | null
  error: NetworkFailure | null
  duration: number | null
  failed: boolean
}

/** How far a page load (session segment) is indexed. */
export interface SegmentProgress {
  /** Newest batch indexed. */
  last_seq: number
  /** Batches indexed (with last_seq: tells a batch stored late, below last_seq, from one already indexed). */
  batch_count: number
  snapshot_seq: number | null
  generation: number
}

/** A page load with stored batches the index does not cover. */
export interface IndexGap {
  sessionId: string
  segment: number
  progress: SegmentProgress | undefined
}

export interface StoredBatchData {
  seq: number
  segment: number
  data: Buffer
}

function progressOf(row: Partial<SegmentProgress>): SegmentProgress | undefined {
  if (row.last_seq === null || row.last_seq === undefined) return undefined
  return {
    last_seq: row.last_seq,
    batch_count: row.batch_count!,
    snapshot_seq: row.snapshot_seq ?? null,
    generation: row.generation!
  }
}

export class SearchIndexStore {
  private readonly statements
  /** Batches the indexer quarantined (stage 'index'): skipped from then on. */
  readonly failures: BatchFailuresTable

  /** Built by Store.searchIndex, which passes the store's one Transactions. */
  constructor(
    db: Database.Database,
    private readonly transactions: Transactions
  ) {
    this.failures = new BatchFailuresTable(db)
    this.statements = {
      progress: db.prepare<[string, number, string], { version: number | null } & Partial<SegmentProgress>>(
        `SELECT (SELECT version FROM search_index_state WHERE session_id = ?) AS version, g.last_seq, g.batch_count,
           g.snapshot_seq, g.generation FROM (SELECT 1) LEFT JOIN search_segments g ON g.segment = ? AND g.session_id = ?`
      ),
      markStale: db.prepare<[string]>('UPDATE search_index_state SET version = 0 WHERE session_id = ?'),
      hasStoredBatch: db.prepare<[string, number], { found: number }>(
        'SELECT 1 AS found FROM session_replay WHERE session_id = ? AND seq = ?'
      ),
      firstStoredSeq: db.prepare<[string], { seq: number | null }>(
        'SELECT min(seq) AS seq FROM session_replay WHERE session_id = ?'
      ),
      segmentSeqs: db.prepare<[string, number], { seq: number }>(
        'SELECT seq FROM session_replay WHERE session_id = ? AND segment = ? ORDER BY seq'
      ),
      indexGaps: db.prepare<[number], { session_id: string; segment: number } & Partial<SegmentProgress>>(
        `SELECT r.session_id, r.segment, g.last_seq, g.batch_count, g.snapshot_seq, g.generation
         FROM session_replay r
         JOIN search_index_state x ON x.session_id = r.session_id AND x.version = ?
         LEFT JOIN search_segments g ON g.session_id = r.session_id AND g.segment = r.segment
         GROUP BY r.session_id, r.segment
         HAVING g.batch_count IS NULL OR count(*) <> g.batch_count
         ORDER BY r.session_id, r.segment`
      ),
      setState: db.prepare<[string, number, number]>(
        `INSERT INTO search_index_state (session_id, version, indexed_at) VALUES (?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET version = excluded.version, indexed_at = excluded.indexed_at`
      ),
      putSegment: db.prepare<[string, number, number, number, number | null, number]>(
        `INSERT INTO search_segments (session_id, segment, last_seq, batch_count, snapshot_seq, generation)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, segment) DO UPDATE SET last_seq = excluded.last_seq,
           batch_count = excluded.batch_count, snapshot_seq = excluded.snapshot_seq, generation = excluded.generation`
      ),
      segmentBatches: db.prepare<[string, number, number, number], StoredBatchData>(
        `SELECT seq, segment, data FROM session_replay
         WHERE session_id = ? AND segment = ? AND seq >= ? AND seq <= ? ORDER BY seq`
      ),
      sessionBatchKeys: db.prepare<[string], { seq: number; segment: number }>(
        'SELECT seq, segment FROM session_replay WHERE session_id = ? ORDER BY segment, seq'
      ),
      batchData: db.prepare<[string, number], { data: Buffer }>(
        'SELECT data FROM session_replay WHERE session_id = ? AND seq = ?'
      ),
      insertEvent: db.prepare(
        `INSERT INTO search_events (session_id, segment, ts, kind, path_id, text, masked, x, y, rage, dead)
         VALUES (@sessionId, @segment, @ts, @kind, @pathId, @text, @masked, @x, @y, @rage, @dead)`
      ),
      insertRequest: db.prepare(
        `INSERT INTO search_requests (session_id, segment, ts, initiator, method, url, status, error, duration, failed)
         VALUES (@sessionId, @segment, @ts, @initiator, @method, @url, @status, @error, @duration, @failed)`
      ),
      updateEvent: db.prepare<[string | null, number, number, number | null, number]>(
        'UPDATE search_events SET text = ?, masked = ?, rage = ?, dead = ? WHERE id = ?'
      ),
      findEvent: db.prepare<[string, number, number, string], { id: number }>(
        'SELECT id FROM search_events WHERE session_id = ? AND segment = ? AND ts = ? AND kind = ? ORDER BY id DESC LIMIT 1'
      ),
      resolveAlive: db.prepare<[string, number, number]>(
        `UPDATE search_events SET dead = ${DeadState.Alive}
         WHERE dead = ${DeadState.Undecided} AND session_id = ? AND ts >= ? AND ts <= ?`
      ),
      resolveDead: db.prepare<[string, number]>(
        `UPDATE search_events SET dead = ${DeadState.Dead}
         WHERE dead = ${DeadState.Undecided} AND session_id = ? AND ts < ?`
      ),
      findPath: db.prepare<[number], { id: number; path: string }>('SELECT id, path FROM search_paths WHERE hash = ?'),
      insertPath: db.prepare<[number, string, string, string]>(
        'INSERT INTO search_paths (hash, path, label, tokens) VALUES (?, ?, ?, ?)'
      ),
      insertTexts: db.prepare<[string, number, string, string]>(
        'INSERT INTO search_text_batches (session_id, segment, text, times) VALUES (?, ?, ?, ?)'
      ),
      syncFullText: {
        texts: db.prepare(
          `INSERT INTO search_text_fts (rowid, text) SELECT id, text FROM search_text_batches
           WHERE id > (SELECT last_id FROM search_fts_progress WHERE name = 'texts') ORDER BY id`
        ),
        paths: db.prepare(
          `INSERT INTO search_path_tokens (rowid, tokens) SELECT id, tokens FROM search_paths
           WHERE id > (SELECT last_id FROM search_fts_progress WHERE name = 'paths') ORDER BY id`
        ),
        progress: db.prepare(
          `UPDATE search_fts_progress SET last_id = max(last_id, coalesce(CASE name
             WHEN 'texts' THEN (SELECT max(id) FROM search_text_batches)
             ELSE (SELECT max(id) FROM search_paths) END, 0))`
        )
      },
      clearEvents: db.prepare<[string]>('DELETE FROM search_events WHERE session_id = ?'),
      clearRequests: db.prepare<[string]>('DELETE FROM search_requests WHERE session_id = ?'),
      clearTexts: db.prepare<[string]>('DELETE FROM search_text_batches WHERE session_id = ?'),
      clearSegments: db.prepare<[string]>('DELETE FROM search_segments WHERE session_id = ?'),
      staleSessions: db.prepare<[number], { id: string }>(
        `SELECT s.id FROM sessions s LEFT JOIN search_index_state x ON x.session_id = s.id
         WHERE x.version IS NULL OR x.version < ? ORDER BY s.started_at DESC`
      ),
      allSessions: db.prepare<[], { id: string }>('SELECT id FROM sessions ORDER BY started_at DESC'),
      dropOrphans: db.prepare(
        'DELETE FROM search_paths WHERE id NOT IN (SELECT path_id FROM search_events WHERE path_id IS NOT NULL)'
      ),
      sessionExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM sessions WHERE id = ?'),
      countStale: db.prepare<[number], { n: number }>(
        `SELECT count(*) AS n FROM sessions s LEFT JOIN search_index_state x ON x.session_id = s.id
         WHERE x.version IS NULL OR x.version < ?`
      )
    }
  }

  setIndexVersion(sessionId: string, version: number, at: number): void {
    this.statements.setState.run(sessionId, version, at)
  }

  /** The session's index version (null: never indexed) and how far its page load `segment` got, in one read. */
  indexProgress(sessionId: string, segment: number): { version: number | null; progress: SegmentProgress | undefined } {
    const row = this.statements.progress.get(sessionId, segment, sessionId)!
    return { version: row.version, progress: progressOf(row) }
  }

  /** Marks a session for reindexing (its index could not be brought up to date). */
  markStale(sessionId: string): void {
    this.statements.markStale.run(sessionId)
  }

  hasStoredBatch(sessionId: string, seq: number): boolean {
    return this.statements.hasStoredBatch.get(sessionId, seq) !== undefined
  }

  firstStoredSeq(sessionId: string): number | null {
    return this.statements.firstStoredSeq.get(sessionId)?.seq ?? null
  }

  /** The seqs of a page load's stored batches, in order. */
  segmentSeqs(sessionId: string, segment: number): number[] {
    return this.statements.segmentSeqs.all(sessionId, segment).map((row) => row.seq)
  }

  storedBatchCount(sessionId: string, segment: number): number {
    return this.segmentSeqs(sessionId, segment).length
  }

  /** The events of one stored batch. */
  storedEvents(sessionId: string, seq: number): RecordedEvent[] {
    const row = this.statements.batchData.get(sessionId, seq)
    return row ? decodeStoredEvents(row.data) : []
  }

  /** Page loads of sessions indexed by `version` whose stored batches the index does not all cover. */
  indexGaps(version: number): IndexGap[] {
    return this.statements.indexGaps
      .all(version)
      .map((row) => ({ sessionId: row.session_id, segment: row.segment, progress: progressOf(row) }))
  }

  putSegmentProgress(sessionId: string, segment: number, progress: SegmentProgress): void {
    const { last_seq, batch_count, snapshot_seq, generation } = progress
    this.statements.putSegment.run(sessionId, segment, last_seq, batch_count, snapshot_seq, generation)
  }

  /** A segment's stored batches with fromSeq <= seq <= toSeq, in seq order. */
  segmentBatches(sessionId: string, segment: number, fromSeq: number, toSeq: number): StoredBatchData[] {
    return this.statements.segmentBatches.all(sessionId, segment, fromSeq, toSeq)
  }

  /**
   * Every stored batch of a session, page load by page load, in seq order, read one at a time (a reindex
   * writes between reads, which an open better-sqlite3 iterator would not allow).
   */
  *sessionBatches(sessionId: string): Generator<StoredBatchData> {
    for (const { seq, segment } of this.statements.sessionBatchKeys.all(sessionId)) {
      const row = this.statements.batchData.get(sessionId, seq)
      if (row) yield { seq, segment, data: row.data }
    }
  }

  insertEvent(row: SearchEventRow): number {
    return Number(
      this.statements.insertEvent.run({ ...row, masked: row.masked ? 1 : 0, rage: row.rage ? 1 : 0 }).lastInsertRowid
    )
  }

  /** A request's row: final when written (a request is recorded once, when it settles). */
  insertRequest(row: SearchRequestRow): void {
    this.statements.insertRequest.run({ ...row, failed: row.failed ? 1 : 0 })
  }

  /** A row's fields that change while its step is open (a typing burst's value, rage and dead-click state). */
  updateEvent(id: number, row: Pick<SearchEventRow, 'text' | 'masked' | 'rage' | 'dead'>): void {
    this.statements.updateEvent.run(row.text, row.masked ? 1 : 0, row.rage ? 1 : 0, row.dead, id)
  }

  /** The row of a step (by page load, start time and kind), for an open step read again after a restart. */
  findEvent(sessionId: string, segment: number, ts: number, kind: string): number | null {
    return this.statements.findEvent.get(sessionId, segment, ts, kind)?.id ?? null
  }

  /**
   * Decides the session's undecided clicks at a reaction that ends every open window (a new page load at
   * `reaction`): clicks within `windowMs` before it are alive, earlier ones (their window ended with
   * nothing) dead. Within a page load the indexer decides clicks itself, as events arrive.
   */
  resolveUndecidedClicks(sessionId: string, reaction: number, windowMs: number): void {
    this.statements.resolveAlive.run(sessionId, reaction - windowMs, reaction)
    this.statements.resolveDead.run(sessionId, reaction - windowMs)
  }

  /** The id of a distinct path, stored (with its tokens) on first sight. */
  pathId(hash: number, json: string, label: string, tokens: () => Iterable<string>): number {
    for (const row of this.statements.findPath.all(hash)) if (row.path === json) return row.id
    const words = Array.from(tokens(), tokenWord).join(' ')
    return Number(this.statements.insertPath.run(hash, json, label, words).lastInsertRowid)
  }

  /** The visible texts a page load showed for the first time in one batch, each with its time. */
  textsSeen(sessionId: string, segment: number, texts: readonly (readonly [string, number])[]): void {
    if (texts.length === 0) return
    this.statements.insertTexts.run(
      sessionId,
      segment,
      texts.map(([text]) => text).join('\n'),
      JSON.stringify(texts.map(([, ts]) => ts))
    )
  }

  /** Removes a session's index rows (not its state row), before rebuilding them. */
  clearSession(sessionId: string): void {
    this.statements.clearEvents.run(sessionId)
    this.statements.clearRequests.run(sessionId)
    this.statements.clearTexts.run(sessionId)
    this.statements.clearSegments.run(sessionId)
  }

  /** Sessions not indexed, or indexed by an older version than `version`; newest first. */
  staleSessionIds(version: number): string[] {
    return this.statements.staleSessions.all(version).map((row) => row.id)
  }

  countStale(version: number): number {
    return this.statements.countStale.get(version)!.n
  }

  sessionExists(sessionId: string): boolean {
    return this.statements.sessionExists.get(sessionId) !== undefined
  }

  allSessionIds(): string[] {
    return this.statements.allSessions.all().map((row) => row.id)
  }

  /** Drops distinct paths no session refers to any more (after deletes, prunes and reindexing). */
  dropOrphans(): number {
    return this.statements.dropOrphans.run().changes
  }

  /**
   * Brings the two FTS indexes up to date with the rows written since the last call, in one transaction:
   * bulk inserts make few, large FTS segments, where one insert per ingested batch made many small ones
   * and merged them again and again. Returns how many rows were added.
   */
  syncFullText(): number {
    const sync = this.statements.syncFullText
    return this.transactions.immediate(() => {
      const texts = sync.texts.run().changes
      const paths = sync.paths.run().changes
      sync.progress.run()
      return texts + paths
    })
  }
}
