/**
 * The recorder script the receiver serves at /recorder.js. A site includes it with
 *
 *   <script src="http://127.0.0.1:4477/recorder.js" crossorigin="anonymous" data-key="…" data-mask-level="moderate"
 *     data-block-selector=".no-record" data-mask-selector=".secret" data-sample-rate="1" data-max-duration="300000"
 *     data-console="errors" data-network-bodies="/api/checkout"></script>
 *
 * This file only wires the pure modules beside it to the real browser. It never throws into the host page,
 * and it leaves `window.__replayInvestigator` (see RecorderHandle in ./recorder.ts) on every page it ran on.
 */
import { record } from '@rrweb/record'
import type { RecorderConfig } from '../shared/types'
import { collectClientMeta } from './client-meta'
import { parseRecorderConfig, resolveIngestEndpoint } from './config'
import { createDeliveryQueue } from './delivery-queue'
import { startDevtoolsCapture } from './devtools-capture'
import { guardAgainstDuplicateTab, type OpenChannel } from './duplicate-tab'
import { captureErrors } from './error-capture'
import { maskedFieldValues } from './field-values'
import { findOwnScript } from './find-script'
import { watchFormSubmits } from './form-submit'
import { withIngestKey } from './ingest-key'
import { watchNavigations } from './navigation-watch'
import { buildRecordOptions } from './record-options'
import { startRecorder, type Recorder, type RecorderHandle } from './recorder'
import { SESSION_STORAGE_KEY, startSession } from './session'
import { generateSessionId } from './session-id'
import { withoutQuery } from './stack-frames'
import { createResilientStorage } from './storage'
import { beaconBody, postBody } from './transport'

// Taken before console capture wraps console.warn: the recorder's own warnings are not the page's console output.
const consoleWarn = console.warn.bind(console)
function warn(message: string): void {
  consoleWarn(`[Replay Investigator] ${message}`)
}

function isValidSelector(selector: string): boolean {
  try {
    // A fragment has nothing to search, so this only parses the selector.
    document.createDocumentFragment().querySelector(selector)
    return true
  } catch {
    return false
  }
}

function notRecordingHandle(config: RecorderConfig | null): RecorderHandle {
  return { sessionId: null, config, recording: false, queued: 0, flush: () => Promise.resolve(), stop: () => {} }
}

/** Same origin, like sessionStorage: the tabs that can have copied this tab's session are the ones listening. */
const openChannel: OpenChannel = (onMessage) => {
  const channel = new BroadcastChannel(SESSION_STORAGE_KEY)
  channel.onmessage = (event) => onMessage(event.data)
  return channel
}

function publicHandle(recorder: Recorder): RecorderHandle {
  return {
    // A copied tab's id changes once, within its first moments (see duplicate-tab.ts); after flush() it is final.
    get sessionId() {
      return recorder.sessionId
    },
    config: recorder.config,
    get recording() {
      return recorder.recording
    },
    get queued() {
      return recorder.queued
    },
    flush: () => recorder.flush(),
    stop: () => recorder.stop()
  }
}

function start(): RecorderHandle {
  const script = findOwnScript(document)
  const attributes = script?.dataset ?? {}
  const config = parseRecorderConfig(attributes, { isValidSelector, warn })
  const receiver = resolveIngestEndpoint(script?.src, attributes.hostUrl, warn)
  const endpoint = receiver && withIngestKey(receiver, attributes.key, warn)
  if (!endpoint) return notRecordingHandle(config)

  const storage = createResilientStorage(() => window.sessionStorage)
  const started = startSession(config, { storage, now: Date.now, random: Math.random, newSessionId: generateSessionId })
  if (!started.recording) return notRecordingHandle(config)
  const guard = guardAgainstDuplicateTab({
    session: started.session,
    storage,
    openChannel: typeof BroadcastChannel === 'function' ? openChannel : null,
    instanceId: generateSessionId()
  })

  // The recorder needs the delivery queue and the queue's 410 handler needs the recorder: bound below.
  let stopRecording = (): void => {}
  const delivery = createDeliveryQueue({
    post: (body, keepalive) => postBody(endpoint, body, keepalive),
    beacon: (body) => beaconBody(endpoint, body),
    warn,
    // Deleted in the app while this tab was still recording it: stop, here and on the tab's later pages.
    onSessionGone: () => {
      started.session.markDeleted()
      stopRecording()
      warn('this session was deleted in Replay Investigator; not recording this tab any more')
    },
    // 401/403: a wrong data-key (rotated in the app?) or an origin the app does not allow.
    onRefused: (status) => {
      stopRecording()
      warn(`the receiver refused this page's recording (HTTP ${status}: check data-key and the allowed origins)`)
    }
  })
  const recorder = startRecorder({
    config,
    session: started.session,
    gate: guard,
    delivery,
    startRecording: (emit) => record({ ...buildRecordOptions(config), emit }),
    collectMeta: collectClientMeta,
    now: Date.now,
    warn
  })
  stopRecording = () => recorder.stop()

  // The page's uncaught errors and unhandled rejections, as custom events while recording; the page and the
  // console see them exactly as before.
  captureErrors({
    target: window,
    addCustomEvent: recorder.addCustomEvent,
    isRecording: () => recorder.recording,
    maskLevel: config.maskLevel,
    maskedFieldValues: () => maskedFieldValues(document, config.maskLevel),
    now: Date.now
  })

  // A single-page app's route changes, when they happen (rrweb states the URL only every 30 s).
  watchNavigations({
    history: window.history,
    currentHref: () => location.href,
    target: window,
    addCustomEvent: recorder.addCustomEvent,
    isRecording: () => recorder.recording
  })

  // Form submissions (rrweb records none; a form sent with Enter shows no click).
  watchFormSubmits({
    target: document,
    nodeIdOf: (node) => record.mirror.getId(node),
    addCustomEvent: recorder.addCustomEvent,
    isRecording: () => recorder.recording
  })

  // Console, network and page timings; requests to the receiver are the recorder's own and never recorded.
  const devtools = startDevtoolsCapture({
    config,
    addCustomEvent: recorder.addCustomEvent,
    isRecording: () => recorder.recording,
    receiverOrigin: new URL(endpoint).origin,
    ownScript: script?.src ? withoutQuery(script.src) : null,
    // The attribute is set only if the browser loaded the script with CORS: it would not have run otherwise.
    corsLoaded: script?.crossOrigin != null,
    warn
  })

  // pagehide is the last reliable moment on navigation and bfcache; hidden is the last one on mobile, where a
  // backgrounded tab may be killed without pagehide. Both send with requests that outlive the page.
  // The page timings' final values go into that last batch.
  addEventListener('pagehide', () => {
    devtools.beforeUnload()
    recorder.flushBeforeUnload()
    guard.disconnect()
  })
  addEventListener('pageshow', (event) => {
    if (event.persisted) guard.connect()
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'hidden') return
    devtools.beforeUnload()
    recorder.flushBeforeUnload()
  })
  return publicHandle(recorder)
}

// Included twice, the page is recorded once: the first copy has left its handle.
if (!window.__replayInvestigator) {
  let handle: RecorderHandle
  try {
    handle = start()
  } catch (error) {
    warn(`not recording this page: ${String(error)}`)
    handle = notRecordingHandle(null)
  }
  window.__replayInvestigator = handle
}
