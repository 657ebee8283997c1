// Migration 7 (audit-index) on a database that already holds a recording made by the previous version: the
// tables appear empty, the old session is stale for the audit and is audited from the store, and the
// audit's rows go with their session.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditIndexer } from '../../src/main/core/analysis/audit/audit-indexer'
import { currentSchemaVersion } from '../../src/main/core/store/migrations'
import { Store } from '../../src/main/core/store/store'
import { databaseBeforeVersion } from '../helpers/old-database'
import { tempDir } from '../helpers/test-core'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe('migration 7: audit index', () => {
  it('adds audit_state and audit_findings; old sessions are audited from the store; rows cascade', () => {
    const dir = tempDir()
    dirs.push(dir)
    const path = join(dir.path, 'old.db')
    databaseBeforeVersion(7, path, 'before-migration-7', { seed: 9, events: 40 }).db.close()

    const store = Store.open(path)
    try {
      expect(currentSchemaVersion(store.db)).toBeGreaterThanOrEqual(7)
      const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
      expect(count('audit_state')).toBe(0)
      expect(count('audit_findings')).toBe(0)
      expect(store.listSessions()[0]!.findings).toBeNull()

      const auditor = new AuditIndexer(store)
      expect(auditor.staleSessionIds()).toEqual(['before-migration-7'])
      expect(auditor.catchUp()).toBe(1)
      expect(auditor.store.state('before-migration-7')).toMatchObject({ batchCount: 1, lastSeq: 0 })
      expect(store.listSessions()[0]!.findings).toBe(count('audit_findings'))

      // A finding row for the cascade check (the synthetic recording may hold none).
      auditor.store.insertFinding('before-migration-7', {
        kind: 'email',
        where: 'text',
        name: null,
        selector: 'p',
        timestamp: 1,
        segment: 0,
        nodeId: 5,
        excerpt: 'j…@…com',
        occurrences: 1,
        fix: { kind: 'mask-selector', value: 'p', text: 'data-mask-selector="p"' }
      })
      auditor.store.failures.record('before-migration-7', 0, 'audit', 'boom')
      expect(store.deleteSession('before-migration-7')).toBe(true)
      expect([count('audit_state'), count('audit_findings'), count('batch_failures')]).toEqual([0, 0, 0])
    } finally {
      store.close()
    }
  })
})
