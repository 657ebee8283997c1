// A database file as an older app version left it: migrated only up to a schema version, holding one
// recording written with plain SQL against that schema (today's Store prepares statements for tables
// the old schema does not have yet).
import Database from 'better-sqlite3'
import { migrate, MIGRATIONS } from '../../src/main/core/store/migrations'
import type { IngestBatch } from '../../src/shared/types'
import { gzipBatch, syntheticBatches } from './synthetic'

export function databaseBeforeVersion(
  version: number,
  path: string,
  sessionId: string,
  options: { seed: number; events: number }
): { db: Database.Database; batch: IngestBatch } {
  const db = new Database(path)
  db.pragma('foreign_keys = ON')
  migrate(
    db,
    MIGRATIONS.filter((migration) => migration.version < version)
  )
  const [batch] = syntheticBatches({ ...options, sessionId, batchSize: options.events })
  const first = batch!.events[0]!.timestamp
  const last = batch!.events.at(-1)!.timestamp
  db.prepare(
    `INSERT INTO sessions (id, first_seen_at, last_seen_at, started_at, ended_at, user_agent, device_type, language,
      timezone, screen_width, screen_height, viewport_width, viewport_height, referrer, mask_level, config_json,
      event_count, batch_count, segment_count)
     VALUES (?, 1, 1, ?, ?, 'ua', 'desktop', 'en', 'UTC', 1, 1, 1, 1, '', 'moderate', ?, ?, 1, 1)`
  ).run(sessionId, first, last, JSON.stringify(batch!.meta.config), batch!.events.length)
  db.prepare(
    `INSERT INTO session_replay (session_id, seq, segment, first_ts, last_ts, event_count, raw_bytes, received_at, data)
     VALUES (?, 0, 0, ?, ?, ?, 0, 1, ?)`
  ).run(sessionId, first, last, batch!.events.length, gzipBatch(batch!))
  return { db, batch: batch! }
}
