// Writes one page load's steps into the search index, batch by batch, and rebuilds a page load's live state
// (SegmentState) from its stored batches when it is not in memory.
//
// A step gets its row when it first appears; a step still open at the end of a batch (a typing burst, a
// click whose rage or dead-click window is open) keeps its row id in the state, and later batches update
// that row. After a restart the state is rebuilt from the page load's newest full snapshot on (at most one
// checkout interval, ~30 s, of events); the open steps of the rebuilt state find their rows again by page
// load, start time and kind. Persisting the mirror itself would mean writing the whole DOM after every batch.
import { hash53 } from '../codec/hash53'
import { EventType } from '../../../shared/events/rrweb'
import { pathLabel, pathTokens, type RecordedPath } from '../../../shared/events/recorded-path'
import type { Step } from '../../../shared/events/steps'
import type { RecordedEvent } from '../../../shared/types'
import { decodeStoredEvents } from '../store/replay-codec'
import type { SearchIndexStore, SegmentProgress } from '../store/search-index'
import { newSegmentState, rememberPath, rememberText, type SegmentState } from './segment-cache'
import { requestOfStep, rowOfStep, type StepRow } from './step-rows'

/** Extracts one batch's steps and texts and writes them; updates the rows of earlier steps that changed. */
export function applyBatch(
  index: SearchIndexStore,
  sessionId: string,
  seq: number,
  events: readonly RecordedEvent[],
  state: SegmentState
): void {
  const segment = state.steps.segment
  const added: Step[] = []
  const changed = new Set<Step>()
  const texts: [string, number][] = []
  state.steps.feed(events, {
    step: (step) => added.push(step),
    update: (step) => changed.add(step),
    text: (text, ts) => {
      if (rememberText(state, text)) texts.push([text, ts])
    }
  })

  for (const step of added) {
    changed.delete(step)
    const request = requestOfStep(step)
    if (request) index.insertRequest({ sessionId, segment, ...request })
    const row = rowOfStep(step)
    if (!row) continue
    const { path, ...fields } = row
    const pathId = path ? pathIdOf(index, state, path) : null
    state.rows.set(step, index.insertEvent({ sessionId, segment, ts: step.ts, pathId, ...fields }))
  }
  for (const step of changed) {
    const row = rowOfStep(step)
    if (!row) continue
    const id = state.rows.get(step) ?? index.findEvent(sessionId, segment, step.ts, row.kind)
    if (id !== null) index.updateEvent(id, row)
  }
  // Only open steps can change again: the others' rows are final.
  const open = new Set(state.steps.openSteps())
  for (const step of state.rows.keys()) if (!open.has(step)) state.rows.delete(step)
  index.textsSeen(sessionId, segment, texts)

  state.lastSeq = seq
  state.batchCount++
  if (events.some((event) => event.type === EventType.FullSnapshot)) state.snapshotSeq = seq
  index.putSegmentProgress(sessionId, segment, {
    last_seq: seq,
    batch_count: state.batchCount,
    snapshot_seq: state.snapshotSeq,
    generation: state.generation
  })
}

/**
 * A page load's live state rebuilt from its stored batches (newest full snapshot through the last indexed
 * batch), without writing anything. `skip`: quarantined batches; `onBatchError` is told of a batch that
 * cannot be read (it is left out).
 */
export function rebuildState(
  index: SearchIndexStore,
  sessionId: string,
  segment: number,
  progress: SegmentProgress,
  skip: ReadonlySet<number>,
  onBatchError: (seq: number, error: Error) => void
): SegmentState {
  const state = newSegmentState(segment, progress.generation)
  for (const batch of index.segmentBatches(sessionId, segment, progress.snapshot_seq ?? 0, progress.last_seq)) {
    if (skip.has(batch.seq)) continue
    try {
      state.steps.feed(decodeStoredEvents(batch.data))
    } catch (error) {
      onBatchError(batch.seq, error as Error)
    }
  }
  for (const step of state.steps.openSteps()) {
    const row: StepRow | null = rowOfStep(step)
    const id = row && index.findEvent(sessionId, segment, step.ts, row.kind)
    if (id !== null && id !== undefined) state.rows.set(step, id)
  }
  state.lastSeq = progress.last_seq
  state.batchCount = progress.batch_count
  state.snapshotSeq = progress.snapshot_seq
  return state
}

/** The stored id of a recorded path (distinct paths are stored once, shared by all sessions). */
function pathIdOf(index: SearchIndexStore, state: SegmentState, path: RecordedPath): number {
  const json = JSON.stringify(path)
  let id = state.paths.get(json)
  if (id === undefined) {
    id = index.pathId(hash53(json), json, pathLabel(path), () => pathTokens(path))
    rememberPath(state, json, id)
  }
  return id
}
