// Reads the rrweb events of one page load (session segment), in recorded order, keeping its DOM mirror
// current, and reports what the user did: clicks, double clicks, context menus and touches with the target's
// recorded path, inputs (value only when not masked), navigations, viewport changes, custom events and
// console errors; plus the visible texts that appear, and the moments something reacted on the page
// (what decides dead clicks). No SQL here: the indexer decides what to store.
import { hrefOf, isErrorTag, summarizeError } from '../../../shared/custom-events'
import { RrwebEventType, type RecordedEvent } from '../../../shared/types'
import {
  attributeOf,
  collapseWhitespace,
  DomMirror,
  type MirrorNode,
  type MutationPayload,
  type SerializedNode
} from './dom-mirror'
import { recordPath, type RecordedPath } from './recorded-path'

export const CLICK_KINDS = ['click', 'dblclick', 'contextmenu', 'touch'] as const
export type ClickKind = (typeof CLICK_KINDS)[number]
export type InteractionKind = ClickKind | 'input' | 'navigation' | 'viewport' | 'custom' | 'error'

export interface Interaction {
  kind: InteractionKind
  ts: number
  /** rrweb node id of the target or field (clicks, inputs). */
  nodeId: number | null
  /** The target's path at that moment (clicks, inputs); null when the mirror did not have the node. */
  path: RecordedPath | null
  /** Click: text excerpt (masked stays masked); input: the value unless masked; navigation: URL; ... */
  text: string | null
  /** Input: the value was masked by the recorder. */
  masked: boolean
  x: number | null
  y: number | null
}

export interface ExtractorSink {
  interaction(item: Interaction): void
  /** Visible text present on the page from `ts` on (whitespace collapsed; fully masked text is left out). */
  text(text: string, ts: number): void
  /** A DOM mutation, an input or a navigation at `ts`: what makes a click not dead. */
  reaction(ts: number): void
  /** Called first for every event, with its time. */
  time(ts: number): void
}

/** rrweb IncrementalSource values the extractor reads. */
const Source = { Mutation: 0, MouseInteraction: 2, ViewportResize: 4, Input: 5, Log: 11 } as const

/** rrweb MouseInteractions -> our kinds (mouse up/down, focus, blur and touch end/cancel are not interactions). */
const MOUSE_KINDS: Record<number, ClickKind> = { 2: 'click', 3: 'contextmenu', 4: 'dblclick', 7: 'touch' }

const EXCERPT_LENGTH = 80
const MAX_TEXT_LENGTH = 500
const MAX_VALUE_LENGTH = 200
const MAX_MESSAGE_LENGTH = 300
/** Ancestors tried for a click excerpt when the target itself has no text (an icon in a button). */
const EXCERPT_ANCESTORS = 3

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
const isMasked = (text: string): boolean => /^\*+$/.test(text)
const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text)

const NOOP_SINK: ExtractorSink = { interaction() {}, text() {}, reaction() {}, time() {} }

export class SegmentExtractor {
  readonly mirror = new DomMirror()
  private sink: ExtractorSink = NOOP_SINK
  private now = 0
  private lastHref: string | null = null

  constructor() {
    this.mirror.onText = (node) => this.reportText(node)
  }

  /** Processes events in recorded order; with no sink it only brings the mirror up to date (a rebuild). */
  process(events: readonly RecordedEvent[], sink: ExtractorSink = NOOP_SINK): void {
    this.sink = sink
    try {
      for (const event of events) this.processEvent(event)
    } finally {
      this.sink = NOOP_SINK
    }
  }

  private processEvent(event: RecordedEvent): void {
    const data = event.data
    if (!isRecord(data)) return
    this.now = event.timestamp
    this.sink.time(event.timestamp)
    // A page load's Meta event, or a single-page app's route change (the recorder's navigation event).
    const href = hrefOf(event)
    if (href !== null) return this.navigateTo(href)
    switch (event.type) {
      case RrwebEventType.FullSnapshot:
        if (isRecord(data.node)) this.mirror.loadSnapshot(data.node as unknown as SerializedNode)
        return
      case RrwebEventType.IncrementalSnapshot:
        return this.incremental(data)
      case RrwebEventType.Custom:
        return this.custom(data)
      case RrwebEventType.Plugin:
        return this.plugin(data)
    }
  }

  private emit(item: Partial<Interaction> & Pick<Interaction, 'kind'>): void {
    this.sink.interaction({
      ts: this.now,
      nodeId: null,
      path: null,
      text: null,
      masked: false,
      x: null,
      y: null,
      ...item
    })
  }

  /** rrweb repeats the Meta event at every checkout: only a new URL is a navigation. */
  private navigateTo(href: string): void {
    if (href === this.lastHref) return
    this.lastHref = href
    this.emit({ kind: 'navigation', text: href })
    this.sink.reaction(this.now)
  }

  private incremental(data: Record<string, unknown>): void {
    switch (data.source) {
      case Source.Mutation: {
        const mutation = data as MutationPayload
        this.mirror.applyMutation(mutation)
        const changed =
          (mutation.adds?.length ?? 0) +
          (mutation.removes?.length ?? 0) +
          (mutation.texts?.length ?? 0) +
          (mutation.attributes?.length ?? 0)
        if (changed > 0) this.sink.reaction(this.now)
        return
      }
      case Source.MouseInteraction: {
        const kind = typeof data.type === 'number' ? MOUSE_KINDS[data.type] : undefined
        if (!kind || typeof data.id !== 'number') return
        return this.emit({
          kind,
          nodeId: data.id,
          path: recordPath(this.mirror, data.id, this.lastHref),
          text: this.excerpt(data.id),
          x: numberOrNull(data.x),
          y: numberOrNull(data.y)
        })
      }
      case Source.ViewportResize:
        return this.emit({ kind: 'viewport', text: `${String(data.width)}x${String(data.height)}` })
      case Source.Input:
        if (typeof data.id === 'number') this.input(data.id, data)
        return
      case Source.Log:
        if (data.level === 'error') this.emit({ kind: 'error', text: this.message(data.payload) })
        return
    }
  }

  private input(id: number, data: Record<string, unknown>): void {
    const field = this.mirror.elementAt(id)
    const type = field ? attributeOf(field, 'type')?.toLowerCase() : undefined
    const raw = typeof data.text === 'string' ? data.text : ''
    let value: string | null
    let masked = false
    if (type === 'checkbox' || type === 'radio') value = data.isChecked === true ? 'checked' : 'unchecked'
    else if (type === 'password' || (raw.length > 0 && isMasked(raw))) {
      value = null
      masked = true
    } else value = clip(raw, MAX_VALUE_LENGTH)
    this.emit({ kind: 'input', nodeId: id, path: recordPath(this.mirror, id, this.lastHref), text: value, masked })
    this.sink.reaction(this.now)
  }

  private custom(data: Record<string, unknown>): void {
    const tag = typeof data.tag === 'string' ? data.tag : ''
    if (isErrorTag(tag)) return this.emit({ kind: 'error', text: this.errorText(data.payload) })
    const payload = data.payload === undefined ? '' : ` ${JSON.stringify(data.payload)}`
    this.emit({ kind: 'custom', text: clip(`${tag}${payload}`, MAX_MESSAGE_LENGTH) })
  }

  /** rrweb's console plugin (rrweb/console@1): { level, payload: string[], trace }. */
  private plugin(data: Record<string, unknown>): void {
    if (typeof data.plugin !== 'string' || !data.plugin.startsWith('rrweb/console') || !isRecord(data.payload)) return
    const { level, payload } = data.payload
    if (level === 'error' || level === 'assert') this.emit({ kind: 'error', text: this.message(payload) })
  }

  /**
   * The recorder's error payload (src/recorder/error-capture.ts) as "TypeError: x is undefined (app.js:12:5)";
   * any payload with a string `message` reads the same, others as they are.
   */
  private errorText(payload: unknown): string {
    const summary = summarizeError(payload)
    if (!summary) return this.message(payload)
    const where = summary.where ? ` (${clip(summary.where, EXCERPT_LENGTH)})` : ''
    // A long message is cut before the location, which stays.
    return clip(collapseWhitespace(summary.head), MAX_MESSAGE_LENGTH - where.length) + where
  }

  private message(payload: unknown): string {
    const parts = Array.isArray(payload) ? payload : [payload]
    const text = parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')
    return clip(collapseWhitespace(text), MAX_MESSAGE_LENGTH)
  }

  /** The target's text, else the nearest ancestor's, else a label attribute; masked text stays masked. */
  private excerpt(id: number): string | null {
    let element: MirrorNode | null | undefined = this.mirror.elementAt(id)
    for (let level = 0; element && level <= EXCERPT_ANCESTORS; level++) {
      const text = this.mirror.textOf(element.id, EXCERPT_LENGTH)
      if (text) return text
      const attribute = (name: string) => attributeOf(element!, name)
      const type = attribute('type')?.toLowerCase()
      const label =
        attribute('aria-label') ??
        attribute('title') ??
        attribute('alt') ??
        (type === 'submit' || type === 'button' || type === 'reset' ? attribute('value') : undefined)
      if (label) return clip(collapseWhitespace(label), EXCERPT_LENGTH)
      element = this.mirror.parentElement(element)
    }
    return null
  }

  private reportText(node: MirrorNode): void {
    if (this.sink === NOOP_SINK || !node.textContent || !this.mirror.isVisibleText(node)) return
    const text = collapseWhitespace(node.textContent)
    if (!text || isMasked(text.replace(/ /g, ''))) return
    this.sink.text(clip(text, MAX_TEXT_LENGTH), this.now)
  }
}
