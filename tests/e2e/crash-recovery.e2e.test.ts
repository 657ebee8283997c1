// kill -9 the serve process while senders are posting; after a restart every acknowledged batch must be
// there, the database must pass integrity_check, and session totals must match their batches
// (the batch row and the session update commit together or not at all).
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Store } from '../../src/main/core/store/store'
import { startServe } from '../helpers/cli'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, tempDir } from '../helpers/test-core'

const dir = tempDir()
afterAll(() => dir.remove())

const SENDERS = 6

describe('crash safety', () => {
  it('keeps every acknowledged batch across kill -9', async () => {
    const dbPath = join(dir.path, 'crash.db')
    const serve = await startServe(dbPath)
    const acknowledged: { sessionId: string; seq: number }[] = []
    let killed = false

    const sender = async (index: number) => {
      const batches = syntheticBatches({
        seed: index,
        sessionId: `crash-sender-${index}`,
        events: 20_000,
        batchSize: 50
      })
      for (const batch of batches) {
        if (killed) return
        try {
          const response = await postBatch(serve, gzipBatch(batch))
          if (response.status === 200) acknowledged.push({ sessionId: batch.sessionId, seq: batch.seq })
        } catch {
          return // connection reset by the kill
        }
      }
    }
    const sending = Promise.all(Array.from({ length: SENDERS }, (_, i) => sender(i)))
    // Kill mid-stream, once a good number of batches were acknowledged.
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 20))
    serve.child.kill('SIGKILL')
    killed = true
    await sending
    await new Promise((resolve) => serve.child.once('exit', resolve))

    // Restart on the same database (recovers the WAL), then check from a separate connection.
    const restarted = await startServe(dbPath)
    restarted.child.kill('SIGTERM')
    await new Promise((resolve) => restarted.child.once('exit', resolve))

    const store = Store.open(dbPath)
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
      const missing = acknowledged.filter(({ sessionId, seq }) => !store.hasBatch(sessionId, seq))
      expect(missing).toEqual([])
      for (const session of store.listSessions()) {
        const batches = store.getBatches(session.id)
        expect(session.batchCount).toBe(batches.length)
        expect(session.eventCount).toBe(batches.reduce((sum, batch) => sum + batch.event_count, 0))
      }
      expect(acknowledged.length).toBeGreaterThanOrEqual(150)
    } finally {
      store.close()
    }
  })
})
