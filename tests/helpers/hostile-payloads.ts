// Building blocks for hostile batches: bodies nested deeper than any parser-built page, node trees past
// the limits, and JSON spliced in as text (so that building the input never recurses either).
import { gzipSync } from 'node:zlib'
import type { IngestBatch, RecordedEvent } from '../../src/shared/types'
import { clientMeta } from './client-meta'
import { documentWith, el, meta, snapshot, type Node } from './rrweb-events'

/** Put this string value where `gzipWithSplice` should splice its raw JSON. */
export const SPLICE = '__SPLICE_HERE__'
const PLACEHOLDER = JSON.stringify(SPLICE)

/** JSON text nested `depth` levels: {"d":{"d":…1…}} (or arrays with `array`). Built as a string, no recursion. */
export function deepJson(depth: number, array = false): string {
  return array ? '['.repeat(depth) + '1' + ']'.repeat(depth) : '{"d":'.repeat(depth) + '1' + '}'.repeat(depth)
}

/** The gzip body of `batch` with the JSON text `raw` in place of the string SPLICE inside it. */
export function gzipWithSplice(batch: unknown, raw: string): Buffer {
  const json = JSON.stringify(batch)
  if (!json.includes(PLACEHOLDER)) throw new Error('the batch holds no splice placeholder')
  return gzipSync(json.replace(PLACEHOLDER, () => raw))
}
/** A batch of `events` for `sessionId`, as the recorder would send it. */
export function batchOf(sessionId: string, seq: number, events: RecordedEvent[], segment = 0): IngestBatch {
  return { v: 1, sessionId, seq, segment, sentAt: Date.now(), meta: clientMeta(), events }
}

/** Meta + full snapshot of document > html > [head, body > children], at `at`. */
export function pageLoad(at: number, bodyChildren: Node[]): RecordedEvent[] {
  // Not documentWith(...bodyChildren): 200,000 children are too many arguments for a call.
  const document = documentWith()
  document.childNodes![0]!.childNodes![1]!.childNodes = bodyChildren
  return [meta(at, 'http://localhost:3000/'), snapshot(at + 1, document)]
}

/** `count` sibling <div>s with ids from `firstId`. */
export function flatDivs(count: number, firstId = 100): Node[] {
  return Array.from({ length: count }, (_, i) => el(firstId + i, 'div'))
}

/** A chain of `depth` nested <div>s (each the only child of the one before), built without recursion. */
export function nestedDivs(depth: number, firstId = 100): Node {
  const root = el(firstId, 'div')
  let current = root
  for (let i = 1; i < depth; i++) {
    const child = el(firstId + i, 'div')
    current.childNodes!.push(child)
    current = child
  }
  return root
}

/** `count` attributes (data-a0, data-a1, …) of `valueChars` characters each. */
export function manyAttributes(count: number, valueChars = 4): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (let i = 0; i < count; i++) attributes[`data-a${i}`] = 'v'.repeat(valueChars)
  return attributes
}

/** An element with `count` attributes of `valueChars` characters each. */
export function elementWithAttributes(id: number, count: number, valueChars = 4): Node {
  return el(id, 'div', manyAttributes(count, valueChars))
}
