// Migration 5 (deleted-sessions) on a database that already holds a recording made by the previous version.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { currentSchemaVersion } from '../../src/main/core/store/migrations'
import { Store } from '../../src/main/core/store/store'
import { databaseBeforeVersion } from '../helpers/old-database'
import { tempDir } from '../helpers/test-core'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe('migration 5: deleted sessions', () => {
  it('adds the table of deleted ids, keeps existing sessions, and a delete after it is remembered', () => {
    const dir = tempDir()
    dirs.push(dir)
    const path = join(dir.path, 'old.db')
    const { db } = databaseBeforeVersion(5, path, 'before-migration-5', { seed: 5, events: 40 })
    db.close()

    const store = Store.open(path)
    try {
      expect(currentSchemaVersion(store.db)).toBeGreaterThanOrEqual(5) // and every later migration
      expect(store.listSessions().map((session) => session.id)).toEqual(['before-migration-5'])
      expect(store.wasDeleted('before-migration-5')).toBe(false)
      expect(store.deleteSession('before-migration-5')).toBe(true)
      expect(store.wasDeleted('before-migration-5')).toBe(true)
      // Only the id and when: nothing of the recording stays.
      expect(store.db.prepare('SELECT * FROM deleted_sessions').all()).toEqual([
        { session_id: 'before-migration-5', deleted_at: expect.any(Number) }
      ])
      expect(store.deleteSession('never-existed-01')).toBe(false)
      expect(store.wasDeleted('never-existed-01')).toBe(false)
    } finally {
      store.close()
    }
  })
})
