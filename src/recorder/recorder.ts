import { FLUSH_INTERVAL_MS, FLUSH_MAX_EVENTS, FLUSH_MAX_RAW_BYTES } from '../shared/limits'
import { EventType } from '@rrweb/types'
import type { ClientMeta, RecorderConfig } from '../shared/types'
import { encodeBatchBody } from './batch-body'
import { createBatcher } from './batcher'
import type { DeliveryQueue, OutgoingBatch } from './delivery-queue'
import type { RecordingSession } from './session'

/**
 * What the recorder exposes as `window.__replayInvestigator` (for developers in the console and for tests):
 *
 *   sessionId  this tab session's id, or null when this page is not recorded (sampled out, past max duration,
 *              or start-up failed)
 *   config     the effective configuration (after defaults and validation)
 *   recording  whether this page is being recorded right now
 *   queued     batches waiting for the receiver (0 once everything recorded so far was acknowledged)
 *   flush()    sends what has been recorded so far and resolves once every queued batch has been tried once
 *              (resolves, never rejects, even if the receiver is down: the batches then stay queued for retry)
 *   stop()     stops recording for this page; what was already recorded is still sent
 *
 * A page that includes the script twice is recorded once: the second copy sees this handle and does nothing.
 */
export interface RecorderHandle {
  readonly sessionId: string | null
  readonly config: RecorderConfig | null
  readonly recording: boolean
  readonly queued: number
  flush(): Promise<void>
  stop(): void
}

/** rrweb's `record`, reduced to what the recorder needs: start with an emit callback, get a stop function. */
export type StartRecording = (emit: (event: unknown) => void) => (() => void) | undefined

/**
 * Holds this page's batches back until its session id is final (see duplicate-tab.ts). Recording does not wait:
 * what is recorded meanwhile goes into the first batches, made with the final id once `checked` resolves.
 */
export interface SessionGate {
  readonly checked: Promise<void>
  /** Makes the id final now; afterwards `checked` has resolved. */
  finishNow(): void
}

/** setTimeout fires at once for longer delays; a longer max duration is still enforced as events arrive. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1

export interface RecorderDeps {
  config: RecorderConfig
  session: RecordingSession
  /** Absent: the session id is final from the start. */
  gate?: SessionGate
  delivery: DeliveryQueue
  startRecording: StartRecording
  collectMeta: (config: RecorderConfig) => ClientMeta
  now: () => number
  warn: (message: string) => void
}

export interface Recorder extends RecorderHandle {
  /** For pagehide / visibilitychange to hidden: flush with requests that outlive the page. */
  flushBeforeUnload(): void
  /**
   * Records an rrweb custom event (type 5, `{tag, payload}`) now, as rrweb's record.addCustomEvent would, but also
   * before rrweb's first snapshot: started while the page is still loading, rrweb waits for the load event and
   * refuses custom events until then, which would lose the console messages and requests of the page's start.
   * Nothing once recording stopped; never throws.
   */
  addCustomEvent(tag: string, payload: unknown): void
}

/** Records this page load into the session until stop() or the session's deadline, batching and delivering. */
export function startRecorder({
  config,
  session,
  gate,
  delivery,
  startRecording,
  collectMeta,
  now,
  warn
}: RecorderDeps): Recorder {
  let recording = true

  const toBatch = (eventJsons: string[]): OutgoingBatch => {
    const seq = session.takeSeq()
    const envelope = {
      v: 1 as const,
      sessionId: session.id,
      seq,
      segment: session.segment,
      sentAt: now(),
      meta: collectMeta(config)
    }
    return { seq, body: encodeBatchBody(envelope, eventJsons) }
  }

  const deliver = (eventJsons: string[]): void => delivery.add(toBatch(eventJsons))
  // Until the gate opens, flushed events wait here as they were cut, and become batches (with seq numbers taken
  // in order) only once the session id is final.
  let held: string[][] | null = gate ? [] : null
  const release = (): void => {
    const waiting = held ?? []
    held = null
    waiting.forEach(deliver)
  }
  void gate?.checked.then(release)

  const batcher = createBatcher({
    maxEvents: FLUSH_MAX_EVENTS,
    maxRawBytes: FLUSH_MAX_RAW_BYTES,
    intervalMs: FLUSH_INTERVAL_MS,
    onFlush: (eventJsons) => {
      if (held) held.push(eventJsons)
      else deliver(eventJsons)
    }
  })

  let warnedAboutEmit = false
  const emit = (event: unknown): void => {
    if (!recording) return
    // rrweb calls this from inside the page's own event handlers: an exception here must not surface there.
    try {
      batcher.add(event)
      // Timers are throttled in background tabs, so the deadline is also checked as events arrive.
      if (now() >= session.deadline) stop()
    } catch (error) {
      if (!warnedAboutEmit) warn(`could not record an event: ${String(error)}`)
      warnedAboutEmit = true
    }
  }

  let stopRecording: (() => void) | null = null
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined

  function stop(): void {
    if (!recording) return
    recording = false
    clearTimeout(deadlineTimer)
    stopRecording?.()
    batcher.stop()
    batcher.flush()
  }

  // rrweb emits the first full snapshot synchronously when the page has already loaded, so emit (and with it
  // stop) may run before startRecording returns.
  stopRecording = startRecording(emit) ?? null
  if (recording) {
    batcher.start()
    deadlineTimer = setTimeout(stop, Math.min(Math.max(0, session.deadline - now()), LONGEST_TIMEOUT_MS))
  } else {
    stopRecording?.()
  }

  return {
    get sessionId() {
      return session.id
    },
    config,
    get recording() {
      return recording
    },
    get queued() {
      return (held?.length ?? 0) + delivery.size
    },
    flush() {
      batcher.flush()
      if (!held || !gate) return delivery.flush()
      return gate.checked.then(() => {
        release()
        return delivery.flush()
      })
    },
    stop,
    addCustomEvent(tag, payload) {
      emit({ type: EventType.Custom, data: { tag, payload }, timestamp: now() })
    },
    flushBeforeUnload() {
      // Nothing after this is guaranteed to run, so the id cannot wait for an answer any longer.
      if (held) {
        gate?.finishNow()
        release()
      }
      const eventJsons = batcher.take()
      delivery.sendBeforeUnload(eventJsons.length > 0 ? toBatch(eventJsons) : undefined)
    }
  }
}
