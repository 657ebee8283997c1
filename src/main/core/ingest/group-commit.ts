import type { Store } from '../store/store'
import type { IngestResult, Ingestor, PreparedBatch } from './ingest-batch'

interface Pending {
  prepared: PreparedBatch
  resolve: (result: IngestResult) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: batches that arrive in the same turn of the event loop are written in one SQLite
 * transaction, so concurrent senders share one WAL commit instead of paying one each (the commit was
 * the receiver's largest single cost). Each batch runs in its own savepoint (store.savepoint), so a
 * failing batch is rolled back alone. Every caller is answered only
 * after the whole transaction committed — a batch is never acknowledged before it is durable.
 */
export class GroupCommitter {
  private pending: Pending[] = []
  private scheduled = false

  constructor(
    private readonly store: Store,
    private readonly ingestor: Ingestor
  ) {}

  submit(prepared: PreparedBatch): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ prepared, resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        // setImmediate runs after the I/O callbacks of this loop turn: the requests that arrived
        // together have all been decoded and queued by then.
        setImmediate(() => this.flush())
      }
    })
  }

  private flush(): void {
    const group = this.pending
    this.pending = []
    this.scheduled = false
    const outcomes: ({ ok: true; result: IngestResult } | { ok: false; error: unknown })[] = []
    try {
      this.store.transaction(() => {
        for (const { prepared } of group) {
          try {
            outcomes.push({ ok: true, result: this.store.savepoint(() => this.ingestor.write(prepared)) })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (error) {
      // The commit itself failed (disk full, busy): nothing of the group was stored.
      for (const { reject } of group) reject(error)
      return
    }
    group.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) resolve(outcome.result)
      else reject(outcome.error)
    })
  }
}
