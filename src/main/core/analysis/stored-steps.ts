// A stored session read through the shared step model, the way the replay reads it: chunk by chunk in
// playback order (store/replay-chunks.ts). The session diff reads its steps from here, and its pages at a
// moment (a page digest of the DOM mirror as it was then).
import { pageDigestAt, type PageDigest } from '../../../shared/events/page-digest'
import { SessionSteps } from '../../../shared/events/session-steps'
import type { Step } from '../../../shared/events/steps'
import type { RecordedEvent, SessionOutline } from '../../../shared/types'
import type { Store } from '../store/store'

/** What a cached reading of a session is valid for: a new batch changes one of these. */
export const outlineVersion = (outline: SessionOutline): string =>
  `${outline.chunks.length}:${outline.eventCount}:${outline.startedAt}:${outline.endedAt}`

/** Every step of a stored session, in time order. */
export function storedSteps(store: Store, sessionId: string, outline: SessionOutline): Step[] {
  const reader = new SessionSteps()
  for (const chunk of outline.chunks) reader.feed(store.getEventChunk(sessionId, chunk.index) ?? [], chunk.segment)
  return reader.steps
}

/**
 * The session's page at `ts`: the page load live then (the last chunk that started by then) read up to
 * `ts`. Null before the session's first full snapshot. Reads only that page load's chunks up to `ts`.
 */
export function storedPageAt(store: Store, sessionId: string, outline: SessionOutline, ts: number): PageDigest | null {
  let live = -1
  for (let i = 0; i < outline.chunks.length; i++) if (outline.chunks[i]!.firstTs <= ts) live = i
  if (live < 0) return null
  const segment = outline.chunks[live]!.segment
  const events: RecordedEvent[] = []
  for (const chunk of outline.chunks) {
    if (chunk.segment !== segment || chunk.firstTs > ts) continue
    for (const event of store.getEventChunk(sessionId, chunk.index) ?? []) events.push(event)
  }
  return pageDigestAt(events, segment, ts)
}
