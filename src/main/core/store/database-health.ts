import type Database from 'better-sqlite3'
import { currentSchemaVersion } from './migrations'

/** What `doctor` reports about a database file (all read-only). */
export interface DatabaseCounts {
  sessions: number
  batches: number
  events: number
  /** Bytes of recordings as stored (compressed), and as the recorders sent them decompressed. */
  bytesStored: number
  bytesRaw: number
  /** The database file's size by SQLite's count (pages × page size), without the write-ahead log. */
  fileBytes: number
}

/** A batch that analysis gave up on (table batch_failures, migration 006, when the file has it). */
export interface QuarantinedBatch {
  sessionId: string
  seq: number
  stage: string
  error: string
  failedAt: number
  attempts: number
}

/** Health queries: integrity, schema, counts, quarantined batches, how far the search index lags. */
export class DatabaseHealth {
  constructor(private readonly db: Database.Database) {}

  /** SQLite's integrity_check: ["ok"], or up to `maxErrors` descriptions of what is damaged. */
  integrityCheck(maxErrors = 100): string[] {
    const rows = this.db.pragma(`integrity_check(${Math.max(1, Math.floor(maxErrors))})`) as Record<string, unknown>[]
    return rows.map((row) => String(Object.values(row)[0]))
  }

  schemaVersion(): number {
    return currentSchemaVersion(this.db)
  }

  /** Whether the file has this table (a table a newer migration adds may not be there yet). */
  tableExists(name: string): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
  }

  counts(): DatabaseCounts {
    const sessions = this.db
      .prepare<[], { sessions: number; events: number; stored: number; raw: number }>(
        `SELECT count(*) AS sessions, coalesce(sum(event_count), 0) AS events,
           coalesce(sum(bytes_stored), 0) AS stored, coalesce(sum(bytes_raw), 0) AS raw FROM sessions`
      )
      .get()!
    const batches = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM session_replay').get()!.n
    const pages = this.db.pragma('page_count', { simple: true }) as number
    const pageSize = this.db.pragma('page_size', { simple: true }) as number
    return {
      sessions: sessions.sessions,
      batches,
      events: sessions.events,
      bytesStored: sessions.stored,
      bytesRaw: sessions.raw,
      fileBytes: pages * pageSize
    }
  }

  /** Batches analysis set aside; [] when the file predates the table. The first `limit`, newest first. */
  quarantinedBatches(limit = 20): { total: number; first: QuarantinedBatch[] } {
    if (!this.tableExists('batch_failures')) return { total: 0, first: [] }
    const total = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM batch_failures').get()!.n
    const first = this.db
      .prepare<[number], QuarantinedBatch>(
        `SELECT session_id AS sessionId, seq, stage, error, failed_at AS failedAt, attempts
         FROM batch_failures ORDER BY failed_at DESC LIMIT ?`
      )
      .all(limit)
    return { total, first }
  }

  /**
   * Stored batches of sessions indexed by `indexVersion` that the index does not cover: per page load, the
   * batches beyond what the index counted (sessions not indexed at that version are counted as stale).
   */
  unindexedBatches(indexVersion: number): number {
    return this.db
      .prepare<[number], { lag: number }>(
        `SELECT coalesce(sum(max(0, r.n - coalesce(g.batch_count, 0))), 0) AS lag
         FROM (SELECT session_id, segment, count(*) AS n FROM session_replay GROUP BY session_id, segment) r
         JOIN search_index_state x ON x.session_id = r.session_id AND x.version = ?
         LEFT JOIN search_segments g ON g.session_id = r.session_id AND g.segment = r.segment`
      )
      .get(indexVersion)!.lag
  }

  /** Index rows written but not yet in the full-text indexes (a search brings them in; read-only, it cannot). */
  fullTextBehind(): number {
    return this.db
      .prepare<[], { n: number }>(
        `SELECT (SELECT count(*) FROM search_text_batches
                  WHERE id > (SELECT last_id FROM search_fts_progress WHERE name = 'texts'))
              + (SELECT count(*) FROM search_paths
                  WHERE id > (SELECT last_id FROM search_fts_progress WHERE name = 'paths')) AS n`
      )
      .get()!.n
  }
}
