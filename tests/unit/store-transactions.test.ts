// The Store opens every transaction: savepoints roll back only their own work, nesting works, and the
// typed parts (search index, queries, compactor, health) are the store's own, on its connection.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

let dir: ReturnType<typeof tempDir>
let store: Store
beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
})
afterEach(() => {
  if (store.isOpen) store.close()
  dir.remove()
})

const prepared = (sessionId: string) => {
  const ingestor = new Ingestor(store)
  const [batch] = syntheticBatches({ seed: sessionId.length, sessionId, events: 20 })
  return { ingestor, write: ingestor.prepare({ body: gzipBatch(batch!), ip: null, receivedAt: Date.now() }) }
}

describe('Store transactions', () => {
  it('a savepoint that throws rolls back its own writes only; the transaction goes on and commits', () => {
    const kept = prepared('savepoint-kept-1')
    const lost = prepared('savepoint-lost-1')
    store.transaction(() => {
      store.savepoint(() => kept.ingestor.write(kept.write))
      expect(() =>
        store.savepoint(() => {
          lost.ingestor.write(lost.write)
          expect(store.hasSession('savepoint-lost-1')).toBe(true) // written, inside the savepoint
          throw new Error('this batch fails')
        })
      ).toThrow('this batch fails')
      expect(store.inTransaction).toBe(true)
    })
    expect(store.inTransaction).toBe(false)
    expect(store.listSessions().map((s) => s.id)).toEqual(['savepoint-kept-1'])
  })

  it('a failing transaction rolls back everything, savepoints included', () => {
    const one = prepared('rolled-back-0001')
    expect(() =>
      store.transaction(() => {
        store.savepoint(() => one.ingestor.write(one.write))
        throw new Error('disk full')
      })
    ).toThrow('disk full')
    expect(store.listSessions()).toEqual([])
  })

  it('a savepoint needs a transaction around it', () => {
    expect(() => store.savepoint(() => 1)).toThrow(/inside transaction/)
  })

  it('a transaction inside a transaction is a savepoint of it', () => {
    const inner = prepared('nested-inner-001')
    store.transaction(() => {
      expect(() =>
        store.transaction(() => {
          inner.ingestor.write(inner.write)
          throw new Error('inner fails')
        })
      ).toThrow('inner fails')
      store.updateSettings({ retentionDays: 9 })
    })
    expect(store.listSessions()).toEqual([])
    expect(store.getSettings().retentionDays).toBe(9)
  })

  it('tells whether it is open; its typed parts are the same objects each time', () => {
    expect(store.isOpen).toBe(true)
    expect(store.searchIndex).toBe(store.searchIndex)
    expect(store.searchQueries).toBe(store.searchQueries)
    expect(store.compactor).toBe(store.compactor)
    expect(store.health.integrityCheck()).toEqual(['ok'])
    store.close()
    expect(store.isOpen).toBe(false)
  })
})
