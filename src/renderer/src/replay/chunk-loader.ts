// Fetches a session's chunks in ranges (several chunks per request) a few requests at a time, and hands the
// chunks over strictly in playback order, so the next ones are already on their way while one is processed.
// One request per chunk made a 200,000-event session (2,000 chunks) take 2,000 round trips.
import type { WorkspaceApi } from '../../../shared/api'
import type { EventChunkInfo, RecordedEvent } from '../../../shared/types'

export const RANGE_CONCURRENCY = 3
/** A range stops at this many events (so a response stays a few MB) or this many chunks. */
export const RANGE_MAX_EVENTS = 10_000
export const RANGE_MAX_CHUNKS = 100
/**
 * The first ranges are smaller (this many events, doubling up to RANGE_MAX_EVENTS): progress then follows
 * what has arrived from the start, where a first range of 10,000 events said "1 %" until it came in whole.
 */
export const RANGE_FIRST_EVENTS = 1_000

export interface ChunkLoad {
  /** Resolves when every chunk was handed over (or the load was cancelled). */
  done: Promise<void>
  cancel(): void
}

/**
 * Consecutive runs of chunks, each within the range limits (a chunk larger than the limit is a range alone);
 * the event limit starts at RANGE_FIRST_EVENTS and doubles per range.
 */
export function planRanges(chunks: readonly EventChunkInfo[]): EventChunkInfo[][] {
  const ranges: EventChunkInfo[][] = []
  let current: EventChunkInfo[] = []
  let events = 0
  let limit = RANGE_FIRST_EVENTS
  for (const chunk of chunks) {
    const contiguous = current.length === 0 || chunk.index === current.at(-1)!.index + 1
    if (current.length && (!contiguous || current.length >= RANGE_MAX_CHUNKS || events + chunk.eventCount > limit)) {
      ranges.push(current)
      current = []
      events = 0
      limit = Math.min(RANGE_MAX_EVENTS, limit * 2)
    }
    current.push(chunk)
    events += chunk.eventCount
  }
  if (current.length) ranges.push(current)
  return ranges
}

export function loadChunks(
  api: Pick<WorkspaceApi, 'getEventChunks'>,
  sessionId: string,
  chunks: readonly EventChunkInfo[],
  onChunk: (events: RecordedEvent[], chunk: EventChunkInfo) => void | Promise<void>,
  concurrency = RANGE_CONCURRENCY
): ChunkLoad {
  let cancelled = false
  const ranges = planRanges(chunks)
  const inFlight = new Map<number, Promise<RecordedEvent[][]>>()
  let requested = 0
  const requestMore = () => {
    while (requested < ranges.length && inFlight.size < concurrency) {
      const range = ranges[requested]!
      const request = api.getEventChunks(sessionId, range[0]!.index, range.length)
      // Handled when its turn comes; this keeps an early rejection from being reported as unhandled.
      request.catch(() => {})
      inFlight.set(requested++, request)
    }
  }
  const done = (async () => {
    for (const [at, range] of ranges.entries()) {
      if (cancelled) return
      requestMore()
      const received = await inFlight.get(at)!
      inFlight.delete(at)
      if (cancelled) return
      requestMore()
      if (received.length !== range.length) {
        throw new Error(`asked for ${range.length} chunks from ${range[0]!.index}, got ${received.length}`)
      }
      for (const [i, chunk] of range.entries()) {
        if (cancelled) return
        await onChunk(received[i]!, chunk)
      }
    }
  })()
  return {
    done,
    cancel() {
      cancelled = true
    }
  }
}
