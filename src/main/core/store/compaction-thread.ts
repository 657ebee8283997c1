// The main-thread side of the compaction worker: starts it when first needed, sends one job at a time,
// and turns a crash, a timeout or an error into a rejected job, never into a stuck or crashed app.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { CompactionOutcome } from './compaction-encoder'

export interface CompactionJob {
  id: number
  data: Uint8Array
}
export type CompactionReply = { id: number; outcome: CompactionOutcome } | { id: number; error: string }

/** Compacts one blob off the main thread. */
export interface CompactionRunner {
  compact(data: Uint8Array): Promise<CompactionOutcome>
  close(): Promise<void>
}

/**
 * Highest-quality brotli of a 6.5 MB batch takes ~10 s; a job taking far longer than any real batch means
 * something is wrong (the worker is stuck), so it is ended and the batch counted as failed once.
 */
export const COMPACTION_JOB_TIMEOUT_MS = 180_000

/**
 * The worker script. Built (electron-vite), it sits next to the bundle as compaction-worker.js; from
 * source (tsx, tests) it is the .ts beside this file, and the worker first registers tsx's loader (the
 * dev dependency the CLI and tests already run on) so it can import TypeScript.
 */
function startWorker(): Worker {
  const here = dirname(fileURLToPath(import.meta.url))
  const built = join(here, 'compaction-worker.js')
  if (existsSync(built)) return new Worker(built)
  // The ESM entry of tsx's API, from its exports map (require.resolve would pick the CommonJS one).
  const tsxManifest = createRequire(import.meta.url).resolve('tsx/package.json')
  const tsxExports = JSON.parse(readFileSync(tsxManifest, 'utf8')).exports as Record<
    string,
    { import: { default: string } }
  >
  const tsxApi = pathToFileURL(join(dirname(tsxManifest), tsxExports['./esm/api']!.import.default)).href
  const source = pathToFileURL(join(here, 'compaction-worker.ts')).href
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}) })`
  return new Worker(bootstrap, { eval: true })
}

interface Pending {
  /** The worker running the job: its crash fails its jobs only. */
  owner: Worker
  resolve: (outcome: CompactionOutcome) => void
  reject: (error: Error) => void
  timer: ReturnType<typeof setTimeout>
}

export function createCompactionThread(options: { timeoutMs?: number; start?: () => Worker } = {}): CompactionRunner {
  const { timeoutMs = COMPACTION_JOB_TIMEOUT_MS, start = startWorker } = options
  let worker: Worker | null = null
  let nextId = 0
  const pending = new Map<number, Pending>()

  const failJobsOf = (owner: Worker | null, error: Error) => {
    for (const [id, job] of pending) {
      if (owner !== null && job.owner !== owner) continue
      pending.delete(id)
      clearTimeout(job.timer)
      job.reject(error)
    }
  }

  function ensureWorker(): Worker {
    if (worker) return worker
    const started = start()
    // Never keeps the process alive: an idle app may exit with the worker still there.
    started.unref()
    started.on('message', (reply: CompactionReply) => {
      const job = pending.get(reply.id)
      if (!job) return
      pending.delete(reply.id)
      clearTimeout(job.timer)
      if ('error' in reply) job.reject(new Error(reply.error))
      else job.resolve(reply.outcome)
    })
    started.on('error', (error) => {
      if (worker === started) worker = null
      failJobsOf(started, new Error(`compaction worker failed: ${error.message}`))
    })
    started.on('exit', (code) => {
      if (worker === started) worker = null
      failJobsOf(started, new Error(`compaction worker exited (code ${code})`))
    })
    worker = started
    return started
  }

  return {
    compact(data) {
      const target = ensureWorker()
      const id = nextId++
      return new Promise<CompactionOutcome>((resolve, reject) => {
        const timer = setTimeout(() => {
          // The job is lost with the worker; the next job starts a fresh one.
          pending.delete(id)
          reject(new Error(`compaction took more than ${timeoutMs} ms; stopped`))
          if (worker === target) worker = null
          void target.terminate()
        }, timeoutMs)
        timer.unref()
        pending.set(id, { owner: target, resolve, reject, timer })
        target.postMessage({ id, data } satisfies CompactionJob)
      })
    },
    async close() {
      const closing = worker
      worker = null
      failJobsOf(null, new Error('compaction stopped'))
      await closing?.terminate()
    }
  }
}
