// When the search index is written: the ingest hook only queues a stored batch, and the queue is drained in
// bulk once batches stop arriving for `quietMs`, or once the oldest queued batch has waited `maxDelayMs`
// (steady traffic is still indexed, a slice at a time). Indexing costs ~1.5x what storing a batch costs and
// both share the receiver's thread: draining during a burst cut the burst's ingest rate by more than half.
// Writing each batch's index rows in the batch's own transaction wrote 2.6x the WAL pages of the batch alone
// (every index B-tree re-written per commit), so one drain writes many batches per transaction.
import type { RecordedEvent } from '../../../shared/types'

/** A batch waiting to be indexed; `events` is dropped (read back from the store) when the queue is long. */
export interface QueuedBatch {
  sessionId: string
  segment: number
  seq: number
  receivedAt: number
  events: readonly RecordedEvent[] | null
  /** performance.now() when it was queued. */
  queuedAt: number
}

/** Queued batches that keep their parsed events; beyond this only the keys are kept. */
const MAX_QUEUED_EVENTS = 500
/** How long one drain slice may hold the event loop. */
export const DRAIN_SLICE_MS = 25
/** A drain waits until no batch arrived for this long (a burst of batches is stored first)... */
const INGEST_QUIET_MS = 50
/** ...or until the oldest queued batch has waited this long. */
const MAX_INDEX_DELAY_MS = 3000

export interface IndexQueueTiming {
  quietMs?: number
  maxDelayMs?: number
}

export class IndexQueue {
  private items: QueuedBatch[] = []
  private scheduled: ReturnType<typeof setTimeout> | null = null
  private lastQueuedAt = 0
  /** Whether push schedules drains (off: the owner drains). */
  autoDrain = true
  private readonly quietMs: number
  private readonly maxDelayMs: number

  /** `drainSlice` is called when ingest is quiet; it takes items with `take` until its time is up. */
  constructor(
    private readonly drainSlice: () => void,
    timing: IndexQueueTiming = {}
  ) {
    this.quietMs = timing.quietMs ?? INGEST_QUIET_MS
    this.maxDelayMs = timing.maxDelayMs ?? MAX_INDEX_DELAY_MS
  }

  get length(): number {
    return this.items.length
  }

  push(item: Omit<QueuedBatch, 'queuedAt' | 'events'>, events: readonly RecordedEvent[] | null): void {
    this.lastQueuedAt = performance.now()
    this.items.push({
      ...item,
      events: this.items.length < MAX_QUEUED_EVENTS ? events : null,
      queuedAt: this.lastQueuedAt
    })
    this.schedule()
  }

  take(): QueuedBatch | undefined {
    return this.items.shift()
  }

  clear(): void {
    this.items = []
  }

  /** Stops scheduled drains (the queue stays). */
  stop(): void {
    if (this.scheduled !== null) clearTimeout(this.scheduled)
    this.scheduled = null
    this.autoDrain = false
  }

  /** Runs drainSlice when ingest is quiet or the oldest queued batch is overdue. */
  schedule(): void {
    if (!this.autoDrain || this.scheduled !== null || this.items.length === 0) return
    const now = performance.now()
    const overdue = now - this.items[0]!.queuedAt >= this.maxDelayMs
    const wait = overdue ? 0 : Math.max(0, this.lastQueuedAt + this.quietMs - now)
    this.scheduled = setTimeout(() => {
      this.scheduled = null
      if (this.items.length === 0) return // a search drained it meanwhile
      const stillBusy = performance.now() - this.lastQueuedAt < this.quietMs
      if (stillBusy && performance.now() - this.items[0]!.queuedAt < this.maxDelayMs) this.schedule()
      else this.drainSlice()
    }, wait)
    this.scheduled.unref?.()
  }
}
