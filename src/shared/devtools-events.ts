// What the developer's own devtools would have shown, as rrweb custom events (type 5) the recorder adds:
// console messages, network requests and page timings. The recorder writes them (src/recorder/console-capture.ts,
// fetch-capture.ts, xhr-capture.ts, resource-timing.ts, page-timings.ts); everything that reads them checks a
// payload with the guards below first, because any page can post anything to the receiver.
//
// Plain TypeScript with no runtime dependency: the recorder, the core and the renderer all import it.

/** `console.error` and friends: one event per recorded call. */
export const CONSOLE_TAG = 'console'
/** One `fetch`, `XMLHttpRequest` or `navigator.sendBeacon` when it settled, or one static resource's load. */
export const NETWORK_TAG = 'network'
/** A page load's navigation timing and web vitals, as far as known when sent. */
export const PAGE_TIMING_TAG = 'page-timing'

// ---- bounds: the recorder stays within them and the guards reject anything beyond ----

/** A console message as text: longer ones are cut here (`truncated`). */
export const CONSOLE_MESSAGE_CHARS = 2_000
/** Script URLs and request URLs. */
export const URL_CHARS = 2_000
/** Recorded request and response bodies, each (bytes read; the text is at most this many characters). */
export const BODY_BYTES = 10 * 1024
export const MAX_HEADERS = 50
export const HEADER_NAME_CHARS = 100
export const HEADER_VALUE_CHARS = 1_000
/** Repeat counters, sizes and durations beyond this are nonsense (and not safe integers). */
const MAX_COUNT = Number.MAX_SAFE_INTEGER

// ---- console ----

/** The console methods recorded: `errors` records warn and error (and failed `console.assert`), `all` every one. */
export type ConsoleLevel = 'debug' | 'log' | 'info' | 'warn' | 'error'
export const CONSOLE_LEVELS: readonly ConsoleLevel[] = ['debug', 'log', 'info', 'warn', 'error']

export interface ConsolePayload {
  level: ConsoleLevel
  /**
   * The arguments as the console shows them on one line: format specifiers (`%s %d %i %f %o %O %c`) applied,
   * objects written out to a bounded depth, joined by spaces; masked for the session's mask level.
   */
  message: string
  /** The message was longer than CONSOLE_MESSAGE_CHARS (or an object was cut at its bounds). */
  truncated: boolean
  /** Where the page called the console: script URL without query string or fragment, line, column. */
  source: string | null
  line: number | null
  column: number | null
  /** How many times the same message (level, text, place) was logged since its previous record and left out. */
  repeats: number
}

// ---- network ----

/** How a request failed without a response: connection or CORS failure, AbortController, a timeout. */
export type NetworkFailure = 'network' | 'abort' | 'timeout'
export const NETWORK_FAILURES: readonly NetworkFailure[] = ['network', 'abort', 'timeout']

/** Headers and body of one side of a request, recorded only for URLs matching `data-network-bodies`. */
export interface HttpMessage {
  /**
   * Lower-case names. Never present, whatever the attributes say: Authorization, Cookie, Set-Cookie,
   * Proxy-Authorization and every header named like a credential (…auth…, …token…, …secret…, …key…,
   * …session…, …password…, …csrf…/…xsrf…, …signature…). Values masked for the mask level.
   */
  headers: Record<string, string>
  /** Text or JSON only, at most BODY_BYTES; null when absent or of another type. Masked for the mask level. */
  body: string | null
  /** The body went on past BODY_BYTES and is cut there. */
  truncated: boolean
}

export interface NetworkPayload {
  /**
   * `fetch`, `xmlhttprequest` or `beacon` for the page's own requests; for static resources the browser's
   * PerformanceResourceTiming.initiatorType (`img`, `script`, `link`, `css`, `other`, …).
   */
  initiator: string
  /** Upper case; null for resources, whose method the browser does not tell (GET, in practice). */
  method: string | null
  /** Absolute, without credentials or fragment, query-string values masked (keys kept). */
  url: string
  /** The HTTP status; null when there was none (a failure, an opaque no-cors response, a beacon, or unknown). */
  status: number | null
  /** Set when the request failed without a response. */
  error: NetworkFailure | null
  /** When the request started, epoch ms (client clock). */
  start: number
  /**
   * Milliseconds until it settled as the page saw it: `fetch` until its promise settled (response headers, or
   * the failure; the body may stream on), XHR until `loadend` (the whole body), a resource until `responseEnd`.
   * Null for beacons, which never tell.
   */
  duration: number | null
  /** Request body bytes when known (string, Blob, buffer, URLSearchParams bodies). */
  requestSize: number | null
  /** Response body bytes when known (Content-Length, the bytes an XHR received, the resource's encoded size). */
  responseSize: number | null
  /** Present only for URLs matching `data-network-bodies`. */
  request?: HttpMessage
  response?: HttpMessage
}

// ---- page timings ----

/**
 * A page load's timings, in ms since the navigation started (CLS is a score, not ms). Each event carries every
 * value known when it was sent, null for what is not (yet) known or not supported by the browser; a page load's
 * last `page-timing` event is the one to read. Sent once the load event is over (`reason: 'load'`) and each time
 * the page is hidden or left (`reason: 'hidden'`) with anything changed: LCP, CLS and INP are final only then.
 * Route changes of a single-page app are not page loads and have none.
 */
export interface PageTimingPayload {
  reason: 'load' | 'hidden'
  /** Time to first byte: the response's first byte (responseStart). */
  ttfb: number | null
  /** When DOMContentLoaded fired (domContentLoadedEventStart). */
  domContentLoaded: number | null
  /** When the load event fired (loadEventStart). */
  load: number | null
  /** Largest contentful paint. */
  lcp: number | null
  /** Cumulative layout shift: the largest session window of unexpected shifts. */
  cls: number | null
  /** Interaction to next paint: nearly the longest interaction (one in 50 left out as an outlier). */
  inp: number | null
}

// ---- guards ----

type Loose = Record<string, unknown>
const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max
const isTextOrNull = (value: unknown, max: number): boolean => value === null || isText(value, max)
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNT
const isMeasure = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_COUNT
const isMeasureOrNull = (value: unknown): boolean => value === null || isMeasure(value)
const isCountOrNull = (value: unknown): boolean => value === null || isCount(value)

/** A console event's payload as the recorder writes it. */
export function isConsolePayload(payload: unknown): payload is ConsolePayload {
  return (
    isObject(payload) &&
    CONSOLE_LEVELS.includes(payload.level as ConsoleLevel) &&
    isText(payload.message, CONSOLE_MESSAGE_CHARS) &&
    typeof payload.truncated === 'boolean' &&
    isTextOrNull(payload.source, URL_CHARS) &&
    isCountOrNull(payload.line) &&
    isCountOrNull(payload.column) &&
    isCount(payload.repeats)
  )
}

function isHttpMessage(value: unknown): value is HttpMessage {
  if (!isObject(value) || !isObject(value.headers) || typeof value.truncated !== 'boolean') return false
  if (!isTextOrNull(value.body, BODY_BYTES)) return false
  const headers = Object.entries(value.headers)
  return (
    headers.length <= MAX_HEADERS &&
    headers.every(([name, text]) => name.length <= HEADER_NAME_CHARS && isText(text, HEADER_VALUE_CHARS))
  )
}

/** A network event's payload as the recorder writes it. */
export function isNetworkPayload(payload: unknown): payload is NetworkPayload {
  return (
    isObject(payload) &&
    isText(payload.initiator, 100) &&
    isTextOrNull(payload.method, 100) &&
    isText(payload.url, URL_CHARS) &&
    (payload.status === null || (isCount(payload.status) && payload.status <= 999)) &&
    (payload.error === null || NETWORK_FAILURES.includes(payload.error as NetworkFailure)) &&
    isMeasure(payload.start) &&
    isMeasureOrNull(payload.duration) &&
    isCountOrNull(payload.requestSize) &&
    isCountOrNull(payload.responseSize) &&
    (payload.request === undefined || isHttpMessage(payload.request)) &&
    (payload.response === undefined || isHttpMessage(payload.response))
  )
}

/** A page-timing event's payload as the recorder writes it. */
export function isPageTimingPayload(payload: unknown): payload is PageTimingPayload {
  return (
    isObject(payload) &&
    (payload.reason === 'load' || payload.reason === 'hidden') &&
    [payload.ttfb, payload.domContentLoaded, payload.load, payload.lcp, payload.cls, payload.inp].every(isMeasureOrNull)
  )
}

/** A network request that failed: no response at all, or a server error (5xx). The search's `failed` reads so. */
export const isFailedRequest = (payload: NetworkPayload): boolean =>
  payload.error !== null || (payload.status !== null && payload.status >= 500)

// ---- URL patterns (data-network-bodies) ----

/**
 * Whether `url` matches one `data-network-bodies` pattern, by the rule of the search's `url:` term: a pattern
 * with `*` (any run of characters) or `?` (one character) is a glob over the whole URL; any other pattern
 * matches as a substring. Case-insensitive both ways.
 */
export function matchesUrlPattern(pattern: string, url: string): boolean {
  const text = url.toLowerCase()
  const glob = pattern.toLowerCase()
  if (!/[*?]/.test(glob)) return text.includes(glob)
  // Wildcard matching that backtracks only to the last `*`: O(pattern × URL), where a RegExp of `.*`s can
  // take exponential time on a long URL that does not match.
  let g = 0
  let t = 0
  let starAt = -1
  let resumeAt = 0
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === text[t]))) {
      g++
      t++
    } else if (g < glob.length && glob[g] === '*') {
      starAt = g++
      resumeAt = t
    } else if (starAt !== -1) {
      g = starAt + 1
      t = ++resumeAt
    } else {
      return false
    }
  }
  while (glob[g] === '*') g++
  return g === glob.length
}
