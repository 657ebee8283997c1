// Bounds at the door (README "Limits at the door"): each limit passes at its value and refuses one past it,
// with a message that says which, and nothing is stored.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { ValidationError } from '../../src/main/core/ingest/validate-batch'
import { jsonNestingDepth } from '../../src/main/core/codec/json-depth'
import { Store } from '../../src/main/core/store/store'
import {
  MAX_ATTRIBUTE_VALUE_CHARS,
  MAX_ATTRIBUTES_PER_NODE,
  MAX_CLOCK_SKEW_MS,
  MAX_CUSTOM_PAYLOAD_CHARS,
  MAX_CUSTOM_TAG_CHARS,
  MAX_JSON_DEPTH,
  MAX_MUTATION_ENTRIES_PER_BATCH,
  MAX_SNAPSHOT_NODES,
  MAX_TEXT_CHARS
} from '../../src/shared/limits'
import type { RecordedEvent } from '../../src/shared/types'
import {
  batchOf,
  deepJson,
  elementWithAttributes,
  flatDivs,
  gzipWithSplice,
  manyAttributes,
  nestedDivs,
  pageLoad,
  SPLICE
} from '../helpers/hostile-payloads'
import { text } from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

let dir: ReturnType<typeof tempDir>
let store: Store
let ingestor: Ingestor
const NOW = Date.now()
beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
  ingestor = new Ingestor(store)
})
afterEach(() => {
  store.close()
  dir.remove()
})

let seq = 0
const body = (events: RecordedEvent[]) => gzipBatch(batchOf('bounds-session-1', seq++, events))
const ingestBody = (bytes: Uint8Array) => ingestor.ingest({ body: bytes, ip: null, receivedAt: NOW })
const custom = (payload: unknown, tag = 'x'): RecordedEvent => ({ type: 5, timestamp: NOW, data: { tag, payload } })
const mutation = (data: Record<string, unknown>): RecordedEvent => ({
  type: 3,
  timestamp: NOW,
  data: { source: 0, adds: [], removes: [], texts: [], attributes: [], ...data }
})

/** Stores `passing` and refuses `failing` with a message matching `reason`; nothing of the refused is stored. */
function expectBound(passing: Uint8Array, failing: Uint8Array, reason: RegExp): void {
  const before = store.countBatches()
  expect(ingestBody(passing).stored).toBe(true)
  expect(() => ingestBody(failing)).toThrow(ValidationError)
  expect(() => ingestBody(failing)).toThrow(reason)
  expect(store.countBatches()).toBe(before + 1)
}

describe('nesting depth', () => {
  it('is measured from the bytes, ignoring brackets inside strings and escaped quotes', () => {
    expect(jsonNestingDepth(Buffer.from('[1,{"a":[2]}]'))).toBe(3)
    expect(jsonNestingDepth(Buffer.from('{"a":"[[[{{{\\"]]]"}'))).toBe(1)
    expect(jsonNestingDepth(Buffer.from('"\\\\"'))).toBe(0)
    expect(jsonNestingDepth(Buffer.from(deepJson(100_000)), 50)).toBe(51)
    expect(jsonNestingDepth(Buffer.from('{"ü🎉[":"]"}'))).toBe(1)
  })

  it(`refuses a body nested past ${MAX_JSON_DEPTH} levels (a deep custom payload) before parsing it`, () => {
    // The batch itself takes 4 levels above the payload: {events:[{data:{payload: …}}]}.
    const batch = (n: number) => gzipWithSplice(batchOf('bounds-session-1', seq++, [custom(SPLICE)]), deepJson(n))
    expectBound(batch(MAX_JSON_DEPTH - 4), batch(MAX_JSON_DEPTH - 3), /nested more than 1200 levels deep/)
    expect(() => ingestBody(batch(30_000))).toThrow(/nested more than/)
  })

  it('refuses a snapshot nested too deeply (arrays count as much as objects)', () => {
    const deepArrays = gzipWithSplice(batchOf('bounds-session-1', seq++, [custom(SPLICE)]), deepJson(5000, true))
    expect(() => ingestBody(deepArrays)).toThrow(/nested more than/)
    // 500 nested elements: a page Chromium's parser could build (it nests at most 512).
    expect(ingestBody(body(pageLoad(NOW, [nestedDivs(500)]))).stored).toBe(true)
  })
})

describe('timestamps', () => {
  it('accepts times within 10 years of the receive time either way, refuses past it', () => {
    const at = (timestamp: number): RecordedEvent[] => [{ type: 5, timestamp, data: { tag: 't', payload: {} } }]
    expectBound(body(at(NOW + MAX_CLOCK_SKEW_MS)), body(at(NOW + MAX_CLOCK_SKEW_MS + 1)), /more than 10 years/)
    expectBound(body(at(NOW - MAX_CLOCK_SKEW_MS)), body(at(NOW - MAX_CLOCK_SKEW_MS - 1)), /more than 10 years/)
    expect(() => ingestBody(body(at(1e20)))).toThrow(/has timestamp 100000000000000000000, more than 10 years/)
    expect(() => ingestBody(body(at(-5)))).toThrow(/no valid timestamp/)
  })
})

describe('node trees', () => {
  it(`refuses a full snapshot of more than ${MAX_SNAPSHOT_NODES} nodes`, () => {
    // pageLoad adds document, html, head and body.
    expectBound(
      body(pageLoad(NOW, flatDivs(MAX_SNAPSHOT_NODES - 4))),
      body(pageLoad(NOW, flatDivs(MAX_SNAPSHOT_NODES - 3))),
      /full snapshot of more than 200000 nodes/
    )
  })

  it(`refuses a node with more than ${MAX_ATTRIBUTES_PER_NODE} attributes`, () => {
    expectBound(
      body(pageLoad(NOW, [elementWithAttributes(100, MAX_ATTRIBUTES_PER_NODE)])),
      body(pageLoad(NOW, [elementWithAttributes(100, MAX_ATTRIBUTES_PER_NODE + 1)])),
      /more than 500 attributes/
    )
  })

  it('refuses an attribute value or a text over 4 MiB', () => {
    const valued = (chars: number) => body(pageLoad(NOW, [elementWithAttributes(100, 1, chars)]))
    expectBound(valued(MAX_ATTRIBUTE_VALUE_CHARS), valued(MAX_ATTRIBUTE_VALUE_CHARS + 1), /attribute value of 4194305/)
    const texted = (chars: number) => body(pageLoad(NOW, [text(100, 'x'.repeat(chars))]))
    expectBound(texted(MAX_TEXT_CHARS), texted(MAX_TEXT_CHARS + 1), /text of 4194305 characters/)
  })
})

describe('mutations', () => {
  it(`refuses more than ${MAX_MUTATION_ENTRIES_PER_BATCH} DOM changes in one batch, over all its mutations`, () => {
    const removes = (n: number) => Array.from({ length: n }, (_, i) => ({ parentId: 4, id: 100 + i }))
    const half = MAX_MUTATION_ENTRIES_PER_BATCH / 2
    expectBound(
      body([mutation({ removes: removes(half) }), mutation({ removes: removes(half) })]),
      body([mutation({ removes: removes(half) }), mutation({ removes: removes(half + 1) })]),
      /more than 200000 DOM changes/
    )
    const adds = (n: number) => flatDivs(n).map((node) => ({ parentId: 4, nextId: null, node }))
    expect(() => ingestBody(body([mutation({ adds: adds(MAX_MUTATION_ENTRIES_PER_BATCH + 1) })]))).toThrow(
      /more than 200000 DOM changes/
    )
  })

  it('checks the attributes and texts a mutation sets', () => {
    const attributeChange = (count: number) =>
      body([mutation({ attributes: [{ id: 4, attributes: manyAttributes(count) }] })])
    expectBound(attributeChange(MAX_ATTRIBUTES_PER_NODE), attributeChange(MAX_ATTRIBUTES_PER_NODE + 1), /attributes/)
    const styleChange = body([
      mutation({ attributes: [{ id: 4, attributes: { style: { color: 'x'.repeat(MAX_ATTRIBUTE_VALUE_CHARS + 1) } } }] })
    ])
    expect(() => ingestBody(styleChange)).toThrow(/attribute value/)
    const textChange = body([mutation({ texts: [{ id: 5, value: 'x'.repeat(MAX_TEXT_CHARS + 1) }] })])
    expect(() => ingestBody(textChange)).toThrow(/text of/)
  })
})

describe('custom events', () => {
  it(`refuses a payload over ${MAX_CUSTOM_PAYLOAD_CHARS} characters of JSON and a tag over ${MAX_CUSTOM_TAG_CHARS}`, () => {
    // JSON of a string is its characters plus two quotes.
    expectBound(
      body([custom('x'.repeat(MAX_CUSTOM_PAYLOAD_CHARS - 2))]),
      body([custom('x'.repeat(MAX_CUSTOM_PAYLOAD_CHARS - 1))]),
      /payload of 262145 characters/
    )
    expectBound(
      body([custom({}, 't'.repeat(MAX_CUSTOM_TAG_CHARS))]),
      body([custom({}, 't'.repeat(MAX_CUSTOM_TAG_CHARS + 1))]),
      /tag of 201 characters/
    )
  })
})
