// The event list and the timeline's marks, derived incrementally: the loader feeds each chunk's events
// once, in playback order, so the work per event is constant and a 200,000-event session is indexed as
// it streams in instead of in one long pass.
import { hrefOf, isCapturedError, isErrorTag, summarizeError, type CapturedError } from '../../../shared/custom-events'
import type { RecordedEvent } from '../../../shared/types'
import { describeNode, type NodeMap } from './node-map'
import { EventType, IncrementalSource, MouseInteraction, isUserInteractionSource } from './rrweb-shapes'

export type RowKind = 'page' | 'click' | 'input' | 'scroll' | 'resize' | 'custom' | 'error'

export interface EventRow {
  /** Epoch ms (client clock) of the first event of the row. */
  ts: number
  /** Epoch ms of the last event folded into the row (scroll bursts, typing). */
  end: number
  kind: RowKind
  label: string
  detail: string
  segment: number
}

export interface Span {
  start: number
  end: number
}

/** rrweb's default `inactivePeriodThreshold`: gaps longer than this between user actions are inactive. */
export const INACTIVE_THRESHOLD_MS = 10_000
/** Scroll and resize events closer than this to the previous one extend the same row. */
const BURST_GAP_MS = 1_000
/** Keystrokes into the same field closer than this are one "input" row. */
const TYPING_GAP_MS = 3_000

const CLICK_LABELS: Record<number, string> = {
  [MouseInteraction.Click]: 'Click',
  [MouseInteraction.DblClick]: 'Double-click',
  [MouseInteraction.ContextMenu]: 'Right-click'
}

/** Rows that are user interactions (Shift+←/→ jumps between these). */
export const INTERACTION_KINDS: ReadonlySet<RowKind> = new Set(['click', 'input'])

export class EventIndex {
  readonly rows: EventRow[] = []
  readonly inactive: Span[] = []
  private lastActivity: number | null = null
  private readonly hrefs = new Map<number, string>()
  private burst: { row: EventRow; source: number; id: number; segment: number } | null = null

  constructor(private readonly nodes: NodeMap) {}

  /** Index one event; call after `NodeMap.apply` for it (click targets are named from the map). */
  add(event: RecordedEvent, segment: number): void {
    const ts = event.timestamp
    this.lastActivity ??= ts
    // A page load's Meta event, or a single-page app's route change (the recorder's navigation event).
    const href = hrefOf(event)
    if (href !== null) return this.navigateTo(href, ts, segment)
    switch (event.type) {
      case EventType.IncrementalSnapshot:
        this.incremental(event.data as { source: number } & Record<string, unknown>, ts, segment)
        break
      case EventType.Custom: {
        const { tag, payload } = event.data as { tag?: string; payload?: unknown }
        const name = String(tag ?? 'custom')
        if (!isErrorTag(name)) this.push('custom', ts, segment, name, preview(payload))
        else if (isCapturedError(payload))
          this.push('error', ts, segment, ERROR_LABELS[payload.kind], errorLine(payload))
        else this.push('error', ts, segment, name, preview(payload))
        break
      }
      case EventType.Plugin: {
        const { plugin, payload } = event.data as { plugin?: string; payload?: { level?: string; payload?: unknown } }
        if (String(plugin).includes('console') && payload?.level === 'error') {
          this.push('error', ts, segment, 'Console error', preview(payload.payload))
        }
        break
      }
    }
  }

  /** Inactive stretches so far, plus the trailing one up to `endTs` once the whole session is known. */
  inactiveUntil(endTs: number): Span[] {
    if (this.lastActivity !== null && endTs - this.lastActivity > INACTIVE_THRESHOLD_MS) {
      return [...this.inactive, { start: this.lastActivity, end: endTs }]
    }
    return this.inactive
  }

  private navigateTo(href: string, ts: number, segment: number): void {
    const previous = this.hrefs.get(segment)
    this.hrefs.set(segment, href)
    // Every page load starts with Meta; the recorder's periodic checkouts repeat it (same URL, not a load).
    if (previous === undefined) this.push('page', ts, segment, 'Page load', href)
    else if (previous !== href) this.push('page', ts, segment, 'Navigation', href)
  }

  private incremental(data: { source: number } & Record<string, unknown>, ts: number, segment: number): void {
    const { source } = data
    if (isUserInteractionSource(source)) {
      if (this.lastActivity !== null && ts - this.lastActivity > INACTIVE_THRESHOLD_MS) {
        this.inactive.push({ start: this.lastActivity, end: ts })
      }
      this.lastActivity = ts
    }
    switch (source) {
      case IncrementalSource.MouseInteraction: {
        const label = CLICK_LABELS[data.type as number]
        if (label) this.push('click', ts, segment, label, this.target(segment, data.id))
        break
      }
      case IncrementalSource.Input: {
        const id = Number(data.id)
        const value =
          typeof data.isChecked === 'boolean' && data.text === undefined
            ? data.isChecked
              ? 'checked'
              : 'unchecked'
            : `“${String(data.text ?? '')}”`
        const burst = this.continueBurst(source, id, segment, ts, TYPING_GAP_MS)
        if (burst) {
          burst.detail = `${this.target(segment, id)} = ${value}`
        } else {
          this.startBurst(
            source,
            id,
            this.push('input', ts, segment, 'Input', `${this.target(segment, id)} = ${value}`)
          )
        }
        break
      }
      case IncrementalSource.Scroll: {
        const id = Number(data.id)
        const where = `to ${Math.round(Number(data.x) || 0)}, ${Math.round(Number(data.y) || 0)}`
        const burst = this.continueBurst(source, id, segment, ts, BURST_GAP_MS)
        if (burst) burst.detail = `${this.scrollTarget(segment, id)} ${where}`
        else
          this.startBurst(
            source,
            id,
            this.push('scroll', ts, segment, 'Scroll', `${this.scrollTarget(segment, id)} ${where}`)
          )
        break
      }
      case IncrementalSource.ViewportResize: {
        const size = `${Number(data.width)}×${Number(data.height)}`
        const burst = this.continueBurst(source, 0, segment, ts, BURST_GAP_MS)
        if (burst) burst.detail = size
        else this.startBurst(source, 0, this.push('resize', ts, segment, 'Resize', size))
        break
      }
    }
  }

  private push(kind: RowKind, ts: number, segment: number, label: string, detail: string): EventRow {
    const row: EventRow = { ts, end: ts, kind, label, detail, segment }
    // Chunks arrive in playback order, but client clocks can step back a little: keep rows sorted.
    let at = this.rows.length
    while (at > 0 && this.rows[at - 1]!.ts > ts) at--
    this.rows.splice(at, 0, row)
    if (kind !== 'scroll' && kind !== 'resize' && kind !== 'input') this.burst = null
    return row
  }

  private startBurst(source: number, id: number, row: EventRow): void {
    this.burst = { row, source, id, segment: row.segment }
  }

  /** The open row this event extends (same kind of action on the same node, soon after), if any. */
  private continueBurst(source: number, id: number, segment: number, ts: number, gap: number): EventRow | null {
    const burst = this.burst
    if (!burst || burst.source !== source || burst.id !== id || burst.segment !== segment) return null
    if (ts - burst.row.end > gap) return null
    burst.row.end = ts
    return burst.row
  }

  private target(segment: number, id: unknown): string {
    return describeNode(this.nodes, segment, Number(id)) ?? `node ${String(id)}`
  }

  private scrollTarget(segment: number, id: number): string {
    const info = this.nodes.get(segment, id)
    if (!info || info.tag === '#document' || info.tag === 'html' || info.tag === 'body') return 'page'
    return this.target(segment, id)
  }
}

const ERROR_LABELS: Record<CapturedError['kind'], string> = {
  error: 'Uncaught error',
  unhandledrejection: 'Unhandled rejection'
}

/** "TypeError: x is undefined (app.js:12:5)", and how often it happened since its previous row. */
function errorLine(payload: CapturedError): string {
  const summary = summarizeError(payload)!
  let text = summary.where ? `${summary.head} (${summary.where})` : summary.head
  if (payload.repeats > 0) {
    text += ` · ${payload.repeats} more since the previous one`
  }
  return preview(text)
}

function preview(value: unknown): string {
  if (value === undefined) return ''
  let text: string
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value)
  } catch {
    text = String(value)
  }
  return text.length > 160 ? `${text.slice(0, 159)}…` : text
}

/** Index of the last row at or before `ts` (-1 if none): the row the playhead is on. */
export function rowAt(rows: readonly EventRow[], ts: number): number {
  let low = 0
  let high = rows.length - 1
  let found = -1
  while (low <= high) {
    const mid = (low + high) >> 1
    if (rows[mid]!.ts <= ts) {
      found = mid
      low = mid + 1
    } else {
      high = mid - 1
    }
  }
  return found
}
