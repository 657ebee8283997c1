import type Database from 'better-sqlite3'
import { intervalDisposable, type Disposable } from '../disposable'
import type { Logger } from '../log'
import { decodeStoredEvents, encodeCompactedEvents } from './replay-codec'
import type { Transactions } from './transactions'

interface PendingBatch {
  session_id: string
  seq: number
  data: Buffer
}

/**
 * Re-encodes batches stored as received into the compacted encoding (see replay-codec.ts), a few at a
 * time, when the receiver is idle. Each batch is replaced in its own short transaction, only after its new
 * encoding decoded back to exactly the same events, and only when it is smaller: a crash or a bug can cost
 * compression, never data.
 */
export class ReplayCompactor {
  private readonly selectPending
  private readonly replace
  private readonly markDone
  private readonly shrinkSession

  constructor(
    db: Database.Database,
    private readonly transactions: Transactions
  ) {
    this.selectPending = db.prepare<[number, number], PendingBatch>(
      'SELECT session_id, seq, data FROM session_replay WHERE compacted = 0 AND received_at <= ? ORDER BY received_at LIMIT ?'
    )
    this.replace = db.prepare(
      'UPDATE session_replay SET data = ?, compacted = 1 WHERE session_id = ? AND seq = ? AND compacted = 0'
    )
    this.markDone = db.prepare('UPDATE session_replay SET compacted = 1 WHERE session_id = ? AND seq = ?')
    this.shrinkSession = db.prepare('UPDATE sessions SET bytes_stored = bytes_stored - ? WHERE id = ?')
  }

  /** Compacts up to `limit` batches received at or before `receivedBefore`; returns how many it looked at. */
  compactSome(limit: number, receivedBefore = Date.now()): number {
    const pending = this.selectPending.all(receivedBefore, limit)
    for (const batch of pending) this.compactOne(batch)
    return pending.length
  }

  /** Everything pending, now (the bench and tests; the app uses compactSome in idle time). */
  compactAll(): number {
    let total = 0
    for (let done = this.compactSome(200, Infinity); done > 0; done = this.compactSome(200, Infinity)) total += done
    return total
  }

  private compactOne(batch: PendingBatch): void {
    const eventsJson = JSON.stringify(decodeStoredEvents(batch.data))
    const compacted = encodeCompactedEvents(eventsJson)
    const saved = batch.data.byteLength - compacted.byteLength
    const verified = saved > 0 && JSON.stringify(decodeStoredEvents(compacted)) === eventsJson
    this.transactions.immediate(() => {
      if (!verified) {
        this.markDone.run(batch.session_id, batch.seq)
        return
      }
      // compacted = 0 in the WHERE: if the session was deleted meanwhile, nothing changes.
      if (this.replace.run(compacted, batch.session_id, batch.seq).changes === 1) {
        this.shrinkSession.run(saved, batch.session_id)
      }
    })
  }
}

/**
 * Runs the compactor in small slices while the receiver is quiet, so ingest latency never waits on
 * brotli. `lastActivity` tells when the receiver last stored a batch.
 */
export function scheduleIdleCompaction(
  compactor: ReplayCompactor,
  lastActivity: () => number,
  logger: Logger,
  options: { intervalMs?: number; quietMs?: number; minAgeMs?: number; slice?: number } = {}
): Disposable {
  const { intervalMs = 1000, quietMs = 500, minAgeMs = 10_000, slice = 10 } = options
  return intervalDisposable(() => {
    if (Date.now() - lastActivity() < quietMs) return
    try {
      compactor.compactSome(slice, Date.now() - minAgeMs)
    } catch (error) {
      logger.warn(`compaction failed (will retry): ${(error as Error).message}`)
    }
  }, intervalMs)
}
