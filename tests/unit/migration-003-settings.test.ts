// Migration 3 (settings-and-retention) on a database that already holds recordings.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { currentSchemaVersion, migrate } from '../../src/main/core/store/migrations'
import { Store } from '../../src/main/core/store/store'
import { databaseBeforeVersion } from '../helpers/old-database'
import { tempDir } from '../helpers/test-core'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe('migration 3: settings and retention', () => {
  it('adds the settings table and the last_seen_at index, keeps existing sessions, defaults to keep-everything', () => {
    const dir = tempDir()
    dirs.push(dir)
    const path = join(dir.path, 'old.db')
    const { db, batch } = databaseBeforeVersion(3, path, 'before-migration-3', { seed: 1, events: 120 })
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'settings'").get()).toBeUndefined()

    migrate(db)
    expect(currentSchemaVersion(db)).toBeGreaterThanOrEqual(3)
    const columns = (db.prepare('PRAGMA table_info(settings)').all() as { name: string; pk: number }[]).map(
      (column) => [column.name, column.pk]
    )
    expect(columns).toEqual([
      ['key', 1],
      ['value', 0]
    ])
    const indexed = db.prepare('PRAGMA index_info(sessions_by_last_seen)').all() as { name: string }[]
    expect(indexed.map((column) => column.name)).toEqual(['last_seen_at'])
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE last_seen_at < 5').all() as {
      detail: string
    }[]
    expect(plan.map((step) => step.detail).join(' ')).toContain('sessions_by_last_seen')

    const store = new Store(db)
    expect(store.listSessions().map((session) => session.id)).toEqual(['before-migration-3'])
    expect(store.getEvents('before-migration-3')).toEqual(batch.events)
    expect(store.getSessionOutline('before-migration-3')!.chunks).toHaveLength(1)
    expect(store.getSettings()).toEqual({ retentionDays: null, ingestKey: null, allowedOrigins: [] })
    expect(store.updateSettings({ retentionDays: 30 })).toEqual({
      retentionDays: 30,
      ingestKey: null,
      allowedOrigins: []
    })
    expect(db.prepare("SELECT value FROM settings WHERE key = 'retentionDays'").get()).toEqual({ value: '30' })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('reads a hand-edited or unreadable retention value as keep-everything, never as prune-everything', () => {
    const dir = tempDir()
    dirs.push(dir)
    const store = Store.open(join(dir.path, 'edited.db'))
    const put = store.db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('retentionDays', ?)")
    for (const value of ['0', '-3', '2.5', '"7"', 'not json', 'null']) {
      put.run(value)
      expect(store.getSettings(), value).toEqual({ retentionDays: null, ingestKey: null, allowedOrigins: [] })
    }
    store.close()
  })
})
