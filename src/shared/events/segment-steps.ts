// Reads the rrweb events of one page load (session segment) in recorded order, keeping its DOM mirror current,
// and turns them into steps (steps.ts) by the rules of rules.ts. Incremental and constant work per event:
// the replay feeds it chunk by chunk as a session streams in, the search indexer batch by batch.
//
// A step is reported once, when it starts (`step`), and again each time it changes (`update`): a typing
// burst grows, a click turns out to be part of a rage burst, a click's dead-click window closes. Which steps
// can still change is `openSteps()`; the indexer uses it to carry rows across batches.
import {
  hrefOf,
  isCapturedError,
  isErrorTag,
  isNavigationCause,
  NAVIGATION_TAG,
  summarizeError,
  SUBMIT_TAG
} from '../custom-events'
import {
  CONSOLE_TAG,
  isConsolePayload,
  isFailedRequest,
  isNetworkPayload,
  isPageTimingPayload,
  NETWORK_TAG,
  PAGE_TIMING_TAG,
  type ConsolePayload,
  type NetworkPayload,
  type PageTimingPayload
} from '../devtools-events'
import type { RecordedEvent } from '../types'
import { attributeOf, collapseWhitespace, DomMirror, type MirrorNode } from './dom-mirror'
import { clip, preview } from './preview'
import {
  EventType,
  finiteOrNull,
  IncrementalSource,
  isRecord,
  MouseInteractions,
  NodeType,
  PointerTypes
} from './rrweb'
import {
  DEAD_WINDOW_MS,
  PAGE_INPUT_GAP_MS,
  RAGE_WINDOW_MS,
  RageDetector,
  SCROLL_GAP_MS,
  SETTLE_GAP_MS,
  SETTLE_MAX_MS,
  TYPING_GAP_MS
} from './rules'
import { targetOf } from './step-target'
import type {
  ClickButton,
  ClickStep,
  ConsoleStep,
  CustomStep,
  ErrorOrigin,
  ErrorStep,
  FieldKind,
  InputStep,
  NavigationStep,
  NetworkStep,
  PageInputStep,
  PageLoadStep,
  ResizeStep,
  ScrollStep,
  Step,
  StepTarget,
  SubmitStep
} from './steps'

export interface StepSink {
  /** A new step; its fields may still change (see update). */
  step?(step: Step): void
  /** An earlier step changed in place: a burst grew, a click was found rage, or (not) dead. */
  update?(step: Step): void
  /** Visible page text present from `ts` on (whitespace collapsed; fully masked text is left out). */
  text?(text: string, ts: number): void
}

const NO_SINK: StepSink = {}

/** Longest visible text reported, typed value kept, error message and stack kept, custom payload shown. */
const MAX_TEXT_LENGTH = 500
const MAX_VALUE_LENGTH = 200
const MAX_MESSAGE_LENGTH = 2000
const MAX_STACK_LENGTH = 4000
const MAX_PAYLOAD_LENGTH = 300
/** A request's start is read from its payload, but never more than this before the event that reports it. */
const MAX_REQUEST_MS = 10 * 60 * 1000
/** A radio's group-mates, unchecked by rrweb right after the user's pick, are part of that pick. */
const RADIO_GROUP_MS = 50

const CLICK_BUTTONS: Partial<Record<number, ClickButton>> = {
  [MouseInteractions.Click]: 'click',
  [MouseInteractions.DblClick]: 'dblclick',
  [MouseInteractions.ContextMenu]: 'contextmenu'
}

const isMasked = (text: string): boolean => text.length > 0 && /^\*+$/.test(text)

export class SegmentSteps {
  readonly mirror = new DomMirror()
  private sink: StepSink = NO_SINK
  private nextId = 0
  private now = 0
  private href: string | null = null
  private readonly rage = new RageDetector<ClickStep>()
  /** Plain clicks whose dead-click window is open, oldest first. */
  private undecided: ClickStep[] = []
  private typing: InputStep | null = null
  private pageInput: { step: PageInputStep; fields: Set<number> } | null = null
  private scroll: { step: ScrollStep; id: number } | null = null
  private resize: ResizeStep | null = null
  private lastRadio: { ts: number; name: string | undefined } | null = null
  /** The page load's navigation timing and web vitals, as last recorded (the final values come last). */
  pageTiming: PageTimingPayload | null = null
  /** The first moment the page load was settled (rules.ts); null before its first full snapshot. */
  settledAt: number | null = null
  private settling: { since: number } | null = null

  constructor(readonly segment: number) {
    this.mirror.onText = (node) => this.reportText(node)
  }

  /** Reads events in recorded order; with no sink it only brings the state up to date (a rebuild). */
  feed(events: readonly RecordedEvent[], sink: StepSink = NO_SINK): void {
    this.sink = sink
    try {
      for (const event of events) this.read(event)
    } finally {
      this.sink = NO_SINK
    }
  }

  /** Steps that may still change: open bursts, clicks whose rage or dead-click window is open. */
  openSteps(): Step[] {
    const open = new Set<Step>(this.undecided)
    for (const click of this.rage.recent()) if (this.now - click.ts <= RAGE_WINDOW_MS) open.add(click)
    if (this.typing) open.add(this.typing)
    if (this.pageInput) open.add(this.pageInput.step)
    if (this.scroll) open.add(this.scroll.step)
    if (this.resize) open.add(this.resize)
    return [...open]
  }

  /**
   * The page load ended: a new one began at `nextTs` (a navigation, so clicks within the dead-click window
   * before it were alive, earlier ones dead), or nothing more is known (null: they stay undecided).
   */
  end(nextTs: number | null, sink: StepSink = NO_SINK): void {
    if (nextTs !== null) {
      for (const click of this.undecided) this.decide(click, nextTs - click.ts > DEAD_WINDOW_MS, sink)
      this.undecided = []
    }
    this.typing = this.pageInput = this.scroll = this.resize = null
  }

  private read(event: RecordedEvent): void {
    const data = event.data
    if (!isRecord(data) || typeof event.timestamp !== 'number') return
    this.now = event.timestamp
    this.closeDeadWindows()
    // A page load's Meta event, or a single-page app's route change (the recorder's navigation event).
    const href = hrefOf(event)
    if (href !== null) return this.navigate(href, event.type === EventType.Meta ? null : data.payload)
    switch (event.type) {
      case EventType.FullSnapshot:
        if (this.settledAt === null) {
          this.settledAt = this.now
          this.settling = { since: this.now }
        }
        return this.mirror.loadSnapshot(data.node)
      case EventType.IncrementalSnapshot:
        return this.incremental(data)
      case EventType.Custom:
        return this.custom(data)
      case EventType.Plugin:
        return this.plugin(data)
    }
  }

  private add<S extends Step>(step: Omit<S, 'id' | 'ts' | 'end' | 'segment'>, ts = this.now): S {
    const full = { id: this.nextId++, ts, end: this.now, segment: this.segment, ...step } as S
    this.sink.step?.(full)
    return full
  }

  private changed(step: Step): void {
    this.sink.update?.(step)
  }

  private navigate(href: string, payload: unknown): void {
    if (href === this.href) return
    const first = this.href === null
    this.href = href
    if (first && payload === null) this.add<PageLoadStep>({ kind: 'page-load', href })
    else {
      const via = isRecord(payload) && isNavigationCause(payload.via) ? payload.via : 'snapshot'
      this.add<NavigationStep>({ kind: 'navigation', href, via })
    }
    this.reaction()
  }

  /** While settling, each mutation close enough moves the settled moment on; anything else ends it. */
  private settle(mutation: boolean): void {
    const settling = this.settling
    if (!settling) return
    const close = this.now - this.settledAt! <= SETTLE_GAP_MS && this.now - settling.since <= SETTLE_MAX_MS
    if (mutation && close) this.settledAt = this.now
    else this.settling = null
  }

  private incremental(data: Record<string, unknown>): void {
    if (this.settling) this.settle(data.source === IncrementalSource.Mutation)
    switch (data.source) {
      case IncrementalSource.Mutation: {
        this.mirror.applyMutation(data)
        const some = (list: unknown) => Array.isArray(list) && list.length > 0
        if (some(data.adds) || some(data.removes) || some(data.texts) || some(data.attributes)) this.reaction()
        return
      }
      case IncrementalSource.MouseInteraction:
        return this.click(data)
      case IncrementalSource.Scroll:
        return this.scrolled(data)
      case IncrementalSource.ViewportResize:
        return this.resized(data)
      case IncrementalSource.Input:
        if (typeof data.id === 'number') this.input(data.id, data)
        return
      case IncrementalSource.Log:
        if (data.level === 'error' && isRecord(data.payload)) this.consoleError(data.payload)
        return
    }
  }

  private target(id: number): StepTarget {
    return targetOf(this.mirror, id, this.href)
  }

  private click(data: Record<string, unknown>): void {
    const type = typeof data.type === 'number' ? data.type : -1
    let button = CLICK_BUTTONS[type]
    if (!button || typeof data.id !== 'number') return
    // A tap: the browser's click after a touch. rrweb's TouchStart/End are not steps (a scroll starts so too).
    if (button === 'click' && data.pointerType === PointerTypes.Touch) button = 'touch'
    if (this.typing && this.typing.target.nodeId !== data.id) this.typing = null
    this.pageInput = null
    const click = this.add<ClickStep>({
      kind: 'click',
      button,
      target: this.target(data.id),
      x: finiteOrNull(data.x),
      y: finiteOrNull(data.y),
      rage: false,
      dead: null
    })
    if (button !== 'click') return
    this.undecided.push(click)
    const burst = this.rage.add(click)
    if (burst.length === 0) return
    click.rage = true
    for (const earlier of burst) {
      if (earlier.rage) continue
      earlier.rage = true
      this.changed(earlier)
    }
  }

  /** Something happened on the page (a mutation, an input, a navigation): open dead-click windows close alive. */
  private reaction(): void {
    for (const click of this.undecided) this.decide(click, false, this.sink)
    this.undecided = []
  }

  private closeDeadWindows(): void {
    while (this.undecided.length > 0 && this.now - this.undecided[0]!.ts > DEAD_WINDOW_MS) {
      this.decide(this.undecided.shift()!, true, this.sink)
    }
  }

  private decide(click: ClickStep, dead: boolean, sink: StepSink): void {
    click.dead = dead
    sink.update?.(click)
  }

  private input(id: number, data: Record<string, unknown>): void {
    const field = this.mirror.elementAt(id)
    const kind = fieldKind(field)
    this.reaction()
    // rrweb's userTriggered (record option userTriggeredOnInput): false for values the page's code set.
    // Recordings made without the option do not say; their input counts as the user's.
    if (data.userTriggered === false) return this.pageChanged(id, kind, field)
    this.pageInput = null
    const raw = typeof data.text === 'string' ? data.text : ''
    if (kind === 'checkbox' || kind === 'radio' || kind === 'select') {
      this.typing = null
      if (kind === 'radio') this.lastRadio = { ts: this.now, name: field && attributeOf(field, 'name') }
      const checked = kind === 'select' ? null : data.isChecked === true
      this.addInput(id, kind, raw, checked)
      return
    }
    const open = this.typing
    if (open && open.target.nodeId === id && this.now - open.end <= TYPING_GAP_MS) {
      setValue(open, kind, raw)
      open.end = this.now
      open.changes++
      return this.changed(open)
    }
    this.typing = this.addInput(id, kind, raw, null)
  }

  private addInput(id: number, kind: FieldKind, raw: string, checked: boolean | null): InputStep {
    const step: Omit<InputStep, 'id' | 'ts' | 'end' | 'segment'> = {
      kind: 'input',
      target: this.target(id),
      field: kind,
      value: null,
      masked: false,
      length: 0,
      checked,
      changes: 1
    }
    setValue(step, kind, raw)
    return this.add<InputStep>(step)
  }

  private pageChanged(id: number, kind: FieldKind, field: MirrorNode | undefined): void {
    if (this.typing?.target.nodeId === id) this.typing = null
    // rrweb unchecks the other radios of a group when the user picks one: part of the user's pick.
    const radio = this.lastRadio
    if (kind === 'radio' && radio && this.now - radio.ts <= RADIO_GROUP_MS) {
      if (field && attributeOf(field, 'name') === radio.name) return
    }
    const open = this.pageInput
    if (open && this.now - open.step.end <= PAGE_INPUT_GAP_MS) {
      open.step.end = this.now
      open.step.changes++
      open.fields.add(id)
      open.step.fields = open.fields.size
      return this.changed(open.step)
    }
    const step = this.add<PageInputStep>({ kind: 'page-input', target: this.target(id), changes: 1, fields: 1 })
    this.pageInput = { step, fields: new Set([id]) }
  }

  private scrolled(data: Record<string, unknown>): void {
    if (typeof data.id !== 'number') return
    const x = finiteOrNull(data.x) ?? 0
    const y = finiteOrNull(data.y) ?? 0
    const open = this.scroll
    if (open && open.id === data.id && this.now - open.step.end <= SCROLL_GAP_MS) {
      open.step.x = x
      open.step.y = y
      open.step.end = this.now
      return this.changed(open.step)
    }
    const node = this.mirror.get(data.id)
    const page = !node || node.type === NodeType.Document || node.tag === 'html' || node.tag === 'body'
    const step = this.add<ScrollStep>({ kind: 'scroll', target: page ? null : this.target(data.id), x, y })
    this.scroll = { step, id: data.id }
  }

  private resized(data: Record<string, unknown>): void {
    const width = finiteOrNull(data.width) ?? 0
    const height = finiteOrNull(data.height) ?? 0
    const open = this.resize
    if (open && this.now - open.end <= SCROLL_GAP_MS) {
      open.width = width
      open.height = height
      open.end = this.now
      return this.changed(open)
    }
    this.resize = this.add<ResizeStep>({ kind: 'resize', width, height })
  }

  private custom(data: Record<string, unknown>): void {
    const tag = typeof data.tag === 'string' ? data.tag : ''
    if (tag === NAVIGATION_TAG) return // without an href: nothing to read
    if (tag === SUBMIT_TAG && isRecord(data.payload) && typeof data.payload.id === 'number') {
      this.typing = null
      this.add<SubmitStep>({ kind: 'submit', target: this.target(data.payload.id) })
      return
    }
    // The recorder's devtools signals; a payload that fails its guard (a page posting anything) is dropped.
    if (tag === CONSOLE_TAG) return isConsolePayload(data.payload) ? this.console(data.payload) : undefined
    if (tag === NETWORK_TAG) return isNetworkPayload(data.payload) ? this.network(data.payload) : undefined
    if (tag === PAGE_TIMING_TAG) {
      if (isPageTimingPayload(data.payload)) this.pageTiming = data.payload
      return
    }
    if (isErrorTag(tag)) return this.customError(tag, data.payload)
    this.add<CustomStep>({ kind: 'custom', tag, payload: preview(data.payload, MAX_PAYLOAD_LENGTH) })
  }

  private console(payload: ConsolePayload): void {
    const position = [payload.line, payload.column].filter((part) => part !== null).join(':')
    const file = payload.source?.split('/').pop() || payload.source
    this.add<ConsoleStep>({
      kind: 'console',
      level: payload.level,
      message: clip(payload.message, MAX_MESSAGE_LENGTH),
      truncated: payload.truncated,
      where: file ? [file, position].filter(Boolean).join(':') : null,
      repeats: payload.repeats
    })
  }

  /** A request starts a step at its start (bounded: a client's `start` cannot reach far before the event). */
  private network(payload: NetworkPayload): void {
    const start = Math.min(this.now, Math.max(payload.start, this.now - MAX_REQUEST_MS))
    this.add<NetworkStep>({ kind: 'network', request: payload, failed: isFailedRequest(payload) }, start)
  }

  private customError(tag: string, payload: unknown): void {
    const summary = summarizeError(payload)
    const captured = isCapturedError(payload) ? payload : null
    const origin: ErrorOrigin = captured ? (captured.kind === 'error' ? 'uncaught' : 'rejection') : 'custom'
    const fields = isRecord(payload) ? payload : {}
    this.addError({
      origin,
      tag: captured ? null : tag,
      name: typeof fields.name === 'string' ? clip(fields.name, 100) : null,
      message: clip(
        summary ? collapseWhitespace(String(fields.message)) : preview(payload, MAX_MESSAGE_LENGTH),
        MAX_MESSAGE_LENGTH
      ),
      where: summary?.where ?? null,
      stack: typeof fields.stack === 'string' ? clip(fields.stack, MAX_STACK_LENGTH) : null,
      repeats: captured && Number.isInteger(captured.repeats) && captured.repeats > 0 ? captured.repeats : 0
    })
  }

  /** rrweb's console plugin (rrweb/console@1): { level, payload: string[], trace }. */
  private plugin(data: Record<string, unknown>): void {
    if (typeof data.plugin !== 'string' || !data.plugin.startsWith('rrweb/console') || !isRecord(data.payload)) return
    if (data.payload.level === 'error' || data.payload.level === 'assert') this.consoleError(data.payload)
  }

  private consoleError(payload: Record<string, unknown>): void {
    const parts = Array.isArray(payload.payload) ? payload.payload : [payload.payload]
    const message = parts.map((part) => preview(part, MAX_MESSAGE_LENGTH)).join(' ')
    const trace = Array.isArray(payload.trace) ? payload.trace.filter((line) => typeof line === 'string') : []
    this.addError({
      origin: 'console',
      tag: null,
      name: null,
      message: clip(collapseWhitespace(message), MAX_MESSAGE_LENGTH),
      where: null,
      stack: trace.length ? clip(trace.join('\n'), MAX_STACK_LENGTH) : null,
      repeats: 0
    })
  }

  private addError(fields: Omit<ErrorStep, 'id' | 'ts' | 'end' | 'segment' | 'kind'>): void {
    this.add<ErrorStep>({ kind: 'error', ...fields })
  }

  private reportText(node: MirrorNode): void {
    if (!this.sink.text || !node.text || !this.mirror.isVisibleText(node)) return
    const text = collapseWhitespace(node.text)
    if (!text || isMasked(text.replace(/ /g, ''))) return
    this.sink.text(clip(text, MAX_TEXT_LENGTH), this.now)
  }
}

/** What kind of field an element is. */
function fieldKind(field: MirrorNode | undefined): FieldKind {
  if (!field) return 'other'
  if (field.tag === 'textarea') return 'textarea'
  if (field.tag === 'select') return 'select'
  if (field.tag !== 'input') return 'other'
  const type = attributeOf(field, 'type')?.toLowerCase() ?? 'text'
  if (type === 'password' || type === 'checkbox' || type === 'radio') return type
  return 'text'
}

/** The value of an input step: as typed unless masked (a password always is), with its length. */
function setValue(step: Pick<InputStep, 'value' | 'masked' | 'length'>, kind: FieldKind, raw: string): void {
  step.length = raw.length
  step.masked = kind === 'password' || isMasked(raw)
  step.value = step.masked ? null : clip(raw, MAX_VALUE_LENGTH)
}
