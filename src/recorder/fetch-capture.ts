import { bodySize, implicitContentType, isTextual, messageOf, readStreamPrefix, requestBodyText } from './body-reader'
import { failureOf, type NetworkRecorder, type OpenRequest } from './network-record'

/**
 * The page's `fetch` and `navigator.sendBeacon` calls, each recorded when it settles (network-record.ts).
 *
 * What the page sees does not change:
 * - fetch is called with the same `this` and arguments (so an AbortController's signal works as before); its
 *   promise's Response is handed on as the very same object and its rejection as the very same error. The page
 *   gets a promise chained on fetch's own rather than fetch's own, so that one the page leaves unhandled is still
 *   reported as unhandled.
 * - The response body is untouched unless the URL's bodies are recorded: only then is the response cloned
 *   (before the page can read it) and the clone read, at most 10 KB of it, asynchronously; cancelling the
 *   clone leaves the page's stream flowing. A Request object's body is cloned the same way before fetch
 *   consumes it.
 * - sendBeacon returns what the browser's returns.
 *
 * Only when recorder.js was loaded with CORS (`crossorigin="anonymous"`, as in the app's snippet): an error raised
 * by a native call made from a cross-origin script without CORS is "muted" (the fetch TypeError records where
 * fetch was called), so the page would no longer get `unhandledrejection` for a failed fetch it leaves unhandled,
 * nor details in `error` for an XHR method that throws. devtools-capture.ts does not wrap otherwise.
 */

type Fetch = typeof fetch
type SendBeacon = Navigator['sendBeacon']

const headerPairs = (init: HeadersInit | undefined): [string, string][] => {
  try {
    return [...new Headers(init)]
  } catch {
    return []
  }
}
const contentTypeOf = (pairs: readonly [string, string][]): string | null =>
  pairs.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null

export function captureFetch(target: { fetch?: Fetch }, network: NetworkRecorder): void {
  const original = target.fetch
  if (typeof original !== 'function') return
  target.fetch = function (this: unknown, ...args: Parameters<Fetch>): ReturnType<Fetch> {
    let started: ReturnType<typeof begin> = null
    try {
      started = begin(network, args)
    } catch {
      // An input fetch itself rejects: fetch says so to the page, and there is nothing to record.
    }
    const promise = original.apply(this, args)
    if (!started) return promise
    const { open, signal } = started
    // The failure is seen on a side branch that swallows it; the page's promise is chained without a rejection
    // handler of ours, so its rejection passes straight through with fetch's own error.
    promise.then(undefined, (error: unknown) => {
      try {
        network.close(open, { status: null, error: failureOf(error, signal), responseSize: null })
      } catch {
        // never an error of ours in the page's fetch
      }
    })
    return promise.then((response) => {
      try {
        settled(network, open, response)
      } catch {
        // never an error of ours in the page's fetch
      }
      return response
    })
  } as Fetch
}

function begin(network: NetworkRecorder, [input, init]: Parameters<Fetch>) {
  const request = typeof Request === 'function' && input instanceof Request ? input : null
  const url = request ? request.url : input instanceof URL ? input.href : String(input)
  const open = network.open('fetch', init?.method ?? request?.method ?? 'GET', url)
  if (!open) return null
  const body = init?.body ?? null
  open.requestSize = request && init?.body === undefined ? (request.body ? null : 0) : bodySize(body)
  if (open.bodies) {
    const headers = headerPairs(init?.headers ?? request?.headers)
    const contentType = contentTypeOf(headers) ?? implicitContentType(body)
    // A Request's own body is read from a clone made now, before fetch takes the original.
    const clone = request && init?.body === undefined && request.body ? request.clone() : null
    const text = clone?.body
      ? isTextual(contentType)
        ? readStreamPrefix(clone.body)
        : Promise.resolve(null)
      : requestBodyText(body, contentType)
    open.request = messageOf(headers, contentType, text)
  }
  return { open, signal: init?.signal ?? request?.signal }
}

function settled(network: NetworkRecorder, open: OpenRequest, response: Response): void {
  const length = Number(response.headers.get('content-length') ?? NaN)
  const outcome = {
    // An opaque (no-cors) response has status 0: the page cannot tell its status, nor can we.
    status: response.status || null,
    error: null,
    responseSize: Number.isSafeInteger(length) && length >= 0 ? length : null
  }
  if (!open.bodies) return network.close(open, outcome)
  const headers = [...response.headers]
  const contentType = response.headers.get('content-type')
  const clone = response.body && isTextual(contentType) ? response.clone() : null
  const body = clone?.body ? readStreamPrefix(clone.body) : Promise.resolve(null)
  network.close(open, { ...outcome, response: messageOf(headers, contentType, body) })
}

export function captureBeacon(target: { sendBeacon?: SendBeacon }, network: NetworkRecorder): void {
  const original = target.sendBeacon
  if (typeof original !== 'function') return
  target.sendBeacon = function (this: Navigator, ...args: Parameters<SendBeacon>): boolean {
    const queued = original.apply(this, args)
    try {
      const [url, data] = args
      const open = network.open('beacon', 'POST', String(url))
      if (open) {
        open.requestSize = bodySize(data)
        if (open.bodies) {
          const contentType = implicitContentType(data)
          open.request = messageOf([], contentType, requestBodyText(data, contentType))
        }
        network.close(open, { status: null, error: queued ? null : 'network', responseSize: null, noDuration: true })
      }
    } catch {
      // never an error of ours in the page's call
    }
    return queued
  }
}
