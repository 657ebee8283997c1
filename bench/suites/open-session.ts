// Opening a long session: load + decode all its events (Store.getEvents) against gunzip + JSON.parse of
// the same events as received, in this run, both as received and after idle-time compaction; and the
// data cost of the first frame (getSessionOutline + getEventChunk(0)), in process and over the
// browser-mode HTTP API with its token. The whole session in one HTTP response (what the API's getEvents
// served before it left the API) is measured on a bare loopback server as the baseline of the HTTP rows.
import { ReplayCompactor } from '../../src/main/core/store/compactor'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import type { RecordedEvent } from '../../src/shared/types'
import { gzipBatch, syntheticBatches } from '../../tests/helpers/synthetic'
import { callApi, rawRequest, startTestCore, tempDir, type TestCore } from '../../tests/helpers/test-core'
import { median, ratioRow, timed, timedAsync, type BenchRow } from '../table'

const SESSION_ID = 'bench-open-session-200k'
const EVENTS = 200_000
const BATCH_SIZE = 100
/** About an hour of browsing: a page load every few minutes. */
const PAGE_LOADS = 20
const RUNS = 9
const FIRST_FRAME_RUNS = 41
const STREAM_CONCURRENCY = 4

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
function ingestSession(store: Store): void {
  const ingestor = new Ingestor(store)
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
function checkCorrect(store: Store, expected: number): void {
  const events = store.getEvents(SESSION_ID)
  if (events.length !== expected) throw new Error(`decoded ${events.length} of ${expected} events`)
  let index = 0
  for (const chunk of store.getSessionOutline(SESSION_ID)!.chunks) {
    for (const event of store.getEventChunk(SESSION_ID, chunk.index)!) {
      if (JSON.stringify(event) !== JSON.stringify(events[index])) {
        throw new Error(`chunk ${chunk.index} differs from Store.getEvents at event ${index}`)
      }
      index++
    }
  }
  if (index !== events.length) throw new Error(`chunks hold ${index} events, Store.getEvents ${events.length}`)
}

function apiCaller(core: TestCore) {
  return async (operation: string, ...args: unknown[]): Promise<unknown> => {
    const response = await callApi(core, operation, ...args)
    if (response.status !== 200) throw new Error(`${operation}: HTTP ${response.status} ${response.error}`)
    return response.result
  }
}

/** Opening the whole session against the baseline, run by run alternately. */
function measureOpen(store: Store, baselineBlobs: readonly Buffer[]): { open: number; baseline: number } {
  let sink = 0
  const { a, b } = interleaved(
    RUNS,
    () => (sink += store.getEvents(SESSION_ID).length),
    () => {
      // The as-received gzip bytes, already in memory, each inflated and parsed, and the events kept
      // as opening a session keeps them (a result that died young would dodge the old-space GC).
      const kept: RecordedEvent[][] = []
      for (const blob of baselineBlobs) {
        kept.push((JSON.parse(gunzipSync(blob).toString('utf8')) as { events: RecordedEvent[] }).events)
      }
      sink += kept.length
    }
  )
  if (sink < 0) throw new Error('unreachable')
  return { open: a, baseline: b }
}

function measureFirstFrame(store: Store): number {
  let sink = 0
  const times: number[] = []
  for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
    times.push(
      timed(() => {
        const outline = store.getSessionOutline(SESSION_ID)!
        sink += store.getEventChunk(SESSION_ID, outline.chunks[0]!.index)!.length
      })
    )
  }
  if (sink < 0) throw new Error('unreachable')
  return median(times)
}

/** The whole session as one JSON response from a bare loopback server (no routing, no token), median of 3. */
async function measureWholeOverBareHttp(dbPath: string, eventCount: number): Promise<number> {
  const store = Store.open(dbPath, { readonly: true })
  const server = createServer((_req, res) => {
    const body = JSON.stringify({ result: store.getEvents(SESSION_ID) })
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const port = (server.address() as AddressInfo).port
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      times.push(
        await timedAsync(async () => {
          const response = await rawRequest(port, { path: '/' })
          if ((response.json() as { result: unknown[] }).result.length !== eventCount) {
            throw new Error('the bare server sent a different session')
          }
        })
      )
    }
    return median(times)
  } finally {
    await new Promise((resolve) => server.close(resolve))
    store.close()
  }
}

/** Over HTTP, as the browser-mode renderer sees it: first frame, every chunk, ranges of chunks. */
async function measureHttp(core: TestCore, chunkCount: number) {
  const api = apiCaller(core)
  const firstFrame: number[] = []
  for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
    firstFrame.push(
      await timedAsync(async () => {
        await api('getSessionOutline', SESSION_ID)
        await api('getEventChunk', SESSION_ID, 0)
      })
    )
  }
  const everyChunk = await timedAsync(async () => {
    let next = 0
    const worker = async () => {
      while (next < chunkCount) await api('getEventChunk', SESSION_ID, next++)
    }
    await Promise.all(Array.from({ length: STREAM_CONCURRENCY }, worker))
  })
  // As the renderer streams (replay/chunk-loader.ts): ranges of up to 100 chunks / 10,000 events, 3 in flight.
  const inRanges = await timedAsync(async () => {
    let next = 0
    const worker = async () => {
      while (next < chunkCount) {
        const from = next
        next += RANGE_CHUNKS
        await api('getEventChunks', SESSION_ID, from, RANGE_CHUNKS)
      }
    }
    await Promise.all(Array.from({ length: 3 }, worker))
  })
  return { firstFrame: median(firstFrame), everyChunk, inRanges }
}

const RANGE_CHUNKS = 100
const WHOLE_SESSION_BASELINE = 'the whole session in one HTTP response (bare loopback server)'

export async function run(): Promise<BenchRow[]> {
  const dir = tempDir('ri-bench-open-')
  const dbPath = join(dir.path, 'open-session.db')
  try {
    // In process first, on the store alone: the core's idle compactor would re-encode batches mid-run.
    const store = Store.open(dbPath)
    ingestSession(store)
    const session = store.getSession(SESSION_ID)!
    checkCorrect(store, session.eventCount)
    const chunkCount = store.getSessionOutline(SESSION_ID)!.chunks.length
    const asReceived = store.getBatches(SESSION_ID).map((batch) => Buffer.from(batch.data))
    const gzipBytes = asReceived.reduce((sum, blob) => sum + blob.byteLength, 0)
    const fresh = measureOpen(store, asReceived)
    const firstFrame = measureFirstFrame(store)
    // What a session looks like once the receiver has been idle: batches re-encoded by the compactor.
    const compactor = new ReplayCompactor(store)
    await compactor.compactAll()
    await compactor.close()
    checkCorrect(store, session.eventCount)
    const compactedBytes = store.getBatches(SESSION_ID).reduce((sum, batch) => sum + batch.data.byteLength, 0)
    const compacted = measureOpen(store, asReceived)
    store.close()

    // The real core in browser mode on the same (already compacted) file, loopback port, launch token;
    // no indexers, so no background (re)indexing of this session competes with the requests timed.
    const core = await startTestCore({ browserMode: true, dbPath, indexers: () => [] })
    let http
    try {
      http = {
        ...(await measureHttp(core, chunkCount)),
        whole: await measureWholeOverBareHttp(dbPath, session.eventCount)
      }
    } finally {
      await core.dispose()
    }

    const scale = `${EVENTS / 1000}k synthetic events, ${chunkCount} batches, ${PAGE_LOADS} page loads, ${(session.bytesRaw / 1e6).toFixed(0)} MB JSON`
    const baseline = `gunzip + JSON.parse of the same events as received (${(gzipBytes / 1e6).toFixed(1)} MB gzip)`
    return [
      ratioRow(
        `open a session: load + decode all events, as received (${scale})`,
        fresh.open,
        'ms',
        baseline,
        fresh.baseline,
        { atMost: 1.5 }
      ),
      ratioRow(
        `open a session: load + decode all events, compacted (${(compactedBytes / 1e6).toFixed(1)} MB brotli)`,
        compacted.open,
        'ms',
        baseline,
        compacted.baseline,
        { atMost: 1.5 }
      ),
      ratioRow(
        'first-frame data in process: getSessionOutline + getEventChunk(0), median',
        firstFrame,
        'ms',
        'open the whole session, as received',
        fresh.open,
        null
      ),
      ratioRow(
        'first-frame data over the HTTP API: getSessionOutline + getEventChunk(0), median',
        http.firstFrame,
        'ms',
        WHOLE_SESSION_BASELINE,
        http.whole,
        null
      ),
      ratioRow(
        `every chunk over the HTTP API (${chunkCount} requests, ${STREAM_CONCURRENCY} in flight)`,
        http.everyChunk,
        'ms',
        WHOLE_SESSION_BASELINE,
        http.whole,
        null
      ),
      ratioRow(
        `every chunk in ranges of ${RANGE_CHUNKS} (getEventChunks, ${Math.ceil(chunkCount / RANGE_CHUNKS)} requests, 3 in flight)`,
        http.inRanges,
        'ms',
        WHOLE_SESSION_BASELINE,
        http.whole,
        null
      )
    ]
  } finally {
    dir.remove()
  }
}
