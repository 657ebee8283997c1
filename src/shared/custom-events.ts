// The rrweb custom events (type 5) the recorder adds beside rrweb's own, shared by the recorder that
// writes them and the ingest, the search index and the replay view that read them.
import { EventType } from '@rrweb/types'
import type { RecordedEvent } from './types'

/** The page's uncaught errors and unhandled rejections (src/recorder/error-capture.ts). */
export const ERROR_TAG = 'error'

/** The payload of the recorder's `error` events. */
export interface CapturedError {
  kind: 'error' | 'unhandledrejection'
  /** The thrown Error's name (`TypeError`), null when something other than an Error was thrown. */
  name: string | null
  message: string
  /** The script's URL without query string or fragment (an inline script's is the page's). */
  source: string | null
  line: number | null
  column: number | null
  /** The first frames (10, at most 2,000 characters). */
  stack: string | null
  /** How many times the same error happened since its previous record and was left out. */
  repeats: number
}

/**
 * Whether a custom event's tag says it is an error: the recorder's `error`, and a page's own tags such as
 * `checkout-error` or `PaymentException`. The replay's error markers and the search's `error` term both ask this.
 */
export const isErrorTag = (tag: string): boolean => /error|exception/i.test(tag)

/** A payload the recorder's error capture wrote (kind and message at least). */
export function isCapturedError(payload: unknown): payload is CapturedError {
  const candidate = payload as Partial<CapturedError> | null
  return (
    typeof candidate?.message === 'string' && (candidate.kind === 'error' || candidate.kind === 'unhandledrejection')
  )
}

/**
 * A single-page app changed its URL without loading a page (history.pushState/replaceState, back/forward,
 * a hash change). rrweb itself only states the URL in the Meta event of a page load and of each periodic
 * full snapshot (every 30 s), so without this a route change showed up to 30 s late, or never.
 */
export const NAVIGATION_TAG = 'navigation'

export type NavigationCause = 'pushState' | 'replaceState' | 'popstate' | 'hashchange'

const NAVIGATION_CAUSES: ReadonlySet<unknown> = new Set<NavigationCause>([
  'pushState',
  'replaceState',
  'popstate',
  'hashchange'
])

export const isNavigationCause = (value: unknown): value is NavigationCause => NAVIGATION_CAUSES.has(value)

export interface NavigationPayload {
  href: string
  via: NavigationCause
}

/**
 * A form was submitted (src/recorder/form-submit.ts): rrweb records no submit events, and a form sent by
 * pressing Enter shows no click. `id` is the form's rrweb node id.
 */
export const SUBMIT_TAG = 'submit'

export interface SubmitPayload {
  id: number
}

/** The URL an event says the page is at from its time on: a Meta event's, or a navigation event's. */
export function hrefOf(event: Pick<RecordedEvent, 'type' | 'data'>): string | null {
  const data = event.data as { href?: unknown; tag?: unknown; payload?: { href?: unknown } } | null
  if (!data || typeof data !== 'object') return null
  if (event.type === EventType.Meta) return typeof data.href === 'string' ? data.href : null
  if (event.type === EventType.Custom && data.tag === NAVIGATION_TAG) {
    return typeof data.payload?.href === 'string' ? data.payload.href : null
  }
  return null
}

/** What the recorder's error events say of where an error was thrown, for people: `app.js:12:5`. */
export interface ErrorSummary {
  /** `TypeError: x is undefined`, or the message alone when the thrown value had no name. */
  head: string
  /** `app.js:12:5`; `inline script:8:90` for a script in the page itself; null when the source is unknown. */
  where: string | null
}

/**
 * Reads an `error` custom event's payload (src/recorder/error-capture.ts, or anything with a string
 * `message`): null for other payloads. The search index and the replay's event list both show errors so.
 */
export function summarizeError(payload: unknown): ErrorSummary | null {
  if (!payload || typeof payload !== 'object') return null
  const { name, message, source, line, column } = payload as Record<string, unknown>
  if (typeof message !== 'string') return null
  const head = [typeof name === 'string' ? name : '', message].filter(Boolean).join(': ')
  if (typeof source !== 'string' || !source) return { head, where: null }
  // The script's file name; a URL ending in '/' (no file) is the page itself, so the script was inline.
  const path = source.split(/[?#]/)[0]!
  const file = path.endsWith('/') ? 'inline script' : (path.split('/').pop() ?? path)
  const position = [line, column].filter((part) => typeof part === 'number')
  return { head, where: [file, ...position].join(':') }
}
