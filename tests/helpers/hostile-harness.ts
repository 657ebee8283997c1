// The hostile-input suite's harness: one real core (browser mode, SQLite file, loopback receiver), raw
// requests with a deadline (a hang is a failure, not a slow test), a health probe after every request, and
// good batches sent between the bad ones that must all be stored.
import { connect } from 'node:net'
import { expect } from 'vitest'
import { gzipBatch, syntheticBatches } from './synthetic'
import { launchToken, postBatch, rawRequest, startTestCore, type RawResponse, type TestCore } from './test-core'

/** No answer within this is a hang. */
export const ANSWER_DEADLINE_MS = 10_000
/** The receiver must answer a health request within this after every hostile request. */
export const HEALTH_DEADLINE_MS = 1000

export function withDeadline<T>(what: string, work: Promise<T>, ms = ANSWER_DEADLINE_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

/** Writes `bytes` to a fresh connection and returns the status of the first response (0: closed without one). */
export function rawExchange(port: number, bytes: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1')
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received)
      if (status) {
        socket.destroy()
        resolve(Number(status[1]))
      }
    })
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(0) : reject(error)))
    socket.on('close', () => resolve(0))
    socket.end(bytes)
  })
}

export interface HostileHarness {
  readonly core: TestCore
  readonly token: string
  /** Sends one request (with a deadline), then checks the receiver still answers quickly. */
  expectAnswer(what: string, send: () => Promise<RawResponse | number>): Promise<number>
  /** The receiver answers a health request within HEALTH_DEADLINE_MS. */
  health(): Promise<void>
  /** Sends the next good batch of the control session; it must be stored. */
  sendGoodBatch(): Promise<void>
  /** Every good batch sent is stored, and the database file is sound. */
  expectGoodBatchesStoredAndIntact(): void
  dispose(): Promise<void>
}

const GOOD_SESSION = 'hostile-control-session'

export async function startHostileHarness(options: Parameters<typeof startTestCore>[0] = {}): Promise<HostileHarness> {
  const core = await startTestCore({ browserMode: true, ...options })
  const token = launchToken(core)
  const goodBatches = syntheticBatches({ seed: 1212, sessionId: GOOD_SESSION, events: 20_000, batchSize: 20 })
  let goodSent = 0

  async function health(): Promise<void> {
    const started = performance.now()
    const response = await withDeadline(
      'a health request',
      rawRequest(core.port, { method: 'HEAD', path: '/recorder.js' }),
      HEALTH_DEADLINE_MS
    )
    expect(response.status).toBe(200)
    expect(performance.now() - started).toBeLessThan(HEALTH_DEADLINE_MS)
  }

  return {
    core,
    token,
    health,
    async expectAnswer(what, send) {
      const answer = await withDeadline(what, send()).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`)
      })
      const status = typeof answer === 'number' ? answer : answer.status
      expect(status, what).toBeLessThan(500)
      await health()
      return status
    },
    async sendGoodBatch() {
      const batch = goodBatches[goodSent++]!
      const response = await withDeadline('a good batch', postBatch(core, gzipBatch(batch)))
      expect(response.status, response.body).toBe(200)
    },
    expectGoodBatchesStoredAndIntact() {
      const missing = goodBatches.slice(0, goodSent).filter((batch) => !core.store.hasBatch(GOOD_SESSION, batch.seq))
      expect(missing.map((batch) => batch.seq)).toEqual([])
      expect(core.store.db.pragma('integrity_check', { simple: true })).toBe('ok')
    },
    dispose: () => core.dispose()
  }
}
