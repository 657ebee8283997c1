// Fetches a session's chunks a few at a time and hands them over strictly in playback order, so the
// next chunks are already on their way while one is being processed.
import type { WorkspaceApi } from '../../../shared/api'
import type { EventChunkInfo, RecordedEvent } from '../../../shared/types'

export const CHUNK_CONCURRENCY = 6

export interface ChunkLoad {
  /** Resolves when every chunk was handed over (or the load was cancelled). */
  done: Promise<void>
  cancel(): void
}

export function loadChunks(
  api: Pick<WorkspaceApi, 'getEventChunk'>,
  sessionId: string,
  chunks: readonly EventChunkInfo[],
  onChunk: (events: RecordedEvent[], chunk: EventChunkInfo) => void | Promise<void>,
  concurrency = CHUNK_CONCURRENCY
): ChunkLoad {
  let cancelled = false
  const inFlight = new Map<number, Promise<RecordedEvent[]>>()
  let requested = 0
  const requestMore = () => {
    while (requested < chunks.length && inFlight.size < concurrency) {
      const chunk = chunks[requested++]!
      const request = api.getEventChunk(sessionId, chunk.index)
      // Handled when its turn comes; this keeps an early rejection from being reported as unhandled.
      request.catch(() => {})
      inFlight.set(chunk.index, request)
    }
  }
  const done = (async () => {
    for (const chunk of chunks) {
      if (cancelled) return
      requestMore()
      const events = await inFlight.get(chunk.index)!
      inFlight.delete(chunk.index)
      if (cancelled) return
      requestMore()
      await onChunk(events, chunk)
    }
  })()
  return {
    done,
    cancel() {
      cancelled = true
    }
  }
}
