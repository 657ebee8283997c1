import {
  matchesUrlPattern,
  NETWORK_TAG,
  type HttpMessage,
  type NetworkFailure,
  type NetworkPayload
} from '../shared/devtools-events'
import type { MaskLevel } from '../shared/types'
import { maskedMessage, recordedUrl, type RawMessage } from './network-privacy'

/**
 * One request of the page (fetch, XHR, beacon) from its start to its record: fetch-capture.ts and
 * xhr-capture.ts open a request when the page makes it and close it when it settles; the record is
 * NetworkPayload (src/shared/devtools-events.ts).
 *
 * - The recorder's own requests (anything to the receiver's origin) are never recorded.
 * - At most MAX_REQUESTS_PER_PAGE records per page load, and headers and bodies for at most
 *   MAX_BODIES_PER_PAGE of them (later ones matching data-network-bodies are recorded without).
 */

export const MAX_REQUESTS_PER_PAGE = 500
export const MAX_BODIES_PER_PAGE = 50

export interface NetworkDeps {
  /** The recorder's addCustomEvent (recorder.ts): nothing once recording stopped, never throws. */
  addCustomEvent: (tag: string, payload: NetworkPayload) => void
  isRecording: () => boolean
  maskLevel: MaskLevel
  maskedFieldValues: () => readonly string[]
  /** data-network-bodies. */
  bodyPatterns: readonly string[]
  /** The receiver's origin: requests to it are the recorder's own. */
  receiverOrigin: string
  /** The document's base URL, against which relative URLs resolve. */
  baseUrl: () => string
  /** Date.now and performance.now. */
  now: () => number
  clock: () => number
}

export interface OpenRequest {
  /** Whether this request's headers and bodies are recorded. */
  readonly bodies: boolean
  requestSize: number | null
  /** Set by the caller when `bodies`: the request side, possibly still being read. */
  request?: RawMessage | Promise<RawMessage>
}

export interface Outcome {
  status: number | null
  error: NetworkFailure | null
  responseSize: number | null
  /** Only when the request's bodies are recorded. */
  response?: RawMessage | Promise<RawMessage | null> | null
  /** Beacons: the browser never says when or whether they arrived. */
  noDuration?: boolean
}

export interface NetworkRecorder {
  /** Null when this request is not recorded (the recorder's own, not recording, or past the bound). */
  open(initiator: string, method: string | null, rawUrl: string): OpenRequest | null
  /** Records the request now settled; a body still being read is awaited first (never by the page). */
  close(request: OpenRequest, outcome: Outcome): void
}

interface Pending extends OpenRequest {
  payload: Omit<NetworkPayload, 'status' | 'error' | 'duration' | 'responseSize'>
  startedAt: number
}

export function createNetworkRecorder(deps: NetworkDeps): NetworkRecorder {
  let requests = 0
  let bodies = 0
  const pending = new WeakSet<OpenRequest>()
  const values = (): readonly string[] => deps.maskedFieldValues()

  const masked = (raw: RawMessage | null | undefined): HttpMessage | undefined =>
    raw ? maskedMessage(raw, deps.maskLevel, values()) : undefined

  return {
    open(initiator, method, rawUrl) {
      if (!deps.isRecording() || requests >= MAX_REQUESTS_PER_PAGE) return null
      const absolute = new URL(rawUrl, deps.baseUrl())
      if (absolute.origin === deps.receiverOrigin) return null
      requests++
      const withBodies =
        bodies < MAX_BODIES_PER_PAGE && deps.bodyPatterns.some((p) => matchesUrlPattern(p, absolute.href))
      if (withBodies) bodies++
      const request: Pending = {
        bodies: withBodies,
        requestSize: null,
        payload: {
          initiator,
          method: method && method.toUpperCase().slice(0, 100),
          url: recordedUrl(absolute.href, deps.baseUrl(), values()),
          start: Math.round(deps.now()),
          requestSize: null
        },
        startedAt: deps.clock()
      }
      pending.add(request)
      return request
    },
    close(open, outcome) {
      if (!pending.has(open)) return
      pending.delete(open)
      const { payload, startedAt, requestSize, request } = open as Pending
      const duration = outcome.noDuration ? null : Math.round((deps.clock() - startedAt) * 10) / 10
      const settled: NetworkPayload = {
        ...payload,
        status: outcome.status,
        error: outcome.error,
        duration,
        requestSize,
        responseSize: outcome.responseSize
      }
      if (!open.bodies) return deps.addCustomEvent(NETWORK_TAG, settled)
      // Reading a clone takes time; the record waits for it, the page never does.
      void Promise.all([request, outcome.response].map((side) => Promise.resolve(side).catch(() => null))).then(
        ([requestSide, responseSide]) => {
          const requestMessage = masked(requestSide)
          const responseMessage = masked(responseSide)
          deps.addCustomEvent(NETWORK_TAG, {
            ...settled,
            ...(requestMessage && { request: requestMessage }),
            ...(responseMessage && { response: responseMessage })
          })
        }
      )
    }
  }
}

/** How a failed request failed: aborted by its signal (or timed out), else a network or CORS error. */
export function failureOf(error: unknown, signal: AbortSignal | null | undefined): NetworkFailure {
  const name = (reason: unknown): unknown => (reason as { name?: unknown } | null)?.name
  if (signal?.aborted) return name(signal.reason) === 'TimeoutError' ? 'timeout' : 'abort'
  const errorName = name(error)
  return errorName === 'AbortError' ? 'abort' : errorName === 'TimeoutError' ? 'timeout' : 'network'
}
