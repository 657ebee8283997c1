// The interaction index behind search, built from the shared step model (src/shared/events) as batches
// arrive: the Ingestor's hook queues each stored batch (index-queue.ts says when the queue drains), each
// batch's steps are written by segment-writer.ts, live page loads stay in memory (segment-cache.ts).
//
// Nothing but the stored batches is needed to (re)build the index: search_segments records, per page load,
// how many batches were indexed and up to which seq, so `catchUp` finds batches stored but never indexed
// (the process stopped before a drain, another process wrote them) and indexes them from the store.
//
// One batch can never stop indexing: each is indexed in its own savepoint; a batch that breaks analysis is
// quarantined (batch_failures, stage 'index': recorded with its error, counted as indexed, skipped by every
// later rebuild) and the next batch goes on. Database errors (busy, closed) are not the batch's fault: they
// postpone the drain instead.
import type { IngestBatch, RecordedEvent } from '../../../shared/types'
import type { BatchIndexer, StoredBatchKey } from '../ingest/ingest-batch'
import { decodeStoredEvents } from '../store/replay-codec'
import type { SearchIndexStore, SegmentProgress } from '../store/search-index'
import type { Store } from '../store/store'
import { DEAD_WINDOW_MS } from '../../../shared/events/rules'
import { DRAIN_SLICE_MS, IndexQueue, type IndexQueueTiming, type QueuedBatch } from './index-queue'
import { newSegmentState, SegmentCache, type SegmentState } from './segment-cache'
import { applyBatch, rebuildState } from './segment-writer'

/**
 * Bump when what the indexer extracts changes: sessions indexed by an older version are stale and are
 * rebuilt in the background at start, by `reindex`, and by the next batch they receive.
 */
// 2: error events read as "TypeError: message (app.js:12:5)" instead of their JSON payload.
// 3: the shared step model: typing bursts keep the value as typed (not the page's own changes), a tap is
//    one 'touch' (not a touchstart and a click), labels name the interactive element, form submits.
// 4: console calls (rows `console-<level>`) and requests (search_requests, migration 008).
export const INDEX_VERSION = 4

/** Batches per drain transaction. */
const DRAIN_BATCHES = 100

export interface ReindexProgress {
  done: number
  total: number
  sessionId: string
}

export interface ReindexResult {
  reindexed: number
  /** Sessions whose reindex failed as a whole (a database error): the rest were reindexed. */
  failed: { sessionId: string; error: string }[]
}

const newGeneration = () => Math.floor(Math.random() * 2 ** 31)

/** A database problem (busy, closed, disk full), not something wrong with the batch being indexed. */
export const isDatabaseError = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'SqliteError' ||
    String((error as { code?: unknown }).code ?? '').startsWith('SQLITE') ||
    /database connection is not open/i.test(error.message))

export class InteractionIndexer implements BatchIndexer {
  readonly index: SearchIndexStore
  private readonly cache = new SegmentCache()
  private readonly queue: IndexQueue
  /** Told which sessions a drain indexed, after it committed (the list's error and rage counts follow). */
  onIndexed: ((sessionIds: ReadonlySet<string>) => void) | null = null
  /** Where indexing problems are reported (a quarantined batch, a postponed drain). */
  onError: (message: string) => void = (message) => process.stderr.write(`search index: ${message}\n`)

  constructor(
    private readonly store: Store,
    timing: IndexQueueTiming = {}
  ) {
    this.index = store.searchIndex
    this.queue = new IndexQueue(() => this.drainSlice(), timing)
  }

  /** Whether stored batches schedule their own drains (off: the caller drains). */
  set autoDrain(on: boolean) {
    this.queue.autoDrain = on
  }

  /** The Ingestor's hook, inside the ingest transaction: queues the batch (see index-queue.ts). */
  indexBatch(batch: IngestBatch, receivedAt: number): void {
    const { sessionId, segment, seq } = batch
    this.queue.push({ sessionId, segment, seq, receivedAt }, batch.events)
  }

  /** The Ingestor's hook for a batch stored without its events in memory (a file import): read back when drained. */
  indexStoredBatch({ sessionId, segment, seq }: StoredBatchKey, receivedAt: number): void {
    this.queue.push({ sessionId, segment, seq, receivedAt }, null)
  }

  /** Whether its store is still open (background work stops when it is not). */
  get isOpen(): boolean {
    return this.store.isOpen
  }

  /** How many batches wait to be indexed. */
  get queued(): number {
    return this.queue.length
  }

  /** Indexes every queued batch now (a search calls this first); returns how many there were. */
  drain(onProgress?: (done: number, left: number) => void): number {
    let done = 0
    while (this.queue.length > 0) {
      done += this.drainSome(Infinity)
      onProgress?.(done, this.queue.length)
    }
    return done
  }

  /** Stops scheduled drains (the queue stays; drain() still works). */
  stop(): void {
    this.queue.stop()
  }

  private drainSlice(): void {
    try {
      const started = performance.now()
      while (this.queue.length > 0 && performance.now() - started < DRAIN_SLICE_MS) this.drainSome(DRAIN_SLICE_MS)
    } catch (error) {
      // The store closed, or stayed busy past busy_timeout: what is queued is indexed by the next drain,
      // or found by catchUp after a restart.
      if (!this.store.isOpen) this.queue.clear()
      else this.onError(`indexing postponed: ${(error as Error).message}`)
    }
    if (this.store.isOpen) this.queue.schedule()
  }

  /** One transaction: up to DRAIN_BATCHES queued batches or about `budgetMs` of work. */
  private drainSome(budgetMs: number): number {
    const started = performance.now()
    let done = 0
    const sessions = new Set<string>()
    this.store.transaction(() => {
      while (done < DRAIN_BATCHES && this.queue.length > 0 && performance.now() - started < budgetMs) {
        const item = this.queue.take()!
        done++
        sessions.add(item.sessionId)
        this.isolated(item.sessionId, item.segment, item.seq, () => this.indexQueued(item))
      }
    })
    if (sessions.size > 0) this.onIndexed?.(sessions)
    return done
  }

  /**
   * Runs one batch's indexing in a savepoint. If analysis throws, its work is undone, the page load's cached
   * state forgotten (its mirror may be half-updated) and the batch quarantined.
   */
  private isolated(sessionId: string, segment: number, seq: number, work: () => void): void {
    try {
      this.store.savepoint(work)
    } catch (error) {
      this.cache.forgetSegment(sessionId, segment)
      if (isDatabaseError(error)) throw error
      this.quarantine(sessionId, segment, seq, error as Error)
    }
  }

  /** Records the failure and counts the batch as indexed, so neither a drain nor catchUp tries it again. */
  private quarantine(sessionId: string, segment: number, seq: number, error: Error): void {
    this.onError(`batch ${seq} of session ${sessionId} quarantined: ${error.message}`)
    this.store.savepoint(() => {
      if (!this.index.sessionExists(sessionId)) return
      this.index.failures.record(sessionId, seq, 'index', error.message)
      const { progress } = this.index.indexProgress(sessionId, segment)
      this.index.putSegmentProgress(sessionId, segment, {
        last_seq: Math.max(progress?.last_seq ?? -1, seq),
        batch_count: (progress?.batch_count ?? 0) + 1,
        snapshot_seq: progress?.snapshot_seq ?? null,
        generation: progress?.generation ?? newGeneration()
      })
    })
  }

  private indexQueued(item: QueuedBatch): void {
    const { sessionId, segment, seq } = item
    // Gone meanwhile: rolled back with its ingest transaction, or the session was deleted.
    if (!this.index.hasStoredBatch(sessionId, seq)) return
    const { version, progress } = this.index.indexProgress(sessionId, segment)
    if (version === null) {
      // Indexing starts with a session's first batch; earlier ones (stored while indexing was off, or
      // before a crash) mean the whole session is indexed from the store.
      if (this.index.firstStoredSeq(sessionId) !== seq) return this.reindexSession(sessionId, item.receivedAt)
      this.index.setIndexVersion(sessionId, INDEX_VERSION, item.receivedAt)
    } else if (version !== INDEX_VERSION) {
      return this.reindexSession(sessionId, item.receivedAt)
    }
    if (progress && seq <= progress.last_seq) {
      // Indexed already (a catch-up or reindex read it from the store), or a retried batch that arrived
      // after its successors: mutations only make sense in order, so the session is rebuilt.
      if (this.index.storedBatchCount(sessionId, segment) === progress.batch_count) return
      return this.reindexSession(sessionId, item.receivedAt)
    }
    const events = item.events ?? this.index.storedEvents(sessionId, seq)
    this.indexNext(sessionId, segment, seq, events, progress)
  }

  /** Indexes the next batch of a page load (seq above everything indexed in it). */
  private indexNext(
    sessionId: string,
    segment: number,
    seq: number,
    events: readonly RecordedEvent[],
    progress: SegmentProgress | undefined
  ): void {
    // A new page load is a navigation for the clicks the previous one left undecided.
    if (!progress && segment > 0 && events.length > 0) {
      this.index.resolveUndecidedClicks(sessionId, events[0]!.timestamp, DEAD_WINDOW_MS)
    }
    applyBatch(this.index, sessionId, seq, events, this.stateFor(sessionId, segment, progress))
  }

  /**
   * Indexes stored batches the index has not covered: of sessions indexed by this version, batches stored
   * after the last drain (the process stopped first, or another process stored them). Sessions never
   * indexed, or by an older version, are left to reindex. Returns how many batches it indexed.
   */
  catchUp(budgetMs = Infinity): number {
    const started = performance.now()
    let done = 0
    for (const gap of this.index.indexGaps(INDEX_VERSION)) {
      if (performance.now() - started > budgetMs) break
      this.store.transaction(() => {
        const stored = this.index.segmentSeqs(gap.sessionId, gap.segment)
        const lastSeq = gap.progress?.last_seq ?? -1
        const covered = stored.filter((seq) => seq <= lastSeq).length
        // Batches stored out of order below what was indexed: the session is rebuilt (each batch isolated).
        if (covered !== (gap.progress?.batch_count ?? 0)) return this.reindexSession(gap.sessionId)
        for (const seq of stored.filter((seq) => seq > lastSeq)) {
          this.isolated(gap.sessionId, gap.segment, seq, () => {
            const { progress } = this.index.indexProgress(gap.sessionId, gap.segment)
            this.indexNext(gap.sessionId, gap.segment, seq, this.index.storedEvents(gap.sessionId, seq), progress)
          })
          done++
        }
      })
    }
    return done
  }

  /**
   * Rebuilds one session's index from its stored batches (in its own transaction unless inside one),
   * leaving out quarantined batches and quarantining any that fails now. A session that no longer exists
   * (deleted meanwhile) is skipped.
   */
  reindexSession(sessionId: string, at = Date.now()): void {
    this.cache.forgetSession(sessionId)
    try {
      this.store.transaction(() => {
        if (!this.index.sessionExists(sessionId)) return
        this.index.clearSession(sessionId)
        this.index.setIndexVersion(sessionId, INDEX_VERSION, at)
        const skip = this.index.failures.seqs(sessionId, 'index')
        const generation = newGeneration()
        let state: SegmentState | null = null
        for (const batch of this.index.sessionBatches(sessionId)) {
          if (!state || batch.segment !== state.steps.segment) {
            if (state) this.cache.remember(sessionId, state.steps.segment, state)
            state = newSegmentState(batch.segment, generation)
          }
          const current: SegmentState = state
          if (skip.has(batch.seq)) {
            this.countSkipped(sessionId, batch.seq, current)
            continue
          }
          this.isolated(sessionId, batch.segment, batch.seq, () =>
            applyBatch(this.index, sessionId, batch.seq, decodeStoredEvents(batch.data), current)
          )
          // A quarantined batch still counts (isolated() wrote its progress): keep the state in step.
          const { progress } = this.index.indexProgress(sessionId, batch.segment)
          if (progress && progress.batch_count !== current.batchCount) {
            current.batchCount = progress.batch_count
            current.lastSeq = progress.last_seq
          }
        }
        if (state) this.cache.remember(sessionId, state.steps.segment, state)
      })
    } catch (error) {
      this.cache.forgetSession(sessionId)
      throw error
    }
  }

  /** A quarantined batch left out of a rebuild still counts as indexed. */
  private countSkipped(sessionId: string, seq: number, state: SegmentState): void {
    state.lastSeq = seq
    state.batchCount++
    this.index.putSegmentProgress(sessionId, state.steps.segment, {
      last_seq: seq,
      batch_count: state.batchCount,
      snapshot_seq: state.snapshotSeq,
      generation: state.generation
    })
  }

  /** Reindexes `ids` one transaction each, each on its own (one failing does not stop the others). */
  reindexSessions(ids: readonly string[], onProgress?: (progress: ReindexProgress) => void): ReindexResult {
    const result: ReindexResult = { reindexed: 0, failed: [] }
    ids.forEach((sessionId, i) => {
      try {
        this.reindexSession(sessionId)
        result.reindexed++
      } catch (error) {
        result.failed.push({ sessionId, error: (error as Error).message })
        this.onError(`could not reindex session ${sessionId}: ${(error as Error).message}`)
      }
      onProgress?.({ done: i + 1, total: ids.length, sessionId })
    })
    if (ids.length > 0) this.index.dropOrphans()
    return result
  }

  /** Sessions never indexed or indexed by an older INDEX_VERSION, newest first. */
  staleSessionIds(): string[] {
    return this.index.staleSessionIds(INDEX_VERSION)
  }

  /** The segment's live state: cached if it is exactly what the store says was indexed, else rebuilt. */
  private stateFor(sessionId: string, segment: number, progress: SegmentProgress | undefined): SegmentState {
    if (!progress) {
      const state = newSegmentState(segment, newGeneration())
      this.cache.remember(sessionId, segment, state)
      return state
    }
    const cached = this.cache.get(sessionId, segment)
    if (
      cached &&
      cached.lastSeq === progress.last_seq &&
      cached.batchCount === progress.batch_count &&
      cached.generation === progress.generation
    ) {
      this.cache.remember(sessionId, segment, cached)
      return cached
    }
    const skip = this.index.failures.seqs(sessionId, 'index')
    const state = rebuildState(this.index, sessionId, segment, progress, skip, (seq, error) => {
      this.onError(`batch ${seq} of session ${sessionId} quarantined: ${error.message}`)
      this.index.failures.record(sessionId, seq, 'index', error.message)
    })
    this.cache.remember(sessionId, segment, state)
    return state
  }
}
