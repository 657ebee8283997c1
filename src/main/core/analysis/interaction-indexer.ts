// The interaction index, built as batches arrive.
//
// The Ingestor calls indexBatch inside the transaction that stores each new batch; indexBatch only queues
// the parsed batch. The queue is drained in bulk, many batches per transaction: measured on the bench data,
// writing each batch's index rows in the batch's own transaction wrote 2.6x the WAL pages of the batch
// alone (every index B-tree touched re-written per commit), and the receiver had to wait for the
// extraction before acknowledging. Indexing yields to ingest: a drain starts once batches stop arriving
// for INGEST_QUIET_MS, or once the oldest queued batch has waited MAX_INDEX_DELAY_MS (so steady traffic
// is still indexed, a slice at a time). Indexing costs ~1.5x what storing a batch costs and both share
// the receiver's thread, so draining during a burst cut the burst's ingest rate by more than half. A
// search drains the queue first, so it always sees every stored batch.
//
// Nothing but the stored batches is needed to (re)build the index: search_segments records, per page load,
// how many batches were indexed and up to which seq, so `catchUp` finds batches stored but never indexed
// (the process stopped before a drain, another process wrote them) and indexes them from the store.
//
// How a page load's DOM mirror survives across batches: live mirrors stay in memory (a small LRU of
// segments); when one is missing (after a restart, an eviction, a reindex by another process, or a rolled
// back drain) it is rebuilt from the stored batches of its segment, starting at the batch holding the newest
// full snapshot (search_segments.snapshot_seq), so a rebuild decodes at most one checkout interval (~30 s)
// of events. Persisting the mirror itself would mean writing the whole DOM after every batch.
import type Database from 'better-sqlite3'
import { RrwebEventType, type IngestBatch, type RecordedEvent } from '../../../shared/types'
import { hash53 } from '../codec/hash53'
import type { BatchIndexer } from '../ingest/ingest-batch'
import { decodeStoredEvents } from '../store/replay-codec'
import { DeadState, SearchIndexStore, type SegmentProgress } from '../store/search-index'
import { DEAD_WINDOW_MS, deadVerdict, RAGE_WINDOW_MS, RageDetector, type ClickPoint } from './click-rules'
import { SegmentExtractor, type ExtractorSink, type Interaction } from './interaction-extractor'
import { pathLabel, pathTokens, type RecordedPath } from './recorded-path'

/**
 * Bump when what the indexer extracts changes: sessions indexed by an older version are stale and are
 * rebuilt by `reindex` (and by the next batch they receive).
 */
// 2: error events read as "TypeError: message (app.js:12:5)" instead of their JSON payload.
export const INDEX_VERSION = 2

/**
 * Live page-load mirrors kept in memory, bounded by their total node count rather than by how many there are:
 * a miss rebuilds the mirror from the page load's last full snapshot, so with more concurrently active
 * sessions than cache slots (a fixed 32 before) every batch missed and indexing cost grew with the square of
 * a session's length. 300,000 nodes is on the order of 100 MB, a few hundred typical pages.
 */
const MAX_CACHED_NODES = 300_000
/** Never fewer than this many mirrors, however large the pages. */
const MIN_CACHED_SEGMENTS = 8
/** Distinct texts remembered per page load (beyond this, the store's primary key still dedupes). */
const MAX_REMEMBERED_TEXTS = 5000
/** Consecutive inputs into one field within this time are one row (typing a word is one input). */
const INPUT_COALESCE_MS = 5000
/** Distinct paths remembered per page load. */
const MAX_REMEMBERED_PATHS = 2000

interface PendingRow {
  item: Interaction
  /** Set once written. */
  id?: number
  rage: boolean
  dead: number | null
  /** This click's entry in the rage detector, told the row id once the row is written. */
  rageEntry: RageEntry | null
}

interface RageEntry extends ClickPoint {
  /** Stored row id, or null while the row is still pending in this batch. */
  id: number | null
  pending: PendingRow | null
}

interface SegmentState {
  extractor: SegmentExtractor
  lastSeq: number
  /** Batches indexed into this page load. */
  batchCount: number
  snapshotSeq: number | null
  generation: number
  rage: RageDetector<RageEntry>
  texts: Set<string>
  /** Stored clicks of this page load still undecided (dead or not), oldest first. */
  undecided: UndecidedClick[]
  /** Path JSON -> search_paths id, for paths this page load already stored or found. */
  paths: Map<string, number>
}

interface UndecidedClick {
  id: number
  ts: number
}

/** A click whose dead-click window is open: stored (id) or still pending in this batch (row). */
interface Undecided {
  ts: number
  id: number | null
  row: PendingRow | null
}

export interface ReindexProgress {
  done: number
  total: number
  sessionId: string
}

const newGeneration = () => Math.floor(Math.random() * 2 ** 31)
const cacheKey = (sessionId: string, segment: number) => `${sessionId}\u0000${segment}`

/** A batch waiting to be indexed; `events` is dropped (read back from the store) when the queue is long. */
interface QueuedBatch {
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
/** Batches per drain transaction, and how long one drain slice may hold the event loop. */
const DRAIN_BATCHES = 100
const DRAIN_SLICE_MS = 25
/** A drain waits until no batch arrived for this long (a burst of batches is stored first)... */
const INGEST_QUIET_MS = 50
/** ...or until the oldest queued batch has waited this long. */
const MAX_INDEX_DELAY_MS = 3000

export class InteractionIndexer implements BatchIndexer {
  readonly index: SearchIndexStore
  private readonly cache = new Map<string, SegmentState>()
  private queue: QueuedBatch[] = []
  private scheduled: ReturnType<typeof setTimeout> | null = null
  /** performance.now() of the last indexBatch. */
  private lastQueuedAt = 0
  /** Whether indexBatch schedules drains (see the header; off: the caller drains). */
  autoDrain = true
  /** Where a batch that could not be indexed is reported (its session is left stale for a reindex). */
  onError: (message: string) => void = (message) => process.stderr.write(`search index: ${message}\n`)

  /** When drains start (see the header); tests lengthen them so a slow machine cannot end a burst early. */
  private readonly quietMs: number
  private readonly maxDelayMs: number

  constructor(
    private readonly db: Database.Database,
    timing: { quietMs?: number; maxDelayMs?: number } = {}
  ) {
    this.index = new SearchIndexStore(db)
    this.quietMs = timing.quietMs ?? INGEST_QUIET_MS
    this.maxDelayMs = timing.maxDelayMs ?? MAX_INDEX_DELAY_MS
  }

  /** The Ingestor's hook, inside the ingest transaction: queues the batch (see the header). */
  indexBatch(batch: IngestBatch, receivedAt: number): void {
    const { sessionId, segment, seq } = batch
    this.lastQueuedAt = performance.now()
    this.queue.push({
      sessionId,
      segment,
      seq,
      receivedAt,
      events: this.queue.length < MAX_QUEUED_EVENTS ? batch.events : null,
      queuedAt: this.lastQueuedAt
    })
    this.scheduleDrain()
  }

  /** Runs drainSlice when ingest is quiet or the oldest queued batch is overdue (see the header). */
  private scheduleDrain(): void {
    if (!this.autoDrain || this.scheduled !== null || this.queue.length === 0) return
    const now = performance.now()
    const overdue = now - this.queue[0]!.queuedAt >= this.maxDelayMs
    const wait = overdue ? 0 : Math.max(0, this.lastQueuedAt + this.quietMs - now)
    this.scheduled = setTimeout(() => {
      this.scheduled = null
      if (this.queue.length === 0) return // a search drained it meanwhile
      const stillBusy = performance.now() - this.lastQueuedAt < this.quietMs
      if (stillBusy && performance.now() - this.queue[0]!.queuedAt < this.maxDelayMs) this.scheduleDrain()
      else this.drainSlice()
    }, wait)
    this.scheduled.unref?.()
  }

  /** How many batches wait to be indexed. */
  get queued(): number {
    return this.queue.length
  }

  /** Indexes every queued batch now (a search calls this first); returns how many there were. */
  drain(): number {
    let done = 0
    while (this.queue.length > 0) done += this.drainSome(Infinity)
    return done
  }

  /** Stops scheduled drains (the queue stays; drain() still works). */
  stop(): void {
    if (this.scheduled !== null) clearTimeout(this.scheduled)
    this.scheduled = null
    this.autoDrain = false
  }

  private drainSlice(): void {
    try {
      const started = performance.now()
      while (this.queue.length > 0 && performance.now() - started < DRAIN_SLICE_MS) this.drainSome(DRAIN_SLICE_MS)
    } catch (error) {
      // The store closed, or stayed busy past busy_timeout: what is queued is indexed by the next drain,
      // or found by catchUp after a restart.
      if (!this.db.open) this.queue = []
      else this.onError(`indexing postponed: ${(error as Error).message}`)
    }
    if (this.db.open) this.scheduleDrain()
  }

  /** One transaction: up to DRAIN_BATCHES queued batches or about `budgetMs` of work. */
  private drainSome(budgetMs: number): number {
    const started = performance.now()
    let done = 0
    this.db
      .transaction(() => {
        while (done < DRAIN_BATCHES && this.queue.length > 0 && performance.now() - started < budgetMs) {
          const item = this.queue.shift()!
          done++
          this.indexIsolated(item.sessionId, () => this.indexQueued(item))
        }
      })
      .immediate()
    return done
  }

  /**
   * Runs one batch's (or session's) indexing in a savepoint: a failure loses that work only, forgets the
   * session's cached mirrors and leaves the session stale, so a reindex rebuilds it.
   */
  private indexIsolated(sessionId: string, work: () => void): void {
    try {
      this.db.transaction(work)()
    } catch (error) {
      this.forgetSession(sessionId)
      this.onError(`could not index session ${sessionId}: ${(error as Error).message}`)
      try {
        this.index.markStale(sessionId)
      } catch {
        // The session itself may be gone; nothing to mark.
      }
    }
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
    this.applyBatch(sessionId, segment, seq, events, this.stateFor(sessionId, segment, progress))
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
      this.db
        .transaction(() => {
          this.indexIsolated(gap.sessionId, () => {
            const stored = this.index.segmentSeqs(gap.sessionId, gap.segment)
            const lastSeq = gap.progress?.last_seq ?? -1
            const covered = stored.filter((seq) => seq <= lastSeq).length
            if (covered !== (gap.progress?.batch_count ?? 0)) return this.reindexSession(gap.sessionId)
            let progress = gap.progress
            for (const seq of stored.filter((seq) => seq > lastSeq)) {
              this.indexNext(gap.sessionId, gap.segment, seq, this.index.storedEvents(gap.sessionId, seq), progress)
              progress = this.index.indexProgress(gap.sessionId, gap.segment).progress
              done++
            }
          })
        })
        .immediate()
    }
    return done
  }

  /**
   * Rebuilds one session's index from its stored batches (in its own transaction unless inside one).
   * A session that no longer exists (deleted meanwhile) is skipped.
   */
  reindexSession(sessionId: string, at = Date.now()): void {
    const work = () => {
      this.forgetSession(sessionId)
      if (!this.index.sessionExists(sessionId)) return
      this.index.clearSession(sessionId)
      this.index.setIndexVersion(sessionId, INDEX_VERSION, at)
      const generation = newGeneration()
      let state: SegmentState | null = null
      let segment = -1
      for (const batch of this.index.sessionBatches(sessionId)) {
        if (!state || batch.segment !== segment) {
          segment = batch.segment
          state = this.freshState(generation)
        }
        this.applyBatch(sessionId, segment, batch.seq, decodeStoredEvents(batch.data), state)
      }
      if (state) this.remember(cacheKey(sessionId, segment), state)
    }
    if (this.db.inTransaction) work()
    else {
      try {
        this.db.transaction(work).immediate()
      } catch (error) {
        this.forgetSession(sessionId)
        throw error
      }
    }
  }

  /** Reindexes `ids` one transaction each, reporting after each; returns how many were reindexed. */
  reindexSessions(ids: readonly string[], onProgress?: (progress: ReindexProgress) => void): number {
    ids.forEach((sessionId, i) => {
      this.reindexSession(sessionId)
      onProgress?.({ done: i + 1, total: ids.length, sessionId })
    })
    if (ids.length > 0) this.index.dropOrphans()
    return ids.length
  }

  /** Sessions never indexed or indexed by an older INDEX_VERSION, newest first. */
  staleSessionIds(): string[] {
    return this.index.staleSessionIds(INDEX_VERSION)
  }

  private freshState(generation: number): SegmentState {
    return {
      extractor: new SegmentExtractor(),
      lastSeq: -1,
      batchCount: 0,
      snapshotSeq: null,
      generation,
      rage: new RageDetector<RageEntry>(),
      texts: new Set(),
      undecided: [],
      paths: new Map()
    }
  }

  /** The segment's live state: cached if it is exactly what the store says was indexed, else rebuilt. */
  private stateFor(sessionId: string, segment: number, progress: SegmentProgress | undefined): SegmentState {
    const key = cacheKey(sessionId, segment)
    const cached = this.cache.get(key)
    if (!progress) {
      const state = this.freshState(newGeneration())
      this.remember(key, state)
      return state
    }
    if (
      cached &&
      cached.lastSeq === progress.last_seq &&
      cached.batchCount === progress.batch_count &&
      cached.generation === progress.generation
    ) {
      this.remember(key, cached)
      return cached
    }
    const state = this.freshState(progress.generation)
    let latest = 0
    for (const batch of this.index.segmentBatches(sessionId, segment, progress.snapshot_seq ?? 0, progress.last_seq)) {
      const events = decodeStoredEvents(batch.data)
      state.extractor.process(events)
      for (const event of events) latest = Math.max(latest, event.timestamp)
    }
    const recent = this.index.recentClicks(sessionId, segment, latest - RAGE_WINDOW_MS)
    state.rage = new RageDetector<RageEntry>(recent.map((click) => ({ ...click, pending: null })))
    state.undecided = this.index.undecidedClicks(sessionId, segment)
    state.lastSeq = progress.last_seq
    state.batchCount = progress.batch_count
    state.snapshotSeq = progress.snapshot_seq
    this.remember(key, state)
    return state
  }

  private remember(key: string, state: SegmentState): void {
    this.cache.delete(key)
    this.cache.set(key, state)
    let nodes = 0
    for (const cached of this.cache.values()) nodes += cached.extractor.mirror.size
    // Least recently used first (Map keeps insertion order and remember() re-inserts on every use).
    for (const [oldestKey, oldest] of this.cache) {
      if (nodes <= MAX_CACHED_NODES || this.cache.size <= MIN_CACHED_SEGMENTS) break
      nodes -= oldest.extractor.mirror.size
      this.cache.delete(oldestKey)
    }
  }

  private forgetSession(sessionId: string): void {
    const prefix = cacheKey(sessionId, 0).slice(0, -1)
    for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.cache.delete(key)
  }

  /** Extracts one batch's interactions and texts and writes them; decides earlier undecided clicks. */
  private applyBatch(
    sessionId: string,
    segment: number,
    seq: number,
    events: readonly RecordedEvent[],
    state: SegmentState
  ): void {
    const rows: PendingRow[] = []
    const texts: [string, number][] = []
    // Clicks whose dead-click window is still open: stored ones (from earlier batches) first, then this batch's.
    let undecided: Undecided[] = state.undecided.map((click) => ({ ...click, row: null }))
    const decided: [id: number, dead: number][] = []
    const decide = (click: Undecided, dead: number) => {
      if (click.row) click.row.dead = dead
      else decided.push([click.id!, dead])
    }
    let lastInput: PendingRow | null = null
    const index = this.index

    const sink: ExtractorSink = {
      time(ts) {
        // Oldest first: the window of the first undecided click closes first.
        while (undecided.length > 0 && deadVerdict(undecided[0]!.ts, null, ts) === 'dead') {
          decide(undecided.shift()!, DeadState.Dead)
        }
      },
      reaction(ts) {
        if (undecided.length === 0) return
        undecided = undecided.filter((click) => {
          if (deadVerdict(click.ts, ts, ts) !== 'alive') return true
          decide(click, DeadState.Alive)
          return false
        })
      },
      interaction(item) {
        if (
          item.kind === 'input' &&
          lastInput &&
          lastInput.item.nodeId === item.nodeId &&
          item.ts - lastInput.item.ts <= INPUT_COALESCE_MS
        ) {
          // Keep the first time and the latest value.
          lastInput.item = { ...item, ts: lastInput.item.ts }
          return
        }
        const row: PendingRow = { item, rage: false, dead: null, rageEntry: null }
        rows.push(row)
        if (item.kind === 'input') lastInput = row
        if (item.kind !== 'click') return
        row.dead = DeadState.Undecided
        undecided.push({ ts: item.ts, id: null, row })
        const entry: RageEntry = { ts: item.ts, x: item.x, y: item.y, id: null, pending: row }
        row.rageEntry = entry
        const burst = state.rage.add(entry)
        if (burst.length === 0) return
        row.rage = true
        for (const earlier of burst) {
          if (earlier.pending) earlier.pending.rage = true
          else if (earlier.id !== null) index.markRage(earlier.id)
        }
      },
      text(text, ts) {
        if (state.texts.has(text)) return
        if (state.texts.size < MAX_REMEMBERED_TEXTS) state.texts.add(text)
        texts.push([text, ts])
      }
    }
    state.extractor.process(events, sink)

    for (const [id, dead] of decided) index.decideClick(id, dead)
    for (const row of rows) {
      const { item } = row
      const id = index.insertEvent({
        sessionId,
        segment,
        ts: item.ts,
        kind: item.kind,
        pathId: item.path ? this.pathId(state, item.path) : null,
        text: item.text,
        masked: item.masked,
        x: item.x,
        y: item.y,
        rage: row.rage,
        dead: row.dead
      })
      row.id = id
      if (row.rageEntry) {
        row.rageEntry.id = id
        row.rageEntry.pending = null
      }
    }
    state.undecided = undecided.map((click) => ({ id: click.row ? click.row.id! : click.id!, ts: click.ts }))
    index.textsSeen(sessionId, segment, texts)

    const hadSnapshot = events.some((event) => event.type === RrwebEventType.FullSnapshot)
    state.lastSeq = seq
    state.batchCount++
    if (hadSnapshot) state.snapshotSeq = seq
    index.putSegmentProgress(sessionId, segment, {
      last_seq: seq,
      batch_count: state.batchCount,
      snapshot_seq: state.snapshotSeq,
      generation: state.generation
    })
  }

  /** The stored id of a recorded path (distinct paths are stored once, shared by all sessions). */
  private pathId(state: SegmentState, path: RecordedPath): number {
    const json = JSON.stringify(path)
    let id = state.paths.get(json)
    if (id === undefined) {
      id = this.index.pathId(hash53(json), json, pathLabel(path), () => pathTokens(path))
      if (state.paths.size >= MAX_REMEMBERED_PATHS) state.paths.clear()
      state.paths.set(json, id)
    }
    return id
  }
}
