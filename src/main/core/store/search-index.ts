import type Database from 'better-sqlite3'

// Writes and bookkeeping reads of the interaction index (tables of migration 002). The indexer
// (analysis/interaction-indexer.ts) calls these inside the ingest transaction; reads for search live in
// search-queries.ts.

export const DeadState = { Alive: 0, Dead: 1, Undecided: 2 } as const

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

export interface SegmentProgress {
  last_seq: number
  snapshot_seq: number | null
  generation: number
}

export interface StoredBatchData {
  seq: number
  segment: number
  data: Buffer
}

export interface RecentClick {
  id: number
  ts: number
  x: number | null
  y: number | null
}

export class SearchIndexStore {
  private readonly statements

  constructor(readonly db: Database.Database) {
    this.statements = {
      getState: db.prepare<[string], { version: number }>(
        'SELECT version FROM search_index_state WHERE session_id = ?'
      ),
      setState: db.prepare<[string, number, number]>(
        `INSERT INTO search_index_state (session_id, version, indexed_at) VALUES (?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET version = excluded.version, indexed_at = excluded.indexed_at`
      ),
      getSegment: db.prepare<[string, number], SegmentProgress>(
        'SELECT last_seq, snapshot_seq, generation FROM search_segments WHERE session_id = ? AND segment = ?'
      ),
      putSegment: db.prepare<[string, number, number, number | null, number]>(
        `INSERT INTO search_segments (session_id, segment, last_seq, snapshot_seq, generation) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, segment) DO UPDATE SET
           last_seq = excluded.last_seq, snapshot_seq = excluded.snapshot_seq, generation = excluded.generation`
      ),
      countOtherBatches: db.prepare<[string, number], { n: number }>(
        'SELECT count(*) AS n FROM session_replay WHERE session_id = ? AND seq <> ?'
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
      markRage: db.prepare<[number]>('UPDATE search_events SET rage = 1 WHERE id = ?'),
      recentClicks: db.prepare<[string, number, number], RecentClick>(
        `SELECT id, ts, x, y FROM search_events
         WHERE session_id = ? AND segment = ? AND kind = 'click' AND ts >= ? ORDER BY ts`
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
      insertPath: db.prepare<[number, string, string]>('INSERT INTO search_paths (hash, path, label) VALUES (?, ?, ?)'),
      insertToken: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO search_path_tokens (token, path_id) VALUES (?, ?)'
      ),
      findText: db.prepare<[string], { id: number }>('SELECT id FROM search_texts WHERE text = ?'),
      insertText: db.prepare<[string]>('INSERT INTO search_texts (text) VALUES (?)'),
      insertTextSeen: db.prepare<[string, number, number, number]>(
        'INSERT OR IGNORE INTO search_text_seen (session_id, segment, text_id, ts) VALUES (?, ?, ?, ?)'
      ),
      clearEvents: db.prepare<[string]>('DELETE FROM search_events WHERE session_id = ?'),
      clearTexts: db.prepare<[string]>('DELETE FROM search_text_seen WHERE session_id = ?'),
      clearSegments: db.prepare<[string]>('DELETE FROM search_segments WHERE session_id = ?'),
      staleSessions: db.prepare<[number], { id: string }>(
        `SELECT s.id FROM sessions s LEFT JOIN search_index_state x ON x.session_id = s.id
         WHERE x.version IS NULL OR x.version < ? ORDER BY s.started_at DESC`
      ),
      allSessions: db.prepare<[], { id: string }>('SELECT id FROM sessions ORDER BY started_at DESC'),
      sessionExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM sessions WHERE id = ?'),
      countStale: db.prepare<[number], { n: number }>(
        `SELECT count(*) AS n FROM sessions s LEFT JOIN search_index_state x ON x.session_id = s.id
         WHERE x.version IS NULL OR x.version < ?`
      )
    }
  }

  indexVersion(sessionId: string): number | null {
    return this.statements.getState.get(sessionId)?.version ?? null
  }

  setIndexVersion(sessionId: string, version: number, at: number): void {
    this.statements.setState.run(sessionId, version, at)
  }

  segmentProgress(sessionId: string, segment: number): SegmentProgress | undefined {
    return this.statements.getSegment.get(sessionId, segment)
  }

  putSegmentProgress(sessionId: string, segment: number, progress: SegmentProgress): void {
    this.statements.putSegment.run(sessionId, segment, progress.last_seq, progress.snapshot_seq, progress.generation)
  }

  /** Whether the session has stored batches other than `seq` (the one being ingested). */
  hasOtherBatches(sessionId: string, seq: number): boolean {
    return this.statements.countOtherBatches.get(sessionId, seq)!.n > 0
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

  markRage(id: number): void {
    this.statements.markRage.run(id)
  }

  recentClicks(sessionId: string, segment: number, since: number): RecentClick[] {
    return this.statements.recentClicks.all(sessionId, segment, since)
  }

  /**
   * Decides the session's undecided clicks from a later batch: those with a reaction (mutation, input,
   * navigation) at `firstReaction` within `windowMs` after them are alive; those whose window ended before
   * `latest` (and had no reaction) are dead.
   */
  resolveUndecidedClicks(sessionId: string, firstReaction: number | null, latest: number, windowMs: number): void {
    if (firstReaction !== null) this.statements.resolveAlive.run(sessionId, firstReaction - windowMs, firstReaction)
    this.statements.resolveDead.run(sessionId, latest - windowMs)
  }

  /** The id of a distinct path, stored (with its tokens) on first sight. */
  pathId(hash: number, json: string, label: string, tokens: () => Iterable<string>): number {
    for (const row of this.statements.findPath.all(hash)) if (row.path === json) return row.id
    const id = Number(this.statements.insertPath.run(hash, json, label).lastInsertRowid)
    for (const token of tokens()) this.statements.insertToken.run(token, id)
    return id
  }

  textId(text: string): number {
    const found = this.statements.findText.get(text)
    if (found) return found.id
    return Number(this.statements.insertText.run(text).lastInsertRowid)
  }

  textSeen(sessionId: string, segment: number, textId: number, ts: number): void {
    this.statements.insertTextSeen.run(sessionId, segment, textId, ts)
  }

  /** Removes a session's index rows (not its state row), before rebuilding them. */
  clearSession(sessionId: string): void {
    this.statements.clearEvents.run(sessionId)
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

  /** Drops distinct paths and texts no session refers to any more (after deletes, prunes and reindexing). */
  dropOrphans(): { paths: number; texts: number } {
    const paths = this.db
      .prepare('DELETE FROM search_paths WHERE id NOT IN (SELECT path_id FROM search_events WHERE path_id IS NOT NULL)')
      .run().changes
    const texts = this.db
      .prepare('DELETE FROM search_texts WHERE id NOT IN (SELECT text_id FROM search_text_seen)')
      .run().changes
    return { paths, texts }
  }
}
