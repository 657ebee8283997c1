// Hand-written rrweb events for index and search tests: each case states exactly what the recorder sent.
import type { ClientMeta, IngestBatch, RecordedEvent } from '../../src/shared/types'
import { clientMeta } from './synthetic'

export interface Node {
  id: number
  type: number
  tagName?: string
  attributes?: Record<string, string>
  childNodes?: Node[]
  textContent?: string
}

export const text = (id: number, textContent: string): Node => ({ id, type: 3, textContent })
export const el = (
  id: number,
  tagName: string,
  attributes: Record<string, string> = {},
  childNodes: Node[] = []
): Node => ({
  id,
  type: 2,
  tagName,
  attributes,
  childNodes
})
/** document(1) > html(2) > [head(3), body(4) > ...children] */
export const documentWith = (...children: Node[]): Node => ({
  id: 1,
  type: 0,
  childNodes: [el(2, 'html', {}, [el(3, 'head'), el(4, 'body', {}, children)])]
})

export const meta = (ts: number, href: string): RecordedEvent => ({
  type: 4,
  timestamp: ts,
  data: { href, width: 1280, height: 800 }
})
export const snapshot = (ts: number, node: Node): RecordedEvent => ({
  type: 2,
  timestamp: ts,
  data: { node, initialOffset: { top: 0, left: 0 } }
})
export const mutation = (
  ts: number,
  change: {
    adds?: { parentId: number; nextId: number | null; node: Node }[]
    removes?: { parentId: number; id: number }[]
    texts?: { id: number; value: string }[]
    attributes?: { id: number; attributes: Record<string, string | null> }[]
  }
): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 0, adds: [], removes: [], texts: [], attributes: [], ...change }
})
/** MouseInteraction: 2 click, 3 contextmenu, 4 dblclick, 7 touchstart. */
export const click = (ts: number, id: number, x = 100, y = 100, type = 2): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 2, type, id, x, y, pointerType: 0 }
})
export const input = (ts: number, id: number, value: string, isChecked = false): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 5, id, text: value, isChecked, userTriggered: true }
})
export const mouseMove = (ts: number): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 1, positions: [{ x: 1, y: 1, id: 4, timeOffset: 0 }] }
})
export const viewport = (ts: number, width: number, height: number): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 4, width, height }
})
export const custom = (ts: number, tag: string, payload: unknown): RecordedEvent => ({
  type: 5,
  timestamp: ts,
  data: { tag, payload }
})
export const consoleError = (ts: number, ...args: string[]): RecordedEvent => ({
  type: 6,
  timestamp: ts,
  data: { plugin: 'rrweb/console@1', payload: { level: 'error', payload: args, trace: [] } }
})

/** Builds the batches of one session: `batches[i]` are the events of seq i (segment given per batch). */
export function sessionBatches(
  sessionId: string,
  batches: { segment?: number; events: RecordedEvent[] }[],
  meta: Partial<ClientMeta> = {}
): IngestBatch[] {
  return batches.map((batch, seq) => ({
    v: 1,
    sessionId,
    seq,
    segment: batch.segment ?? 0,
    sentAt: batch.events.at(-1)!.timestamp,
    meta: clientMeta(meta),
    events: batch.events
  }))
}
