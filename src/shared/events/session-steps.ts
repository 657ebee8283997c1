// The steps of a whole session, page load after page load, for the readers that see a session in playback
// order: the replay's event list and timeline (fed chunk by chunk as the session streams in), the privacy
// audit and the session diff. The search indexer reads page loads one at a time (SegmentSteps) instead,
// because batches of different sessions interleave as they arrive.
import type { PageTimingPayload } from '../devtools-events'
import type { RecordedEvent } from '../types'
import type { DomMirror } from './dom-mirror'
import { EventType, isRecord, isUserInteractionSource } from './rrweb'
import { INACTIVE_THRESHOLD_MS } from './rules'
import { SegmentSteps, type StepSink } from './segment-steps'
import type { InactiveSpan, Step } from './steps'

export class SessionSteps {
  /** Every step so far, by start time. Steps change in place while open (see SegmentSteps). */
  readonly steps: Step[] = []
  /** Inactive stretches between user activity so far (see inactiveUntil for the trailing one). */
  readonly inactive: InactiveSpan[] = []
  /** Each page load's navigation timing and web vitals as last recorded (the last values are the final ones). */
  readonly pageTimings = new Map<number, PageTimingPayload>()
  /** Bumped whenever steps, spans or page timings were added or changed. */
  version = 0
  private current: SegmentSteps | null = null
  private first: SegmentSteps | null = null
  private lastActivity: number | null = null
  private readonly sink: StepSink

  /** `onText`: visible page text as it appears (the audit and the diff read it; the event list does not). */
  constructor(options: { onText?: (text: string, ts: number, segment: number) => void } = {}) {
    const { onText } = options
    this.sink = {
      step: (step) => {
        this.insert(step)
        this.version++
      },
      update: () => {
        this.version++
      },
      text: onText ? (text, ts) => onText(text, ts, this.current?.segment ?? -1) : undefined
    }
  }

  /** The page load being read, with its DOM mirror as of the last event fed. */
  get segment(): SegmentSteps | null {
    return this.current
  }

  /** When the session's first page load was settled (see rules.ts): where a replay opens. */
  get settledAt(): number | null {
    return this.first?.settledAt ?? null
  }

  /** The DOM mirror of page load `segment` as of the last event fed, if that is the one being read. */
  mirrorOf(segment: number): DomMirror | null {
    return this.current?.segment === segment ? this.current.mirror : null
  }

  /** Reads events of one page load in recorded order; a new segment ends the previous one. */
  feed(events: readonly RecordedEvent[], segment: number): void {
    for (const event of events) this.feedEvent(event, segment)
  }

  feedEvent(event: RecordedEvent, segment: number): void {
    if (!this.current || this.current.segment !== segment) {
      this.current?.end(event.timestamp, this.sink)
      this.current = new SegmentSteps(segment)
      this.first ??= this.current
    }
    this.noteActivity(event)
    this.current.feed([event], this.sink)
    const timing = this.current.pageTiming
    if (timing && this.pageTimings.get(segment) !== timing) {
      this.pageTimings.set(segment, timing)
      this.version++
    }
  }

  /** Inactive stretches so far, plus the trailing one up to `endTs` once the whole session is known. */
  inactiveUntil(endTs: number): InactiveSpan[] {
    if (this.lastActivity !== null && endTs - this.lastActivity > INACTIVE_THRESHOLD_MS) {
      return [...this.inactive, { start: this.lastActivity, end: endTs }]
    }
    return this.inactive
  }

  private noteActivity(event: RecordedEvent): void {
    const ts = event.timestamp
    this.lastActivity ??= ts
    if (event.type !== EventType.IncrementalSnapshot || !isRecord(event.data)) return
    if (!isUserInteractionSource(event.data.source)) return
    if (ts - this.lastActivity > INACTIVE_THRESHOLD_MS) {
      this.inactive.push({ start: this.lastActivity, end: ts })
      this.version++
    }
    this.lastActivity = Math.max(this.lastActivity, ts)
  }

  /** Chunks arrive in playback order, but client clocks can step back a little: keep steps sorted. */
  private insert(step: Step): void {
    let at = this.steps.length
    while (at > 0 && this.steps[at - 1]!.ts > step.ts) at--
    this.steps.splice(at, 0, step)
  }
}

/** Index of the last step at or before `ts` (-1 if none): the step the playhead is on. */
export function stepAt(steps: readonly { ts: number }[], ts: number): number {
  let low = 0
  let high = steps.length - 1
  let found = -1
  while (low <= high) {
    const mid = (low + high) >> 1
    if (steps[mid]!.ts <= ts) {
      found = mid
      low = mid + 1
    } else {
      high = mid - 1
    }
  }
  return found
}
