// Opening a long session: load + decode all its events (Store.getEvents, what getEvents serves) against
// gunzip + JSON.parse of the very same stored bytes, in this run; and the data cost of the first frame
// (getSessionOutline + getEventChunk(0)), in process and over the browser-mode HTTP API with its token.
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import type { RecordedEvent } from '../../src/shared/types'
import { gzipBatch, syntheticBatches } from '../../tests/helpers/synthetic'
import { rawRequest, startTestCore, tempDir, type TestCore } from '../../tests/helpers/test-core'
import { median, ratioRow, type BenchRow } from '../table'

const SESSION_ID = 'bench-open-session-200k'
const EVENTS = 200_000
const BATCH_SIZE = 100
/** About an hour of browsing: a page load every few minutes. */
const PAGE_LOADS = 20
const RUNS = 9
const FIRST_FRAME_RUNS = 41
const STREAM_CONCURRENCY = 4

function timed(work: () => void): number {
  const start = performance.now()
  work()
  return performance.now() - start
}

async function timedAsync(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}

/** Alternates the two measurements run by run, so drift (GC, CPU frequency) hits both alike; medians. */
function interleaved(runs: number, a: () => void, b: () => void): { a: number; b: number } {
  const timesA: number[] = []
  const timesB: number[] = []
  for (let i = 0; i < runs; i++) {
    timesA.push(timed(a))
    timesB.push(timed(b))
  }
  return { a: median(timesA), b: median(timesB) }
}

/** Builds and stores the session; the generated batches are garbage afterwards, not live heap while timing. */
function ingestSession(core: TestCore): void {
  const ingestor = new Ingestor(core.store)
  const batches = syntheticBatches({
    seed: 42,
    sessionId: SESSION_ID,
    events: EVENTS,
    batchSize: BATCH_SIZE,
    pageLoads: PAGE_LOADS
  })
  const receivedAt = Date.now()
  for (const batch of batches) ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt })
}

/** The figures are only worth reporting if right: every event decoded, and the chunks hold exactly them. */
function checkCorrect(core: TestCore, expected: number): void {
  const events = core.store.getEvents(SESSION_ID)
  if (events.length !== expected) throw new Error(`decoded ${events.length} of ${expected} events`)
  let index = 0
  for (const chunk of core.store.getSessionOutline(SESSION_ID)!.chunks) {
    for (const event of core.store.getEventChunk(SESSION_ID, chunk.index)!) {
      if (JSON.stringify(event) !== JSON.stringify(events[index])) {
        throw new Error(`chunk ${chunk.index} differs from getEvents at event ${index}`)
      }
      index++
    }
  }
  if (index !== events.length) throw new Error(`chunks hold ${index} events, getEvents ${events.length}`)
}

function apiCaller(core: TestCore) {
  const token = /#token=(.+)$/.exec(core.workspaceUrl!)![1]!
  return async (operation: string, ...args: unknown[]): Promise<unknown> => {
    const response = await rawRequest(core.port, {
      method: 'POST',
      path: `/api/${operation}`,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(args)
    })
    if (response.status !== 200) throw new Error(`${operation}: HTTP ${response.status} ${response.body}`)
    return (response.json() as { result: unknown }).result
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = tempDir('ri-bench-open-')
  // The real core in browser mode (temp SQLite file, loopback port), fed through the Ingestor directly.
  const core = await startTestCore({ browserMode: true, dbPath: join(dir.path, 'open-session.db') })
  try {
    ingestSession(core)
    const session = core.store.getSession(SESSION_ID)!
    checkCorrect(core, session.eventCount)
    const chunkCount = core.store.getSessionOutline(SESSION_ID)!.chunks.length
    const storedBlobs = core.store.getBatches(SESSION_ID).map((batch) => Buffer.from(batch.data))
    const storedBytes = storedBlobs.reduce((sum, blob) => sum + blob.byteLength, 0)

    let sink = 0
    const open = interleaved(
      RUNS,
      () => (sink += core.store.getEvents(SESSION_ID).length),
      () => {
        // The same stored gzip bytes, already in memory, each inflated and parsed, and the events kept
        // as opening a session keeps them (a result that died young would dodge the old-space GC).
        const kept: RecordedEvent[][] = []
        for (const blob of storedBlobs) {
          kept.push((JSON.parse(gunzipSync(blob).toString('utf8')) as { events: RecordedEvent[] }).events)
        }
        sink += kept.length
      }
    )

    const firstFrameTimes: number[] = []
    for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
      firstFrameTimes.push(
        timed(() => {
          const outline = core.store.getSessionOutline(SESSION_ID)!
          sink += core.store.getEventChunk(SESSION_ID, outline.chunks[0]!.index)!.length
        })
      )
    }

    // Over HTTP, as the browser-mode renderer sees it: first frame vs the whole session in one response.
    const api = apiCaller(core)
    const httpFirstFrame: number[] = []
    for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
      httpFirstFrame.push(
        await timedAsync(async () => {
          await api('getSessionOutline', SESSION_ID)
          await api('getEventChunk', SESSION_ID, 0)
        })
      )
    }
    const httpWhole: number[] = []
    for (let i = 0; i < 3; i++) httpWhole.push(await timedAsync(() => api('getEvents', SESSION_ID)))

    // The rest of the session streamed chunk by chunk over HTTP, a few requests in flight: the UI's budget.
    const streamAll = await timedAsync(async () => {
      let next = 0
      const worker = async () => {
        while (next < chunkCount) await api('getEventChunk', SESSION_ID, next++)
      }
      await Promise.all(Array.from({ length: STREAM_CONCURRENCY }, worker))
    })
    if (sink < 0) throw new Error('unreachable')

    const scale = `${EVENTS / 1000}k synthetic events, ${chunkCount} batches, ${PAGE_LOADS} page loads, ${(storedBytes / 1e6).toFixed(1)} MB gzip / ${(session.bytesRaw / 1e6).toFixed(0)} MB JSON`
    const httpWholeMs = median(httpWhole)
    return [
      ratioRow(
        `open a session: load + decode all events (${scale})`,
        open.a,
        'ms',
        'gunzip + JSON.parse of the same stored bytes',
        open.b,
        { atMost: 1.5 }
      ),
      ratioRow(
        'first-frame data in process: getSessionOutline + getEventChunk(0), median',
        median(firstFrameTimes),
        'ms',
        'open the whole session (row above)',
        open.a,
        null
      ),
      ratioRow(
        'first-frame data over the HTTP API: getSessionOutline + getEventChunk(0), median',
        median(httpFirstFrame),
        'ms',
        'getEvents over the HTTP API (whole session, one response)',
        httpWholeMs,
        null
      ),
      ratioRow(
        `every chunk over the HTTP API (${chunkCount} requests, ${STREAM_CONCURRENCY} in flight)`,
        streamAll,
        'ms',
        'getEvents over the HTTP API (whole session, one response)',
        httpWholeMs,
        null
      )
    ]
  } finally {
    await core.dispose()
    dir.remove()
  }
}
