// Migration 6 (batch-failures) on a database that already holds a recording made by the previous version.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { currentSchemaVersion } from '../../src/main/core/store/migrations'
import { Store } from '../../src/main/core/store/store'
import { databaseBeforeVersion } from '../helpers/old-database'
import { tempDir } from '../helpers/test-core'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe('migration 6: batch failures', () => {
  it('adds the table, keeps existing sessions, counts attempts, and cascades with a deleted session', () => {
    const dir = tempDir()
    dirs.push(dir)
    const path = join(dir.path, 'old.db')
    const { db } = databaseBeforeVersion(6, path, 'before-migration-6', { seed: 6, events: 30 })
    db.close()

    const store = Store.open(path)
    try {
      expect(currentSchemaVersion(store.db)).toBeGreaterThanOrEqual(6) // and every later migration
      expect(store.listSessions().map((session) => session.id)).toEqual(['before-migration-6'])
      expect(store.getSession('before-migration-6')!.quarantined).toEqual([])

      expect(store.recordBatchFailure('before-migration-6', 0, 'compact', 'malformed gzip')).toBe(1)
      expect(store.recordBatchFailure('before-migration-6', 0, 'compact', 'malformed gzip again')).toBe(2)
      expect(store.recordBatchFailure('before-migration-6', 0, 'index', 'x'.repeat(5000))).toBe(1)
      // A session that does not exist (deleted meanwhile) gets no row.
      expect(store.recordBatchFailure('never-existed-06', 0, 'compact', 'gone')).toBe(0)

      const failures = store.batchFailures()
      expect(failures.map(({ seq, stage, attempts }) => ({ seq, stage, attempts }))).toEqual([
        { seq: 0, stage: 'compact', attempts: 2 },
        { seq: 0, stage: 'index', attempts: 1 }
      ])
      expect(failures[0]!.error).toBe('malformed gzip again')
      expect(failures[1]!.error).toHaveLength(2000)
      expect(store.getSession('before-migration-6')!.quarantined).toHaveLength(2)

      store.clearBatchFailure('before-migration-6', 0, 'index')
      expect(store.batchFailures('before-migration-6').map((failure) => failure.stage)).toEqual(['compact'])

      expect(store.deleteSession('before-migration-6')).toBe(true)
      expect(store.db.prepare('SELECT count(*) AS n FROM batch_failures').get()).toEqual({ n: 0 })
    } finally {
      store.close()
    }
  })
})
