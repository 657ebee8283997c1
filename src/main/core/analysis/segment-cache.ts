// Live page loads of the indexer, kept in memory between batches: each holds its step reader (DOM mirror,
// open bursts and click windows) and the rows of its steps that may still change. Bounded by the total node
// count of their mirrors rather than by how many there are: a miss rebuilds the page load from its last full
// snapshot, so with more concurrently active sessions than a fixed number of slots every batch missed and
// indexing cost grew with the square of a session's length. 600,000 nodes is on the order of 200 MB, a few
// hundred typical pages; a single page load may take it all (MAX_NODES is 500,000).
import { LRUCache } from 'lru-cache'
import { MAX_NODES } from '../../../shared/events/dom-mirror'
import { SegmentSteps } from '../../../shared/events/segment-steps'
import type { Step } from '../../../shared/events/steps'

const MAX_CACHED_NODES = 600_000
/** Distinct texts remembered per page load (beyond this, the store's primary key still dedupes). */
const MAX_REMEMBERED_TEXTS = 5000
/** Distinct paths remembered per page load. */
const MAX_REMEMBERED_PATHS = 2000

export interface SegmentState {
  readonly steps: SegmentSteps
  lastSeq: number
  /** Batches indexed into this page load. */
  batchCount: number
  snapshotSeq: number | null
  /** Changes on every reindex: a state cached for another generation is stale. */
  generation: number
  /** search_events row of each step written that may still change (open steps only). */
  rows: Map<Step, number>
  texts: Set<string>
  /** Path JSON -> search_paths id, for paths this page load already stored or found. */
  paths: Map<string, number>
}

export function newSegmentState(segment: number, generation: number): SegmentState {
  return {
    steps: new SegmentSteps(segment),
    lastSeq: -1,
    batchCount: 0,
    snapshotSeq: null,
    generation,
    rows: new Map(),
    texts: new Set(),
    paths: new Map()
  }
}

/** Remembers a text for the page load; false when it was seen before. */
export function rememberText(state: SegmentState, text: string): boolean {
  if (state.texts.has(text)) return false
  if (state.texts.size < MAX_REMEMBERED_TEXTS) state.texts.add(text)
  return true
}

export function rememberPath(state: SegmentState, json: string, id: number): void {
  if (state.paths.size >= MAX_REMEMBERED_PATHS) state.paths.clear()
  state.paths.set(json, id)
}

const keyOf = (sessionId: string, segment: number) => `${sessionId}\u0000${segment}`

export class SegmentCache {
  private readonly cache = new LRUCache<string, SegmentState>({
    maxSize: MAX_CACHED_NODES,
    maxEntrySize: Math.max(MAX_CACHED_NODES, MAX_NODES),
    // The mirror grows between uses; remember() sets the entry again, which measures it again.
    sizeCalculation: (state) => Math.max(1, state.steps.mirror.size)
  })

  get(sessionId: string, segment: number): SegmentState | undefined {
    return this.cache.get(keyOf(sessionId, segment))
  }

  remember(sessionId: string, segment: number, state: SegmentState): void {
    this.cache.set(keyOf(sessionId, segment), state)
  }

  forgetSegment(sessionId: string, segment: number): void {
    this.cache.delete(keyOf(sessionId, segment))
  }

  forgetSession(sessionId: string): void {
    const prefix = keyOf(sessionId, 0).slice(0, -1)
    for (const key of [...this.cache.keys()]) if (key.startsWith(prefix)) this.cache.delete(key)
  }
}
