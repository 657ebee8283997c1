import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { createCompactionThread } from '../../src/main/core/store/compaction-thread'
import { MAX_COMPACTION_ATTEMPTS, ReplayCompactor } from '../../src/main/core/store/compactor'
import { isCompacted } from '../../src/main/core/store/replay-codec'
import { Store } from '../../src/main/core/store/store'
import { deepJson } from '../helpers/hostile-payloads'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

let dir: ReturnType<typeof tempDir>
let store: Store
const compactors: ReplayCompactor[] = []
const SESSION = 'compact-session-1'
/** Receive times (server clock) near the synthetic session's event times. */
const RECEIVED = 1_700_000_000_000

/** A compactor closed after the test (it owns a worker thread). */
function compactor(): ReplayCompactor {
  const made = new ReplayCompactor(store)
  compactors.push(made)
  return made
}

beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
  const ingestor = new Ingestor(store)
  for (const batch of syntheticBatches({ seed: 5, sessionId: SESSION, events: 3000, pageLoads: 3 })) {
    ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: RECEIVED + batch.seq })
  }
})
afterEach(async () => {
  await Promise.all(compactors.splice(0).map((made) => made.close()))
  store.close()
  dir.remove()
})

/** Overwrites a stored blob, as a corrupt file or an older version would have left it. */
const overwriteBlob = (seq: number, data: Buffer) =>
  store.db.prepare('UPDATE session_replay SET data = ? WHERE session_id = ? AND seq = ?').run(data, SESSION, seq)

describe('idle-time compaction', () => {
  it('keeps every event identical, in the same order, and stores fewer bytes', async () => {
    const eventsBefore = store.getEvents(SESSION)
    const outlineBefore = store.getSessionOutline(SESSION)
    const bytesBefore = store.getSession(SESSION)!.bytesStored

    const compacted = await compactor().compactAll()

    expect(compacted).toBe(store.getBatches(SESSION).length)
    expect(store.getBatches(SESSION).every((batch) => isCompacted(batch.data))).toBe(true)
    expect(store.getEvents(SESSION)).toEqual(eventsBefore)
    expect(store.getSessionOutline(SESSION)).toEqual(outlineBefore)
    const bytesAfter = store.getSession(SESSION)!.bytesStored
    expect(bytesAfter).toBe(store.getBatches(SESSION).reduce((sum, batch) => sum + batch.data.byteLength, 0))
    expect(bytesAfter).toBeLessThan(bytesBefore * 0.8)
    expect(store.batchFailures()).toEqual([])
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
  })

  it('only takes batches old enough, in slices, and is idempotent', async () => {
    const made = compactor()
    expect(await made.compactSome(5, RECEIVED + 2)).toBe(3) // received at RECEIVED + 0, 1, 2
    expect(await made.compactSome(5, RECEIVED + 2)).toBe(0)
    const total = store.getBatches(SESSION).length
    expect(await made.compactAll()).toBe(total - 3)
    expect(await made.compactAll()).toBe(0)
  })

  it('encodes off the main thread: the event loop keeps turning while a batch compacts', async () => {
    // Highest-quality brotli of this session's batches takes a while; on the main thread (as before) not a
    // single immediate callback would run until it finished.
    let turns = 0
    let ticking = true
    const tick = () => {
      turns++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const compacting = compactor().compactAll()
    const turnsAtStart = turns
    await compacting
    ticking = false
    expect(turns - turnsAtStart).toBeGreaterThan(10)
  })

  it('a retried batch after compaction is still recognised and not stored twice', async () => {
    await compactor().compactAll()
    const [first] = syntheticBatches({ seed: 5, sessionId: SESSION, events: 3000, pageLoads: 3 })
    const result = new Ingestor(store).ingest({ body: gzipBatch(first), ip: null, receivedAt: RECEIVED + 5000 })
    expect(result.stored).toBe(false)
  })
})

describe('a batch that cannot be compacted', () => {
  it('is recorded as failed, tried a bounded number of times, and never holds up the others', async () => {
    overwriteBlob(1, Buffer.from([0x1f, 0x8b, 1, 2, 3])) // corrupt gzip
    // Data nested 30,000 deep, as a version without a depth bound at the door could have stored it.
    overwriteBlob(2, gzipSync(`{"events":[{"type":5,"timestamp":1,"data":${deepJson(30_000)}}]}`))
    const made = compactor()
    await made.compactAll() // returns: the failed batches are not retried forever

    const failures = store.batchFailures(SESSION)
    expect(failures.map(({ seq, stage, attempts }) => ({ seq, stage, attempts }))).toEqual([
      { seq: 1, stage: 'compact', attempts: MAX_COMPACTION_ATTEMPTS },
      { seq: 2, stage: 'compact', attempts: MAX_COMPACTION_ATTEMPTS }
    ])
    expect(failures[0]!.error).toMatch(/malformed gzip|unexpected end/i)
    expect(failures[1]!.error).toMatch(/nested more than 1200 levels deep/)
    const batches = store.getBatches(SESSION)
    expect(batches.filter((batch) => isCompacted(batch.data)).map((batch) => batch.seq)).toEqual(
      batches.map((batch) => batch.seq).filter((seq) => seq !== 1 && seq !== 2)
    )
    // The session's metadata shows them.
    expect(store.getSession(SESSION)!.quarantined).toEqual([
      { seq: 1, stage: 'compact', error: failures[0]!.error, at: expect.any(Number), attempts: 3 },
      { seq: 2, stage: 'compact', error: failures[1]!.error, at: expect.any(Number), attempts: 3 }
    ])
    expect(await made.compactAll()).toBe(0)
  })

  it('reading it back fails for its chunk only, with a message naming the batch', () => {
    overwriteBlob(2, gzipSync(`{"events":[{"type":5,"timestamp":1,"data":${deepJson(30_000)}}]}`))
    const outline = store.getSessionOutline(SESSION)!
    expect(store.getEventChunks(SESSION, 0, 100)).toHaveLength(2) // chunks 0 and 1, then the run stops
    expect(() => store.getEventChunks(SESSION, 2, 100)).toThrow(
      `session ${SESSION}: stored batch 2 cannot be read: nested more than 1200 levels deep`
    )
    expect(store.getEventChunks(SESSION, 3, 100)).toHaveLength(outline.chunks.length - 3)
    expect(() => store.getEvents(SESSION)).toThrow(/stored batch 2 cannot be read/)
  })

  it('a worker that hangs is stopped after the timeout; one that crashes fails only its job', async () => {
    const hanging = createCompactionThread({
      timeoutMs: 200,
      start: () => new Worker('setInterval(() => {}, 1000)', { eval: true })
    })
    await expect(hanging.compact(Buffer.from('x'))).rejects.toThrow(/more than 200 ms; stopped/)
    await hanging.close()
    const crashing = createCompactionThread({
      start: () =>
        new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(3))", { eval: true })
    })
    await expect(crashing.compact(Buffer.from('x'))).rejects.toThrow('compaction worker exited (code 3)')
    await crashing.close()
  })
})
