import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { ReplayCompactor } from '../../src/main/core/store/compactor'
import { isCompacted } from '../../src/main/core/store/replay-codec'
import { Store } from '../../src/main/core/store/store'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

let dir: ReturnType<typeof tempDir>
let store: Store
const SESSION = 'compact-session-1'
/** Receive times (server clock) near the synthetic session's event times. */
const RECEIVED = 1_700_000_000_000

beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
  const ingestor = new Ingestor(store)
  for (const batch of syntheticBatches({ seed: 5, sessionId: SESSION, events: 3000, pageLoads: 3 })) {
    ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: RECEIVED + batch.seq })
  }
})
afterEach(() => {
  store.close()
  dir.remove()
})

describe('idle-time compaction', () => {
  it('keeps every event identical, in the same order, and stores fewer bytes', () => {
    const eventsBefore = store.getEvents(SESSION)
    const outlineBefore = store.getSessionOutline(SESSION)
    const bytesBefore = store.getSession(SESSION)!.bytesStored

    const compacted = new ReplayCompactor(store.db).compactAll()

    expect(compacted).toBe(store.getBatches(SESSION).length)
    expect(store.getBatches(SESSION).every((batch) => isCompacted(batch.data))).toBe(true)
    expect(store.getEvents(SESSION)).toEqual(eventsBefore)
    expect(store.getSessionOutline(SESSION)).toEqual(outlineBefore)
    const bytesAfter = store.getSession(SESSION)!.bytesStored
    expect(bytesAfter).toBe(store.getBatches(SESSION).reduce((sum, batch) => sum + batch.data.byteLength, 0))
    expect(bytesAfter).toBeLessThan(bytesBefore * 0.8)
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('only takes batches old enough, in slices, and is idempotent', () => {
    const compactor = new ReplayCompactor(store.db)
    expect(compactor.compactSome(5, RECEIVED + 2)).toBe(3) // received at RECEIVED + 0, 1, 2
    expect(compactor.compactSome(5, RECEIVED + 2)).toBe(0)
    const total = store.getBatches(SESSION).length
    expect(compactor.compactAll()).toBe(total - 3)
    expect(compactor.compactAll()).toBe(0)
  })

  it('a retried batch after compaction is still recognised and not stored twice', () => {
    new ReplayCompactor(store.db).compactAll()
    const [first] = syntheticBatches({ seed: 5, sessionId: SESSION, events: 3000, pageLoads: 3 })
    const result = new Ingestor(store).ingest({ body: gzipBatch(first), ip: null, receivedAt: RECEIVED + 5000 })
    expect(result.stored).toBe(false)
  })
})
