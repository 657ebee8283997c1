// What a person could read in a recording, and what the recorder hid: the privacy audit's and the masking
// inspector's view of a session, read through the shared step model (SegmentSteps, its DOM mirror and its
// steps), never by a reader of its own.
//
// Reported as content, each with its time, page load and node:
// - every visible text node as it enters the mirror or changes (snapshots and mutations);
// - the attribute values people can read or that carry data: value, placeholder, title, alt, aria-label and
//   the other text-bearing aria-*, every data-*, the query string and fragment of href and src, and
//   mailto:, tel: and sms: links whole;
// - what the user typed (input steps, once their burst is over), page URLs (page-load and navigation steps),
//   the strings in custom events' payloads and errors' messages and stacks, console messages, and each
//   request's URL with the headers and bodies recorded for it (only where data-network-bodies asked).
// Reported as hidden: masked input values, masked text nodes (only `*` left) and blocked elements (rrweb's
// placeholders with rr_width/rr_height).
//
// Feeds SegmentSteps one event at a time (as SessionSteps does), so a custom step is read with the event it
// came from. Work per event is constant apart from the walk up from a text node (bounded by MAX_DEPTH).
import type { NetworkPayload } from '../devtools-events'
import type { RecordedEvent } from '../types'
import { attributeOf, type DomMirror, type MirrorNode } from './dom-mirror'
import { recordPath, type RecordedPath } from './recorded-path'
import { isRecord } from './rrweb'
import { TYPING_GAP_MS } from './rules'
import { SegmentSteps, type StepSink } from './segment-steps'
import type { InputStep, Step } from './steps'
import { stringLeaves } from './string-leaves'
import { STRICT_TEXT_ATTRIBUTES } from '../strict-text-attributes'

export type ContentWhere = 'text' | 'attribute' | 'input' | 'url' | 'custom' | 'error' | 'console' | 'network'

export interface ContentItem {
  where: ContentWhere
  /** What a person could read (a text node's text as recorded, at most MAX_CONTENT_LENGTH characters). */
  text: string
  /**
   * The attribute's name; the custom event's tag; 'message' or 'stack' for an error; the level of a console
   * message; for a request 'url', 'request body', 'response body' or `request header <name>` /
   * `response header <name>`.
   */
  name: string | null
  ts: number
  segment: number
  /** rrweb id (per page load) of the node: a text node, the element of an attribute, the input field. */
  nodeId: number | null
}

export type HiddenKind = 'masked-input' | 'masked-text' | 'blocked'

export interface HiddenItem {
  kind: HiddenKind
  ts: number
  segment: number
  /** The input field, the masked text node, the blocked element. */
  nodeId: number
  /** Blocked elements: the placeholder's size as recorded (rr_width, rr_height in CSS px). */
  width: number | null
  height: number | null
}

/** `locate()` gives the recorded path of the node's element; call it during the callback (the DOM moves on). */
export interface ContentSink {
  content?(item: ContentItem, locate: () => RecordedPath | null): void
  hidden?(item: HiddenItem, locate: () => RecordedPath | null): void
}

/** Longest text read from one node, attribute or string (detectors look at no more). */
export const MAX_CONTENT_LENGTH = 50_000
/** Attributes whose values people read (the ones `strict` masks) or that carry data. */
const READABLE_ATTRIBUTES = new Set(['value', ...STRICT_TEXT_ATTRIBUTES])
/** Links and sources: only their query string and fragment can carry what was typed. */
const URL_ATTRIBUTES = new Set(['href', 'src'])
const FIELD_TAGS = new Set(['input', 'textarea', 'select'])
/** Input steps without a value a person typed. */
const VALUELESS_FIELDS = new Set(['checkbox', 'radio'])

/** settleInputs with every step still open: only the gap decides. */
const ALL_OPEN: ReadonlySet<Step> = { has: () => true } as unknown as ReadonlySet<Step>

const isBlank = (text: string): boolean => !/\S/.test(text)
/** rrweb's masks: one `*` per character (whitespace kept). */
export const isMaskedText = (text: string): boolean => /^[\s*]*\*[\s*]*$/.test(text)
const clipContent = (text: string) => (text.length > MAX_CONTENT_LENGTH ? text.slice(0, MAX_CONTENT_LENGTH) : text)
const pixels = (value: string | undefined): number | null => {
  const number = value === undefined ? NaN : Number.parseFloat(value)
  return Number.isFinite(number) ? number : null
}

/**
 * What of a link or source URL can carry personal data: a mailto:, tel: or sms: link whole, else its query
 * string and fragment ('' when it has neither, or is a data: URL).
 */
export function urlQueryPart(url: string): string {
  if (/^(mailto|tel|sms):/i.test(url.trimStart())) return url
  if (/^(data|blob|javascript):/i.test(url.trimStart())) return ''
  const at = url.search(/[?#]/)
  return at < 0 || at === url.length - 1 ? '' : url.slice(at)
}

export class SessionContent {
  private current: SegmentSteps | null = null
  /**
   * Input steps of the current page load whose burst may still grow, with the value last reported of each
   * (peekOpen reports a burst before it is over): read once they are over.
   */
  private readonly openInputs = new Map<InputStep, string | null>()
  /** The event being fed (a custom step's payload is read from it). */
  private event: RecordedEvent | null = null
  private readonly stepSink: StepSink = { step: (step) => this.onStep(step) }

  constructor(private readonly sink: ContentSink) {}

  /** The page load being read, with its DOM mirror as of the last event fed. */
  get segment(): SegmentSteps | null {
    return this.current
  }

  /** Reads events of one page load in recorded order; a new segment ends the previous one. */
  feed(events: readonly RecordedEvent[], segment: number): void {
    for (const event of events) {
      if (!this.current || this.current.segment !== segment) this.startSegment(segment)
      // A burst without input for longer than the gap is over: read before what comes next (the field's
      // value in the next snapshot is the same value, and is one finding with it).
      if (this.openInputs.size > 0) this.settleInputs(ALL_OPEN, event.timestamp)
      this.event = event
      this.current!.feed([event], this.stepSink)
    }
    const latest = this.event?.timestamp
    this.event = null
    if (this.openInputs.size > 0 && this.current && latest !== undefined) {
      this.settleInputs(new Set(this.current.openSteps()), latest)
    }
  }

  /** The recording ends here: typing bursts still open are read as they are. */
  finish(): void {
    this.settleInputs(new Set(), Infinity)
  }

  /**
   * Reports the typing bursts still open as they are now, keeping them open: a recording that stopped
   * arriving may never say that they are over. A burst that grows after all is reported again.
   */
  peekOpen(): void {
    for (const [step, reported] of this.openInputs) {
      const value = step.masked ? '' : step.value
      if (value === reported) continue
      this.openInputs.set(step, value)
      this.readInput(step)
    }
  }

  private startSegment(segment: number): void {
    this.settleInputs(new Set(), Infinity)
    const steps = new SegmentSteps(segment)
    const mirror = steps.mirror
    const stepsText = mirror.onText
    mirror.onText = (node) => {
      stepsText?.(node)
      this.onText(mirror, node)
    }
    mirror.onAttribute = (node, name) => this.onAttribute(mirror, node, name)
    this.current = steps
  }

  private get now(): number {
    return this.event?.timestamp ?? 0
  }

  private report(
    item: Omit<ContentItem, 'ts' | 'segment'>,
    locate: () => RecordedPath | null,
    at: { ts: number; segment: number } = { ts: this.now, segment: this.current!.segment }
  ): void {
    this.sink.content?.({ ...item, ...at }, locate)
  }

  private onText(mirror: DomMirror, node: MirrorNode): void {
    const text = node.text
    if (!text || isBlank(text) || !mirror.isVisibleText(node)) return
    const locate = () => recordPath(mirror, node.id)
    if (isMaskedText(text)) return this.hide('masked-text', node.id, locate)
    this.report({ where: 'text', text: clipContent(text), name: null, nodeId: node.id }, locate)
  }

  private onAttribute(mirror: DomMirror, node: MirrorNode, name: string): void {
    const locate = () => recordPath(mirror, node.id)
    if (name === 'rr_width') {
      const size = { width: pixels(attributeOf(node, 'rr_width')), height: pixels(attributeOf(node, 'rr_height')) }
      return this.hide('blocked', node.id, locate, size)
    }
    const lower = name.toLowerCase()
    const isUrl = URL_ATTRIBUTES.has(lower)
    if (!isUrl && !READABLE_ATTRIBUTES.has(lower) && !lower.startsWith('data-')) return
    const raw = attributeOf(node, name)
    const value = raw === undefined ? '' : isUrl ? urlQueryPart(raw) : raw
    if (isBlank(value)) return
    if (isMaskedText(value)) {
      if (lower === 'value' && FIELD_TAGS.has(node.tag)) this.hide('masked-input', node.id, locate)
      return
    }
    this.report({ where: 'attribute', text: clipContent(value), name: lower, nodeId: node.id }, locate)
  }

  private hide(
    kind: HiddenKind,
    nodeId: number,
    locate: () => RecordedPath | null,
    size: { width: number | null; height: number | null } = { width: null, height: null },
    at: { ts: number; segment: number } = { ts: this.now, segment: this.current!.segment }
  ): void {
    this.sink.hidden?.({ kind, nodeId, ...size, ...at }, locate)
  }

  private onStep(step: Step): void {
    const none = () => null
    switch (step.kind) {
      case 'page-load':
      case 'navigation':
        return this.report({ where: 'url', text: clipContent(step.href), name: null, nodeId: null }, none)
      case 'input':
        if (!VALUELESS_FIELDS.has(step.field)) this.openInputs.set(step, null)
        return
      case 'error':
        this.report({ where: 'error', text: step.message, name: 'message', nodeId: null }, none)
        if (step.stack) this.report({ where: 'error', text: step.stack, name: 'stack', nodeId: null }, none)
        return
      case 'console':
        return this.report({ where: 'console', text: step.message, name: step.level, nodeId: null }, none)
      case 'network':
        return this.readRequest(step.request)
      case 'custom': {
        const payload = isRecord(this.event?.data) ? this.event.data.payload : undefined
        for (const leaf of stringLeaves(payload, 200, MAX_CONTENT_LENGTH)) {
          if (!isBlank(leaf.text)) this.report({ where: 'custom', text: leaf.text, name: step.tag, nodeId: null }, none)
        }
        return
      }
    }
  }

  /** A request's URL, and its headers and bodies where the recorder was asked to keep them. */
  private readRequest(request: NetworkPayload): void {
    const none = () => null
    const report = (text: string, name: string) => {
      if (!isBlank(text)) this.report({ where: 'network', text: clipContent(text), name, nodeId: null }, none)
    }
    report(request.url, 'url')
    for (const [side, message] of [
      ['request', request.request],
      ['response', request.response]
    ] as const) {
      if (!message) continue
      for (const [header, value] of Object.entries(message.headers)) report(value, `${side} header ${header}`)
      if (message.body !== null) report(message.body, `${side} body`)
    }
  }

  /**
   * Reads the input steps that are over: no longer open, or without input for longer than a burst's gap
   * before `latest` (a later input into the field starts a new step).
   */
  private settleInputs(open: ReadonlySet<Step>, latest: number): void {
    for (const [step, reported] of this.openInputs) {
      if (open.has(step) && latest - step.end <= TYPING_GAP_MS) continue
      this.openInputs.delete(step)
      if ((step.masked ? '' : step.value) !== reported) this.readInput(step)
    }
  }

  /** What the user typed, or that it was masked. */
  private readInput(step: InputStep): void {
    const { nodeId, path } = step.target
    const at = { ts: step.ts, segment: step.segment }
    if (step.masked) this.hide('masked-input', nodeId, () => path, undefined, at)
    else if (step.value) this.report({ where: 'input', text: step.value, name: null, nodeId }, () => path, at)
  }
}
