// Ingest throughput over HTTP on loopback with concurrent senders, against a bare node:http server that
// only reads the body, both measured in this run with the same bodies and the same load generator.
import { createServer } from 'node:http'
import { Worker } from 'node:worker_threads'
import { join } from 'node:path'
import { closeServer, listen } from '../../src/main/core/receiver/app-server'
import { gzipBatch, syntheticBatches } from '../../tests/helpers/synthetic'
import { ingestPath, startTestCore } from '../../tests/helpers/test-core'
import { ratioRow, timedAsync, type BenchRow } from '../table'

const SESSIONS = 40
const EVENTS_PER_SESSION = 6_000
const CONCURRENCY = 8
const ROUNDS = 3

interface LoadResult {
  ok: number
  failed: number
  elapsedMs: number
}

/** Posts `bodies` to `path` (the ingest route with its key) on `port`. */
function generateLoad(port: number, path: string, bodies: Buffer[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(import.meta.dirname, '..', 'load-generator.mjs'), {
      workerData: { port, path, bodies, concurrency: CONCURRENCY }
    })
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}

/** Every session's batches in order, interleaved round-robin as concurrent tabs would send them. */
function bodiesForRound(round: number): Buffer[] {
  const perSession = Array.from({ length: SESSIONS }, (_, s) =>
    syntheticBatches({ seed: round * 1000 + s, sessionId: `bench-r${round}-s${s}`, events: EVENTS_PER_SESSION }).map(
      gzipBatch
    )
  )
  const bodies: Buffer[] = []
  for (let i = 0; bodies.length < perSession.length * perSession[0]!.length; i++) {
    for (const batches of perSession) if (batches[i]) bodies.push(batches[i]!)
  }
  return bodies
}

async function bareServerRate(bodies: Buffer[]): Promise<number> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      Buffer.concat(chunks)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"ok":true}')
    })
  })
  const port = await listen(server, 0, '127.0.0.1')
  const result = await generateLoad(port, '/ingest', bodies)
  await closeServer(server)
  if (result.failed) throw new Error(`bare server: ${result.failed} failed requests`)
  return result.ok / (result.elapsedMs / 1000)
}

interface ReceiverRun {
  rate: number
  burstMs: number
  /** How long a search right after the burst waited for the index to catch up (it drains first). */
  backlogMs: number
}

async function receiverRun(bodies: Buffer[], searchIndex: boolean): Promise<ReceiverRun> {
  // The app indexes for search by default; without it, this measures the receiver alone.
  const core = await startTestCore(searchIndex ? {} : { indexers: () => [] })
  const result = await generateLoad(core.port, ingestPath(core.ingestKey()), bodies)
  const backlogMs = searchIndex ? await timedAsync(() => core.api.searchSessions('rage')) : 0
  const stored = core.store.countBatches()
  await core.dispose()
  if (result.failed || stored !== bodies.length) {
    throw new Error(`receiver: ${result.failed} failed, ${stored}/${bodies.length} stored`)
  }
  return { rate: result.ok / (result.elapsedMs / 1000), burstMs: result.elapsedMs, backlogMs }
}

export async function run(): Promise<BenchRow[]> {
  let bestBare = 0
  let bestReceiver = 0
  let bestIndexed: ReceiverRun = { rate: 0, burstMs: 0, backlogMs: 0 }
  let totalBytes = 0
  let count = 0
  for (let round = 0; round < ROUNDS; round++) {
    const bodies = bodiesForRound(round)
    totalBytes = bodies.reduce((sum, body) => sum + body.byteLength, 0)
    count = bodies.length
    bestBare = Math.max(bestBare, await bareServerRate(bodies))
    bestReceiver = Math.max(bestReceiver, (await receiverRun(bodies, false)).rate)
    const indexed = await receiverRun(bodies, true)
    if (indexed.rate > bestIndexed.rate) bestIndexed = indexed
  }
  const kbPerBatch = totalBytes / count / 1024
  const label = `${count} gzip batches (~100 events, ${kbPerBatch.toFixed(1)} KB) × ${CONCURRENCY} senders`
  return [
    ratioRow(
      `ingest: ${label}, validated + committed`,
      bestReceiver,
      'batches/s',
      'bare node:http reading the body',
      bestBare,
      {
        atLeast: 0.5
      }
    ),
    ratioRow(
      `ingest as the app runs it (search index on, indexing yields to ingest): ${label}`,
      bestIndexed.rate,
      'batches/s',
      'bare node:http reading the body',
      bestBare,
      { atLeast: 0.5 }
    ),
    ratioRow(
      'the same burst: a search right after it waits for the index to catch up',
      bestIndexed.backlogMs,
      'ms',
      'the burst itself',
      bestIndexed.burstMs,
      null
    )
  ]
}
