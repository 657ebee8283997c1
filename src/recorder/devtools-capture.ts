import type { RecorderConfig } from '../shared/types'
import { captureConsole } from './console-capture'
import { captureBeacon, captureFetch } from './fetch-capture'
import { maskedFieldValues } from './field-values'
import { createNetworkRecorder } from './network-record'
import { watchPageTimings } from './page-timings'
import { observeResources } from './resource-timing'
import { captureXhr } from './xhr-capture'

/**
 * What the developer's devtools would have shown, recorded beside the DOM: the console (data-console), the
 * network (fetch, XHR, sendBeacon, static resources; headers and bodies only for data-network-bodies) and the
 * page load's timings. Wires the modules beside it to the real browser; index.ts calls it once recording runs.
 */
export interface DevtoolsCaptureDeps {
  config: RecorderConfig
  /** The recorder's addCustomEvent (recorder.ts): records also before rrweb's first snapshot, never throws. */
  addCustomEvent: (tag: string, payload: unknown) => void
  isRecording: () => boolean
  /** Where batches go: requests there are the recorder's own. */
  receiverOrigin: string
  /** recorder.js's URL without query: its frames are not where the page called the console. */
  ownScript: string | null
  /**
   * Whether recorder.js was loaded with CORS (crossorigin="anonymous"). Without, fetch, XHR and sendBeacon are
   * not wrapped (see fetch-capture.ts) and are recorded from resource timing only: URL, status where the browser
   * tells it, timing and size.
   */
  corsLoaded: boolean
  warn: (message: string) => void
}

export function startDevtoolsCapture({
  config,
  addCustomEvent,
  isRecording,
  receiverOrigin,
  ownScript,
  corsLoaded,
  warn
}: DevtoolsCaptureDeps): { beforeUnload(): void } {
  const fieldValues = () => maskedFieldValues(document, config.maskLevel)
  const common = { addCustomEvent, isRecording, maskLevel: config.maskLevel, maskedFieldValues: fieldValues }

  if (config.console !== 'off') {
    captureConsole({ ...common, console, capture: config.console, ownScript, now: Date.now })
  }

  const network = createNetworkRecorder({
    ...common,
    bodyPatterns: config.networkBodies,
    receiverOrigin,
    baseUrl: () => document.baseURI,
    now: Date.now,
    clock: () => performance.now()
  })
  if (corsLoaded) {
    captureFetch(window, network)
    captureXhr(window.XMLHttpRequest, network)
    captureBeacon(navigator, network)
  } else {
    warn(
      'fetch and XMLHttpRequest are recorded from resource timing only: add crossorigin="anonymous" to the script tag'
    )
  }
  observeResources({
    ...common,
    receiverOrigin,
    pageOrigin: location.origin,
    timeOrigin: performance.timeOrigin,
    wrappedSince: corsLoaded ? performance.now() : Infinity
  })

  const timings = watchPageTimings({ addCustomEvent, target: window, readyState: () => document.readyState })
  return { beforeUnload: () => timings.report('hidden') }
}
