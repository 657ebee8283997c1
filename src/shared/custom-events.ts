// The rrweb custom events (type 5) the recorder adds beside rrweb's own, shared by the recorder that
// writes them and the ingest, the search index and the replay view that read them.
import { RrwebEventType, type RecordedEvent } from './types'

/** The page's uncaught errors and unhandled rejections (src/recorder/error-capture.ts). */
export const ERROR_TAG = 'error'

/**
 * A single-page app changed its URL without loading a page (history.pushState/replaceState, back/forward,
 * a hash change). rrweb itself only states the URL in the Meta event of a page load and of each periodic
 * full snapshot (every 30 s), so without this a route change showed up to 30 s late, or never.
 */
export const NAVIGATION_TAG = 'navigation'

export type NavigationCause = 'pushState' | 'replaceState' | 'popstate' | 'hashchange'

export interface NavigationPayload {
  href: string
  via: NavigationCause
}

/** The URL an event says the page is at from its time on: a Meta event's, or a navigation event's. */
export function hrefOf(event: Pick<RecordedEvent, 'type' | 'data'>): string | null {
  const data = event.data as { href?: unknown; tag?: unknown; payload?: { href?: unknown } } | null
  if (!data || typeof data !== 'object') return null
  if (event.type === RrwebEventType.Meta) return typeof data.href === 'string' ? data.href : null
  if (event.type === RrwebEventType.Custom && data.tag === NAVIGATION_TAG) {
    return typeof data.payload?.href === 'string' ? data.payload.href : null
  }
  return null
}
