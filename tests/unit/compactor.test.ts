import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { isCompacted } from '../../src/main/core/store/replay-codec'
import { Store } from '../../src/main/core/store/store'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

let dir: ReturnType<typeof tempDir>
let store: Store
const SESSION = 'compact-session-1'

beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
  const ingestor = new Ingestor(store)
  for (const batch of syntheticBatches({ seed: 5, sessionId: SESSION, events: 3000, pageLoads: 3 })) {
    ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: 1000 + batch.seq })
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

    const compacted = store.compactor.compactAll()

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
    const compactor = store.compactor
    expect(compactor.compactSome(5, 1000 + 2)).toBe(3) // received at 1000, 1001, 1002
    expect(compactor.compactSome(5, 1000 + 2)).toBe(0)
    const total = store.getBatches(SESSION).length
    expect(compactor.compactAll()).toBe(total - 3)
    expect(compactor.compactAll()).toBe(0)
  })

  it('a retried batch after compaction is still recognised and not stored twice', () => {
    store.compactor.compactAll()
    const [first] = syntheticBatches({ seed: 5, sessionId: SESSION, events: 3000, pageLoads: 3 })
    const result = new Ingestor(store).ingest({ body: gzipBatch(first), ip: null, receivedAt: 5000 })
    expect(result.stored).toBe(false)
  })
})
