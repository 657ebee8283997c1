import { createCompactionThread, type CompactionRunner } from './compaction-thread'
import type { Store } from './store'
import { toDisposable, type Disposable } from '../disposable'
import type { Logger } from '../log'

/** A batch whose compaction failed this often is left as received and not tried again (see batch_failures). */
export const MAX_COMPACTION_ATTEMPTS = 3

interface PendingKey {
  session_id: string
  seq: number
}

/**
 * Re-encodes batches stored as received into the compacted encoding (see replay-codec.ts), one at a time,
 * when the receiver is idle. The encoding runs in a worker thread (compaction-thread.ts); this side only
 * reads and writes rows. Each batch is replaced in its own short transaction, only after its new encoding
 * decoded back to exactly the same events, and only when it is smaller: a crash or a bug can cost
 * compression, never data. A batch whose compaction fails is recorded in batch_failures (stage 'compact')
 * and skipped after MAX_COMPACTION_ATTEMPTS, so one bad batch never holds up the ones after it.
 */
export class ReplayCompactor {
  private readonly selectPending
  private readonly selectData
  private readonly replace
  private readonly markDone
  private readonly shrinkSession
  private stopped = false

  constructor(
    private readonly store: Store,
    private readonly runner: CompactionRunner = createCompactionThread()
  ) {
    const db = store.db
    this.selectPending = db.prepare<[number, number, number], PendingKey>(`
      SELECT r.session_id, r.seq FROM session_replay r
      WHERE r.compacted = 0 AND r.received_at <= ?
        AND NOT EXISTS (SELECT 1 FROM batch_failures f
          WHERE f.session_id = r.session_id AND f.seq = r.seq AND f.stage = 'compact' AND f.attempts >= ?)
      ORDER BY r.received_at LIMIT ?`)
    this.selectData = db.prepare<[string, number], { data: Buffer }>(
      'SELECT data FROM session_replay WHERE session_id = ? AND seq = ? AND compacted = 0'
    )
    this.replace = db.prepare(
      'UPDATE session_replay SET data = ?, compacted = 1 WHERE session_id = ? AND seq = ? AND compacted = 0'
    )
    this.markDone = db.prepare('UPDATE session_replay SET compacted = 1 WHERE session_id = ? AND seq = ?')
    this.shrinkSession = db.prepare('UPDATE sessions SET bytes_stored = bytes_stored - ? WHERE id = ?')
  }

  /**
   * Compacts up to `limit` batches received at or before `receivedBefore`, one after the other; returns how
   * many it looked at (failed ones included: they are retried by a later call, up to the attempt limit).
   */
  async compactSome(limit: number, receivedBefore = Date.now()): Promise<number> {
    const pending = this.selectPending.all(receivedBefore, MAX_COMPACTION_ATTEMPTS, limit)
    for (const key of pending) {
      if (this.stopped) break
      await this.compactOne(key)
    }
    return pending.length
  }

  /** Everything pending, now (the bench and tests; the app uses compactSome in idle time). */
  async compactAll(): Promise<number> {
    let total = 0
    for (let done = await this.compactSome(200, Infinity); done > 0; done = await this.compactSome(200, Infinity)) {
      total += done
    }
    return total
  }

  /** Stops after the batch in hand (its result is dropped) and ends the worker thread. */
  async close(): Promise<void> {
    this.stopped = true
    await this.runner.close()
  }

  private async compactOne({ session_id: sessionId, seq }: PendingKey): Promise<void> {
    const row = this.selectData.get(sessionId, seq)
    if (!row) return // deleted, or compacted by another app on the same file, meanwhile
    let outcome
    try {
      outcome = await this.runner.compact(row.data)
    } catch (error) {
      if (!this.stopped) this.store.recordBatchFailure(sessionId, seq, 'compact', (error as Error).message)
      return
    }
    if (this.stopped) return
    const compacted = outcome.kind === 'compacted' ? Buffer.from(outcome.data) : null
    this.store.transaction(() => {
      if (!compacted) this.markDone.run(sessionId, seq)
      // compacted = 0 in the WHERE: if the session was deleted meanwhile, nothing changes.
      else if (this.replace.run(compacted, sessionId, seq).changes === 1) {
        this.shrinkSession.run(row.data.byteLength - compacted.byteLength, sessionId)
      }
      this.store.clearBatchFailure(sessionId, seq, 'compact')
    })
  }
}

/**
 * Runs the compactor in small slices while the receiver is quiet (`lastActivity` tells when it last
 * stored a batch); a slice never starts while the previous one runs. The heavy work is off the main
 * thread, so ingest latency never waits on brotli. Returns a stop function that ends the worker.
 */
export function scheduleIdleCompaction(
  compactor: ReplayCompactor,
  lastActivity: () => number,
  logger: Logger,
  options: { intervalMs?: number; quietMs?: number; minAgeMs?: number; slice?: number } = {}
): Disposable {
  const { intervalMs = 1000, quietMs = 500, minAgeMs = 10_000, slice = 10 } = options
  let running: Promise<void> | null = null
  const timer = setInterval(() => {
    if (running || Date.now() - lastActivity() < quietMs) return
    running = compactor
      .compactSome(slice, Date.now() - minAgeMs)
      .then(
        () => {},
        (error: unknown) => logger.warn(`compaction failed (will retry): ${(error as Error).message}`)
      )
      .finally(() => (running = null))
  }, intervalMs)
  timer.unref()
  return toDisposable(async () => {
    clearInterval(timer)
    await compactor.close()
    await running
  })
}
