// The interaction index, built at ingest: the Ingestor calls indexBatch inside the transaction that stores
// each new batch, so a batch and its index rows commit (or roll back) together.
//
// How a page load's DOM mirror survives across batches: live mirrors stay in memory (a small LRU of
// segments); when one is missing (after a restart, an eviction, a reindex by another process, or a rolled
// back transaction) it is rebuilt from the stored batches of its segment, starting at the batch holding the
// newest full snapshot (search_segments.snapshot_seq), so a rebuild decodes at most one checkout interval
// (~30 s) of events. Persisting the mirror itself would mean writing the whole DOM after every batch; the
// rebuild costs nothing on the ingest hot path, which is what the throughput target is about.
import type Database from 'better-sqlite3'
import { RrwebEventType, type IngestBatch, type RecordedEvent } from '../../../shared/types'
import type { BatchIndexer } from '../ingest/ingest-batch'
import { decodeStoredEvents } from '../store/replay-codec'
import { DeadState, SearchIndexStore, type SegmentProgress } from '../store/search-index'
import { DEAD_WINDOW_MS, deadVerdict, RAGE_WINDOW_MS, RageDetector, type ClickPoint } from './click-rules'
import { SegmentExtractor, type ExtractorSink, type Interaction } from './interaction-extractor'
import { pathLabel, pathTokens } from './recorded-path'

/**
 * Bump when what the indexer extracts changes: sessions indexed by an older version are stale and are
 * rebuilt by `reindex` (and by the next batch they receive).
 */
export const INDEX_VERSION = 1

const MAX_CACHED_SEGMENTS = 32
/** Distinct texts remembered per page load (beyond this, the store's primary key still dedupes). */
const MAX_REMEMBERED_TEXTS = 5000
/** Consecutive inputs into one field within this time are one row (typing a word is one input). */
const INPUT_COALESCE_MS = 5000

interface PendingRow {
  item: Interaction
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
  snapshotSeq: number | null
  generation: number
  rage: RageDetector<RageEntry>
  texts: Set<string>
}

export interface ReindexProgress {
  done: number
  total: number
  sessionId: string
}

/** cyrb53: a fast 53-bit string hash (the store compares the full path text on a hash hit). */
function hash53(text: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

const newGeneration = () => Math.floor(Math.random() * 2 ** 31)
const cacheKey = (sessionId: string, segment: number) => `${sessionId}\u0000${segment}`

export class InteractionIndexer implements BatchIndexer {
  readonly index: SearchIndexStore
  private readonly cache = new Map<string, SegmentState>()

  constructor(private readonly db: Database.Database) {
    this.index = new SearchIndexStore(db)
  }

  indexBatch(batch: IngestBatch, receivedAt: number): void {
    try {
      this.indexNewBatch(batch, receivedAt)
    } catch (error) {
      // The transaction rolls back: whatever this batch did to the cached mirror must go with it.
      this.forgetSession(batch.sessionId)
      throw error
    }
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

  private indexNewBatch(batch: IngestBatch, receivedAt: number): void {
    const { sessionId, segment, seq } = batch
    const version = this.index.indexVersion(sessionId)
    if (version === null) {
      // Batches stored while indexing was off (or by an app without it): index the whole session now.
      if (this.index.hasOtherBatches(sessionId, seq)) return this.reindexSession(sessionId, receivedAt)
      this.index.setIndexVersion(sessionId, INDEX_VERSION, receivedAt)
    } else if (version !== INDEX_VERSION) {
      return this.reindexSession(sessionId, receivedAt)
    }
    const progress = this.index.segmentProgress(sessionId, segment)
    // A retried batch that arrives after its successors: mutations only make sense in order, so rebuild.
    if (progress && seq < progress.last_seq) return this.reindexSession(sessionId, receivedAt)
    this.applyBatch(sessionId, segment, seq, batch.events, this.stateFor(sessionId, segment, progress))
  }

  private freshState(generation: number): SegmentState {
    return {
      extractor: new SegmentExtractor(),
      lastSeq: -1,
      snapshotSeq: null,
      generation,
      rage: new RageDetector<RageEntry>(),
      texts: new Set()
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
    if (cached && cached.lastSeq === progress.last_seq && cached.generation === progress.generation) {
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
    state.lastSeq = progress.last_seq
    state.snapshotSeq = progress.snapshot_seq
    this.remember(key, state)
    return state
  }

  private remember(key: string, state: SegmentState): void {
    this.cache.delete(key)
    this.cache.set(key, state)
    if (this.cache.size > MAX_CACHED_SEGMENTS) this.cache.delete(this.cache.keys().next().value!)
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
    let undecided: PendingRow[] = []
    let firstReaction: number | null = null
    let latest = -Infinity
    let lastInput: PendingRow | null = null
    const index = this.index

    const sink: ExtractorSink = {
      time(ts) {
        if (ts > latest) latest = ts
        if (undecided.length === 0) return
        undecided = undecided.filter((row) => {
          if (deadVerdict(row.item.ts, null, ts) !== 'dead') return true
          row.dead = DeadState.Dead
          return false
        })
      },
      reaction(ts) {
        firstReaction ??= ts
        for (const row of undecided) {
          if (deadVerdict(row.item.ts, ts, ts) === 'alive') row.dead = DeadState.Alive
        }
        undecided = undecided.filter((row) => row.dead === DeadState.Undecided)
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
        undecided.push(row)
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

    // Earlier batches' undecided clicks first, so this batch's own verdicts are not touched.
    if (latest > -Infinity) index.resolveUndecidedClicks(sessionId, firstReaction, latest, DEAD_WINDOW_MS)
    const pathIds = new Map<string, number>()
    for (const row of rows) {
      const { item } = row
      let pathId: number | null = null
      if (item.path) {
        const json = JSON.stringify(item.path)
        pathId = pathIds.get(json) ?? null
        if (pathId === null) {
          const path = item.path
          pathId = index.pathId(hash53(json), json, pathLabel(path), () => pathTokens(path))
          pathIds.set(json, pathId)
        }
      }
      const id = index.insertEvent({
        sessionId,
        segment,
        ts: item.ts,
        kind: item.kind,
        pathId,
        text: item.text,
        masked: item.masked,
        x: item.x,
        y: item.y,
        rage: row.rage,
        dead: row.dead
      })
      if (row.rageEntry) {
        row.rageEntry.id = id
        row.rageEntry.pending = null
      }
    }
    for (const [text, ts] of texts) index.textSeen(sessionId, segment, index.textId(text), ts)

    const hadSnapshot = events.some((event) => event.type === RrwebEventType.FullSnapshot)
    state.lastSeq = seq
    if (hadSnapshot) state.snapshotSeq = seq
    index.putSegmentProgress(sessionId, segment, {
      last_seq: seq,
      snapshot_seq: state.snapshotSeq,
      generation: state.generation
    })
  }
}
