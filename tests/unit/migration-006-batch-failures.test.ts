// Migration 6 (batch-failures) on a database that already holds a recording made by the previous version.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { currentSchemaVersion } from '../../src/main/core/store/migrations'
import { BatchFailuresTable } from '../../src/main/core/store/batch-failures'
import { Store } from '../../src/main/core/store/store'
import { databaseBeforeVersion } from '../helpers/old-database'
import { tempDir } from '../helpers/test-core'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe('migration 6: batch failures', () => {
  it('adds the quarantine table, keeps existing sessions; failures count attempts and go with their session', () => {
    const dir = tempDir()
    dirs.push(dir)
    const path = join(dir.path, 'old.db')
    databaseBeforeVersion(6, path, 'before-migration-6', { seed: 6, events: 30 }).db.close()

    const store = Store.open(path)
    try {
      expect(currentSchemaVersion(store.db)).toBeGreaterThanOrEqual(6)
      expect(store.listSessions().map((session) => session.id)).toEqual(['before-migration-6'])
      const failures = new BatchFailuresTable(store.db)
      failures.record('before-migration-6', 0, 'index', 'boom', 1000)
      failures.record('before-migration-6', 0, 'index', 'boom again', 2000)
      failures.record('before-migration-6', 0, 'compact', 'x'.repeat(5000), 3000)
      expect(failures.list('before-migration-6')).toEqual([
        {
          sessionId: 'before-migration-6',
          seq: 0,
          stage: 'compact',
          error: 'x'.repeat(500),
          failedAt: 3000,
          attempts: 1
        },
        { sessionId: 'before-migration-6', seq: 0, stage: 'index', error: 'boom again', failedAt: 2000, attempts: 2 }
      ])
      expect([...failures.seqs('before-migration-6', 'index')]).toEqual([0])
      expect(store.deleteSession('before-migration-6')).toBe(true)
      expect(failures.list()).toEqual([])
    } finally {
      store.close()
    }
  })
})
