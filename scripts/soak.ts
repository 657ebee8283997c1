// npm run soak (not part of npm test): load and crash. 50 simulated recorders post batches for 60 s to
// `serve` on a temp database while serve is killed with SIGKILL three times and restarted on the same file;
// then acknowledged batches are compared with stored ones (they must be equal: nothing acknowledged is
// lost, nothing stored goes unacknowledged once retries finish). Then, as root, a disk-full run on a 16 MB
// tmpfs: while the disk is full only retryable 503s (with Retry-After) may come back, and ingest recovers
// once space is freed.
//   npm run soak [-- --seconds 60 --recorders 50 --skip-disk-full]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { Store } from '../src/main/core/store/store'
import { startServe, storedIngestKey, type ServeProcess } from '../tests/helpers/cli'
import { gzipBatch, syntheticBatches } from '../tests/helpers/synthetic'
import { ingestPath, tempDir } from '../tests/helpers/test-core'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`)
  return at === -1 ? fallback : Number(args[at + 1])
}
const SECONDS = option('seconds', 60)
const RECORDERS = option('recorders', 50)
const KILLS = 3
/** A recorder flushes every 5 s; these flush faster, so a minute carries the load of a busy hour. */
const BATCH_EVERY_MS = 250

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const say = (line: string) => process.stdout.write(`${line}\n`)

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

interface Target {
  port: number
  key: string
}

const agent = new Agent({ keepAlive: true, maxSockets: RECORDERS })

/** One POST; the status, 0 for a connection error (the server was killed), -1 for a timeout. */
function post(target: Target, body: Buffer): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: ingestPath(target.key),
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: { 'Content-Type': 'text/plain', 'Content-Length': body.byteLength }
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }))
      }
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', (error) => resolve({ status: error.message === 'timeout' ? -1 : 0, retryAfter: undefined }))
    req.end(body)
  })
}

/** Tallies of what the receiver answered. */
class Answers {
  readonly counts = new Map<string, number>()
  note(status: number, retryAfter: string | undefined): void {
    const key =
      status === 0
        ? 'connection error'
        : status === -1
          ? 'timeout'
          : status === 503 && retryAfter
            ? `503 (Retry-After ${retryAfter})`
            : String(status)
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }
  toString(): string {
    return [...this.counts].map(([key, n]) => `${key}: ${n}`).join(', ')
  }
}

/** A recorder's delivery: batches in order, each retried (backoff) until the receiver answers 2xx or 4xx. */
class SimulatedRecorder {
  readonly acked = new Set<number>()
  readonly rejected: number[] = []
  private readonly batches
  private next = 0

  constructor(
    readonly sessionId: string,
    seed: number,
    private readonly answers: Answers
  ) {
    this.batches = syntheticBatches({ seed, sessionId, events: 20_000, batchSize: 40, startAt: Date.now() - 3_600_000 })
  }

  private async deliver(target: () => Target, body: Buffer, seq: number, giveUpAt: number): Promise<void> {
    for (let delay = 100; Date.now() < giveUpAt; delay = Math.min(delay * 2, 2000)) {
      const { status, retryAfter } = await post(target(), body)
      this.answers.note(status, retryAfter)
      if (status >= 200 && status < 300) return void this.acked.add(seq)
      if (status >= 400 && status < 500) return void this.rejected.push(seq)
      await sleep(delay)
    }
  }

  /** Sends until `stopAt`, then finishes the batch in hand (its retries may take until `giveUpAt`). */
  async run(target: () => Target, stopAt: number, giveUpAt: number): Promise<void> {
    while (Date.now() < stopAt && this.next < this.batches.length) {
      const batch = this.batches[this.next++]!
      await this.deliver(target, gzipBatch(batch), batch.seq, giveUpAt)
      await sleep(BATCH_EVERY_MS * (0.5 + Math.random()))
    }
  }
}

async function timedStart(dbPath: string, port: number): Promise<{ serve: ServeProcess; ms: number }> {
  const started = performance.now()
  const serve = await startServe(dbPath, ['--port', String(port)])
  return { serve, ms: performance.now() - started }
}

async function stop(serve: ServeProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise((resolve) => serve.child.once('exit', resolve))
  serve.child.kill(signal)
  await exited
}

/** Compares what the recorders were told was stored with what the file holds. */
function compare(
  dbPath: string,
  recorders: SimulatedRecorder[]
): { acknowledged: number; stored: number; lost: number; unacknowledged: number; integrity: string } {
  const store = Store.open(dbPath, { readonly: true })
  try {
    let acknowledged = 0
    let stored = 0
    let lost = 0
    let unacknowledged = 0
    for (const recorder of recorders) {
      const seqs = new Set(store.getBatches(recorder.sessionId).map((batch) => batch.seq))
      acknowledged += recorder.acked.size
      stored += seqs.size
      for (const seq of recorder.acked) if (!seqs.has(seq)) lost++
      for (const seq of seqs) if (!recorder.acked.has(seq)) unacknowledged++
    }
    return {
      acknowledged,
      stored,
      lost,
      unacknowledged,
      integrity: String(store.db.pragma('integrity_check', { simple: true }))
    }
  } finally {
    store.close()
  }
}

async function crashRun(): Promise<boolean> {
  const dir = tempDir('ri-soak-')
  const dbPath = join(dir.path, 'soak.db')
  const port = await freePort()
  try {
    let { serve, ms } = await timedStart(dbPath, port)
    const target: Target = { port, key: storedIngestKey(dbPath) }
    say(`soak: ${RECORDERS} recorders, ${SECONDS} s, ${KILLS}× kill -9 of serve (first start ${ms.toFixed(0)} ms)`)
    const answers = new Answers()
    const recorders = Array.from(
      { length: RECORDERS },
      (_, i) => new SimulatedRecorder(`soak-recorder-${String(i).padStart(3, '0')}`, i, answers)
    )
    const start = Date.now()
    const stopAt = start + SECONDS * 1000
    const running = recorders.map((recorder) => recorder.run(() => target, stopAt, stopAt + 60_000))
    const restarts: number[] = []
    for (let kill = 1; kill <= KILLS; kill++) {
      await sleep(start + (SECONDS * 1000 * kill) / (KILLS + 1) - Date.now())
      await stop(serve, 'SIGKILL')
      ;({ serve, ms } = await timedStart(dbPath, port))
      restarts.push(ms)
      say(
        `  kill -9 #${kill} at ${((Date.now() - start) / 1000).toFixed(1)} s: restarted on the same file in ${ms.toFixed(0)} ms`
      )
    }
    await Promise.all(running)
    await stop(serve, 'SIGTERM')
    const result = compare(dbPath, recorders)
    const rejected = recorders.reduce((sum, recorder) => sum + recorder.rejected.length, 0)
    say(`  answers: ${answers}`)
    say(
      `  acknowledged ${result.acknowledged}, stored ${result.stored}: ${result.lost} acknowledged but lost, ${result.unacknowledged} stored but never acknowledged, ${rejected} rejected; integrity_check ${result.integrity}`
    )
    say(`  restart times: ${restarts.map((restart) => `${restart.toFixed(0)} ms`).join(', ')}`)
    return result.acknowledged === result.stored && result.lost === 0 && result.integrity === 'ok' && rejected === 0
  } finally {
    dir.remove()
  }
}

/** The disk-full run: 16 MB tmpfs (needs root), filled up while recorders send, then freed. */
async function diskFullRun(): Promise<boolean | null> {
  const mountPoint = join(tempDir('ri-soak-full-').path, 'tmpfs')
  mkdirSync(mountPoint)
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'pipe' })
  } catch (error) {
    say(`disk-full run skipped: cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`)
    return null
  }
  const dbPath = join(mountPoint, 'full.db')
  const filler = join(mountPoint, 'filler')
  try {
    const port = await freePort()
    const { serve } = await timedStart(dbPath, port)
    const target: Target = { port, key: storedIngestKey(dbPath) }
    const free = () => {
      const stats = statfsSync(mountPoint)
      return stats.bavail * stats.bsize
    }
    // Leave a little room, so the database fills it within seconds.
    writeFileSync(filler, Buffer.alloc(Math.max(0, free() - 1024 * 1024)))
    say(`disk-full run: 16 MB tmpfs, ${(free() / 1024).toFixed(0)} KB left for the database`)
    const answers = new Answers()
    const recorders = Array.from(
      { length: 10 },
      (_, i) => new SimulatedRecorder(`full-recorder-${String(i).padStart(3, '0')}`, 100 + i, answers)
    )
    const phaseMs = Math.min(20_000, (SECONDS * 1000) / 3)
    const start = Date.now()
    const running = recorders.map((recorder) =>
      recorder.run(() => target, start + 2 * phaseMs, start + 2 * phaseMs + 60_000)
    )
    await sleep(phaseMs)
    const whileFull = new Map(answers.counts)
    rmSync(filler)
    say(
      `  full for ${(phaseMs / 1000).toFixed(0)} s: ${[...whileFull].map(([key, n]) => `${key}: ${n}`).join(', ')}; then freed ${(free() / 1024 / 1024).toFixed(1)} MB`
    )
    await Promise.all(running)
    const alive = serve.child.exitCode === null
    await stop(serve, 'SIGTERM').catch(() => {})
    const result = compare(dbPath, recorders)
    const fiveHundreds = [...answers.counts]
      .filter(([key]) => key.startsWith('5') && !key.startsWith('503 (Retry-After'))
      .reduce((sum, [, n]) => sum + n, 0)
    say(`  answers overall: ${answers}`)
    say(
      `  serve ${alive ? 'stayed up' : 'had exited'}; acknowledged ${result.acknowledged}, stored ${result.stored}, lost ${result.lost}, integrity_check ${result.integrity}`
    )
    const recovered = [...answers.counts.keys()].includes('200') && result.acknowledged > 0
    return (
      alive &&
      fiveHundreds === 0 &&
      result.lost === 0 &&
      result.integrity === 'ok' &&
      recovered &&
      (whileFull.get('503 (Retry-After 5)') ?? 0) > 0
    )
  } finally {
    execFileSync('umount', [mountPoint])
    if (existsSync(mountPoint)) rmSync(join(mountPoint, '..'), { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const crashOk = await crashRun()
  const diskOk = args.includes('--skip-disk-full') ? null : await diskFullRun()
  agent.destroy()
  say(
    `soak: crash run ${crashOk ? 'passed' : 'FAILED'}; disk-full run ${diskOk === null ? 'not run' : diskOk ? 'passed' : 'FAILED'}`
  )
  process.exitCode = crashOk && diskOk !== false ? 0 : 1
}

void main()
