import { NETWORK_TAG, type NetworkPayload } from '../shared/devtools-events'
import { recordedUrl } from './network-privacy'
import { clip } from './stack-frames'

/**
 * The page's static resources (images, scripts, stylesheets, fonts, …) from the browser's resource timing, one
 * `network` event each (initiator = PerformanceResourceTiming.initiatorType), including those loaded before the
 * recorder ran. At most MAX_RESOURCES_PER_PAGE per page load.
 *
 * What the browser exposes decides what is known: `responseStatus` (Chromium 109+) gives the HTTP status of a
 * same-origin or CORS resource; a same-origin resource with status 0 failed to load (error `network`); for a
 * cross-origin resource without CORS the status stays unknown (null), failed or not, and so does its size without
 * Timing-Allow-Origin. The page's fetch/XHR/beacon requests made after the wrappers went in are left to them.
 */

export const MAX_RESOURCES_PER_PAGE = 300
const WRAPPED = new Set(['fetch', 'xmlhttprequest', 'beacon'])

export interface ResourceTimingDeps {
  addCustomEvent: (tag: string, payload: NetworkPayload) => void
  isRecording: () => boolean
  /** The recorder's own loads (recorder.js, its batches) are not the page's. */
  receiverOrigin: string
  pageOrigin: string
  /** performance.timeOrigin: entries' times are relative to it. */
  timeOrigin: number
  /** performance.now() when the fetch and XHR wrappers went in. */
  wrappedSince: number
  maskedFieldValues: () => readonly string[]
}

export function observeResources(deps: ResourceTimingDeps): void {
  if (typeof PerformanceObserver !== 'function') return
  let recorded = 0
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
      if (!deps.isRecording() || recorded >= MAX_RESOURCES_PER_PAGE) return observer.disconnect()
      try {
        const payload = describe(entry, deps)
        if (!payload) continue
        deps.addCustomEvent(NETWORK_TAG, payload)
        recorded++
      } catch {
        // An entry with a name that is not a URL: nothing to record.
      }
    }
  })
  try {
    observer.observe({ type: 'resource', buffered: true })
  } catch {
    // A browser without resource timing: nothing to observe.
  }
}

function describe(entry: PerformanceResourceTiming, deps: ResourceTimingDeps): NetworkPayload | null {
  if (WRAPPED.has(entry.initiatorType) && entry.startTime >= deps.wrappedSince) return null
  const url = new URL(entry.name)
  if (url.origin === deps.receiverOrigin) return null
  const status = (entry as { responseStatus?: number }).responseStatus
  const failed = status === 0 && url.origin === deps.pageOrigin
  return {
    initiator: clip(entry.initiatorType || 'other', 100),
    method: null,
    url: recordedUrl(url.href, url.href, deps.maskedFieldValues()),
    status: status || null,
    error: failed ? 'network' : null,
    start: Math.round(deps.timeOrigin + entry.startTime),
    duration: Math.round(entry.duration * 10) / 10,
    requestSize: null,
    responseSize: entry.encodedBodySize || null
  }
}
