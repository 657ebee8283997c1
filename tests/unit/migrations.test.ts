import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { currentSchemaVersion, migrate, MIGRATIONS, type Migration } from '../../src/main/core/store/migrations'
import { openDatabase } from '../../src/main/core/store/open-database'
import { tempDir } from '../helpers/test-core'
import { join } from 'node:path'

const dirs: { remove(): void }[] = []
function freshDbPath(): string {
  const dir = tempDir()
  dirs.push(dir)
  return join(dir.path, 'test.db')
}
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

const columns = (db: Database.Database, table: string) =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name)

describe('migrations', () => {
  it('versions are strictly increasing from 1 (numbers 7 and 8 are reserved for other branches)', () => {
    expect(MIGRATIONS[0]!.version).toBe(1)
    MIGRATIONS.slice(1).forEach((migration, index) =>
      expect(migration.version).toBeGreaterThan(MIGRATIONS[index]!.version)
    )
  })

  it('001 initial creates sessions, session_replay, session_pages and session_replay_saved', () => {
    const db = new Database(freshDbPath())
    migrate(db, MIGRATIONS.slice(0, 1))
    expect(currentSchemaVersion(db)).toBe(1)
    expect(columns(db, 'sessions')).toEqual(
      expect.arrayContaining([
        'id',
        'first_seen_at',
        'last_seen_at',
        'ip',
        'user_agent',
        'browser_name',
        'os_name',
        'device_type',
        'language',
        'timezone',
        'screen_width',
        'viewport_width',
        'mask_level',
        'config_json',
        'event_count',
        'batch_count',
        'bytes_raw',
        'bytes_stored'
      ])
    )
    expect(columns(db, 'session_replay')).toEqual([
      'session_id',
      'seq',
      'segment',
      'first_ts',
      'last_ts',
      'event_count',
      'raw_bytes',
      'received_at',
      'data'
    ])
    expect(columns(db, 'session_replay_saved')).toEqual(['session_id', 'name', 'note', 'saved_at'])
    expect(columns(db, 'session_pages')).toEqual(['session_id', 'segment', 'at', 'url'])
    db.close()
  })

  it('004 compaction flag: existing batches start uncompacted and are found through the partial index', () => {
    const db = new Database(freshDbPath())
    migrate(db, MIGRATIONS.slice(0, 3))
    db.exec(`
      INSERT INTO sessions (id, first_seen_at, last_seen_at, started_at, ended_at, user_agent, device_type, language,
        timezone, screen_width, screen_height, viewport_width, viewport_height, referrer, mask_level, config_json)
      VALUES ('m4-session', 1, 1, 1, 1, '', 'unknown', 'en', 'UTC', 1, 1, 1, 1, '', 'moderate', '{}');
      INSERT INTO session_replay (session_id, seq, segment, first_ts, last_ts, event_count, raw_bytes, received_at, data)
      VALUES ('m4-session', 0, 0, 1, 1, 1, 1, 1, x'1f8b');
    `)
    migrate(db, MIGRATIONS.slice(0, 4))
    expect(columns(db, 'session_replay')).toContain('compacted')
    expect(db.prepare('SELECT compacted FROM session_replay').get()).toEqual({ compacted: 0 })
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT seq FROM session_replay WHERE compacted = 0 ORDER BY received_at')
      .all() as { detail: string }[]
    expect(plan.map((step) => step.detail).join(' ')).toContain('session_replay_to_compact')
    db.close()
  })

  it('every migration applies on top of the previous one, and re-running is a no-op', () => {
    const path = freshDbPath()
    for (let n = 1; n <= MIGRATIONS.length; n++) {
      const db = new Database(path)
      const version = MIGRATIONS[n - 1]!.version
      expect(migrate(db, MIGRATIONS.slice(0, n))).toBe(version)
      expect(migrate(db, MIGRATIONS.slice(0, n))).toBe(version)
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      db.close()
    }
  })

  it('a failing migration leaves the previous version and schema intact', () => {
    const db = new Database(freshDbPath())
    migrate(db)
    const before = currentSchemaVersion(db)
    const broken: Migration = {
      version: before + 1,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x INTEGER)')
        throw new Error('boom')
      }
    }
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom')
    expect(currentSchemaVersion(db)).toBe(before)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined()
    db.close()
  })

  it('refuses a database made by a newer app', () => {
    const path = freshDbPath()
    const db = new Database(path)
    db.pragma('user_version = 999')
    db.close()
    expect(() => openDatabase(path)).toThrow(/newer than this app knows/)
  })

  it('opens in WAL mode with foreign keys on', () => {
    const db = openDatabase(freshDbPath())
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    db.close()
  })
})
