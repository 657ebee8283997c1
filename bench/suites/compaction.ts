// Idle compaction must not block the receiver (issue 12, defect 5: one 6.5 MB-raw batch once made it
// unresponsive for 11.6 s). The receiver's p99 latency for small ingest requests while one such batch
// compacts, against its p99 for the same requests with nothing compacting, both in this run.
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { ReplayCompactor } from '../../src/main/core/store/compactor'
import { encodeCompactedEvents, isCompacted } from '../../src/main/core/store/replay-codec'
import { gzipBatch, syntheticBatches } from '../../tests/helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../../tests/helpers/test-core'
import type { RecordedEvent } from '../../src/shared/types'
import { percentile, ratioRow, timed, type BenchRow } from '../table'

const BIG_SESSION = 'bench-compaction-big'
const IDLE_REQUESTS = 600

/**
 * One batch of ~6.5 MB of JSON, like the one in the issue: 590 full snapshots of a product list (each
 * a little different, as periodic checkouts of a changing page are) and 3,000 mouse paths.
 */
function bigBatch(): Buffer {
  const events: RecordedEvent[] = []
  const moves = syntheticBatches({ seed: 404, sessionId: BIG_SESSION, events: 20_000, batchSize: 20_000 })[0]!
  for (let i = 0; i < 590; i++) {
    const [meta, snapshot] = syntheticBatches({ seed: 1000 + i, sessionId: BIG_SESSION, events: 2 })[0]!.events
    if (i === 0) events.push(meta!)
    events.push({ ...snapshot!, timestamp: moves.events[0]!.timestamp + i })
  }
  events.push(...moves.events.filter((event) => (event.data as { source: number }).source === 1).slice(0, 3000))
  return gzipBatch({ ...moves, events })
}

/** Latencies (ms) of small valid ingest requests, one after another, until `until` says stop. */
async function latencies(core: TestCore, until: (sent: number) => boolean, firstSeq: number): Promise<number[]> {
  const small = syntheticBatches({ seed: 405, sessionId: 'bench-compaction-small', events: 50_000, batchSize: 10 })
  const times: number[] = []
  for (let i = 0; !until(i); i++) {
    const body = gzipBatch({ ...small[i % small.length]!, seq: firstSeq + i })
    const started = performance.now()
    const response = await postBatch(core, body)
    times.push(performance.now() - started)
    if (response.status !== 200) throw new Error(`ingest failed during the bench: ${response.body}`)
  }
  return times
}

export async function run(): Promise<BenchRow[]> {
  // No search indexer: what is measured is the receiver and compaction, not analysis.
  const core = await startTestCore({ indexers: () => [] })
  try {
    const body = bigBatch()
    const ingested = new Ingestor(core.store).ingest({ body, ip: null, receivedAt: Date.now() })
    const raw = core.store.getSession(BIG_SESSION)!.bytesRaw
    if (!ingested.stored) throw new Error('the big batch was not stored')

    const idle = await latencies(core, (sent) => sent >= IDLE_REQUESTS, 0)
    const compactor = new ReplayCompactor(core.store)
    let done = false
    const started = performance.now()
    const compacting = compactor.compactSome(1, Infinity).then(() => (done = true))
    // compactSome picks the oldest pending batch: the big one (the small ones arrived after it).
    const during = await latencies(core, () => done, IDLE_REQUESTS)
    await compacting
    const compactMs = performance.now() - started
    await compactor.close()
    if (!isCompacted(core.store.getBatches(BIG_SESSION)[0]!.data)) throw new Error('the big batch was not compacted')

    const label = `${(raw / 1024 / 1024).toFixed(1)} MB raw (${(body.byteLength / 1024).toFixed(0)} KB gzip)`
    return [
      ratioRow(
        `receiver p99 latency (small ingest requests, ${during.length} sent) while one ${label} batch compacts`,
        percentile(during, 99),
        'ms',
        `idle p99 (${idle.length} requests)`,
        percentile(idle, 99),
        { atMost: 2 }
      ),
      ratioRow(
        'compacting that batch in the worker thread (low priority), wall time',
        compactMs,
        'ms',
        'the same brotli 11 encode on the main thread (how it blocked the receiver before)',
        timed(() => encodeCompactedEvents(JSON.stringify(core.store.getEvents(BIG_SESSION)))),
        null
      )
    ]
  } finally {
    await core.dispose()
  }
}
