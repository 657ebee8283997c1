import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../../../shared/types'
import { EventIndex, INACTIVE_THRESHOLD_MS, rowAt } from './event-index'
import { NodeMap, describeNode } from './node-map'

const meta = (timestamp: number, href: string): RecordedEvent => ({
  type: 4,
  timestamp,
  data: { href, width: 1200, height: 800 }
})
const full = (timestamp: number, body: unknown[]): RecordedEvent => ({
  type: 2,
  timestamp,
  data: {
    node: {
      type: 0,
      id: 1,
      childNodes: [
        {
          type: 2,
          id: 2,
          tagName: 'html',
          attributes: {},
          childNodes: [{ type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: body }]
        }
      ]
    }
  }
})
const incremental = (timestamp: number, data: Record<string, unknown>): RecordedEvent => ({ type: 3, timestamp, data })
const click = (timestamp: number, id: number) => incremental(timestamp, { source: 2, type: 2, id, x: 1, y: 1 })

// <button id="buy" class="btn primary"><span>Add to cart</span></button> <input name="email"> <svg inside a link>
const page = [
  {
    type: 2,
    id: 10,
    tagName: 'button',
    attributes: { id: 'buy', class: 'btn primary' },
    childNodes: [
      {
        type: 2,
        id: 11,
        tagName: 'span',
        attributes: {},
        childNodes: [{ type: 3, id: 12, textContent: ' Add to cart ' }]
      }
    ]
  },
  { type: 2, id: 20, tagName: 'input', attributes: { name: 'email', type: 'email' }, childNodes: [] },
  {
    type: 2,
    id: 30,
    tagName: 'a',
    attributes: { href: '/cart', 'aria-label': 'Cart' },
    childNodes: [{ type: 2, id: 31, tagName: 'svg', attributes: {}, childNodes: [] }]
  }
]

function index(events: RecordedEvent[], segment = 0) {
  const nodes = new NodeMap()
  const result = new EventIndex(nodes)
  for (const event of events) {
    nodes.apply(event, segment)
    result.add(event, segment)
  }
  return { nodes, index: result }
}

describe('EventIndex', () => {
  it('names click targets from the node map, walking up to the interactive element', () => {
    const { index: result, nodes } = index([meta(0, 'http://shop/'), full(1, page), click(100, 11), click(200, 31)])
    expect(result.rows.map((row) => [row.kind, row.label, row.detail])).toEqual([
      ['page', 'Page load', 'http://shop/'],
      ['click', 'Click', 'button#buy.btn.primary “Add to cart”'],
      ['click', 'Click', 'a “Cart”']
    ])
    expect(describeNode(nodes, 0, 20)).toBe('input[name="email"]')
    expect(describeNode(nodes, 1, 20)).toBeNull() // other page load: ids restart
  })

  it('learns nodes from mutations (children may arrive after their parent) and attribute changes', () => {
    const { index: result } = index([
      meta(0, 'http://shop/'),
      full(1, []),
      incremental(50, {
        source: 0,
        adds: [
          {
            parentId: 3,
            nextId: null,
            node: { type: 2, id: 40, tagName: 'button', attributes: { class: 'late' }, childNodes: [] }
          },
          { parentId: 40, nextId: null, node: { type: 3, id: 41, textContent: 'Pay' } }
        ],
        attributes: [{ id: 40, attributes: { id: 'pay' } }]
      }),
      click(60, 40)
    ])
    expect(result.rows.at(-1)!.detail).toBe('button#pay.late “Pay”')
  })

  it('folds typing, scroll bursts and resizes into one row each; checkouts are not page loads', () => {
    const { index: result } = index([
      meta(0, 'http://shop/'),
      full(1, page),
      incremental(100, { source: 5, id: 20, text: 'a' }),
      incremental(300, { source: 5, id: 20, text: 'al' }),
      incremental(500, { source: 5, id: 20, text: 'ali' }),
      incremental(900, { source: 3, id: 1, x: 0, y: 100 }),
      incremental(1000, { source: 3, id: 1, x: 0, y: 400 }),
      incremental(1200, { source: 4, width: 800, height: 600 }),
      incremental(1300, { source: 4, width: 900, height: 600 }),
      meta(30_000, 'http://shop/'), // the recorder's periodic checkout
      full(30_001, page),
      meta(40_000, 'http://shop/cart'), // a client-side navigation seen at a checkout
      { type: 5, timestamp: 41_000, data: { tag: 'checkout-error', payload: { code: 42 } } },
      {
        type: 6,
        timestamp: 42_000,
        data: { plugin: 'rrweb/console@1', payload: { level: 'error', payload: ['boom'] } }
      }
    ])
    expect(result.rows.map((row) => `${row.kind}:${row.detail}`)).toEqual([
      'page:http://shop/',
      'input:input[name="email"] = “ali”',
      'scroll:page to 0, 400',
      'resize:900×600',
      'page:http://shop/cart',
      'error:{"code":42}',
      'error:["boom"]'
    ])
    expect(result.rows[1]!.end).toBe(500)
  })

  it("shows a single-page app's route changes (the recorder's navigation events) as navigations, once", () => {
    const navigation = (timestamp: number, href: string, via = 'pushState'): RecordedEvent => ({
      type: 5,
      timestamp,
      data: { tag: 'navigation', payload: { href, via } }
    })
    const { index: result } = index([
      meta(0, 'http://shop/'),
      full(1, page),
      navigation(2_000, 'http://shop/cart'),
      navigation(2_500, 'http://shop/cart', 'replaceState'), // same URL: not another navigation
      navigation(3_000, 'http://shop/cart#summary', 'hashchange'),
      meta(30_000, 'http://shop/cart#summary'), // the next checkout states the URL already known
      full(30_001, page)
    ])
    expect(result.rows.map((row) => `${row.kind}:${row.label}:${row.detail}@${row.ts}`)).toEqual([
      'page:Page load:http://shop/@0',
      'page:Navigation:http://shop/cart@2000',
      'page:Navigation:http://shop/cart#summary@3000'
    ])
  })

  it("shows the recorder's error events by their message and location", () => {
    const error = (timestamp: number, payload: Record<string, unknown>): RecordedEvent => ({
      type: 5,
      timestamp,
      data: { tag: 'error', payload: { name: null, source: null, line: null, column: null, repeats: 0, ...payload } }
    })
    const { index: result } = index([
      meta(0, 'http://shop/'),
      full(1, page),
      error(100, {
        kind: 'error',
        name: 'TypeError',
        message: 'x is undefined',
        source: 'http://shop/static/app.js',
        line: 12,
        column: 5,
        stack: 'TypeError: x is undefined\n    at f (http://shop/static/app.js:12:5)'
      }),
      error(200, { kind: 'unhandledrejection', message: '{"code":42}' }),
      error(300, { kind: 'error', name: 'TypeError', message: '* ** *********', source: 'http://shop/', line: 3 }),
      error(400, { kind: 'error', name: 'RangeError', message: 'loop', source: 'http://shop/a.js', repeats: 119 })
    ])
    expect(result.rows.slice(1).map((row) => [row.kind, row.label, row.detail])).toEqual([
      ['error', 'Uncaught error', 'TypeError: x is undefined (app.js:12:5)'],
      ['error', 'Unhandled rejection', '{"code":42}'],
      ['error', 'Uncaught error', 'TypeError: * ** ********* (inline script:3)'],
      ['error', 'Uncaught error', 'RangeError: loop (a.js) · 119 more since the previous one']
    ])
  })

  it('marks gaps of more than 10 s between user actions as inactive, like rrweb', () => {
    const { index: result } = index([
      meta(0, 'http://shop/'),
      full(1, page),
      incremental(1000, { source: 1, positions: [] }),
      incremental(1000 + INACTIVE_THRESHOLD_MS + 1, { source: 1, positions: [] }),
      incremental(30_000, { source: 0, adds: [] }) // DOM changes are not user activity
    ])
    expect(result.inactive).toEqual([{ start: 1000, end: 1000 + INACTIVE_THRESHOLD_MS + 1 }])
    expect(result.inactiveUntil(40_000).at(-1)).toEqual({ start: 1000 + INACTIVE_THRESHOLD_MS + 1, end: 40_000 })
  })

  it('finds the row under the playhead', () => {
    const rows = [0, 10, 20].map((ts) => ({ ts, end: ts, kind: 'click' as const, label: '', detail: '', segment: 0 }))
    expect([rowAt(rows, -1), rowAt(rows, 0), rowAt(rows, 15), rowAt(rows, 99)]).toEqual([-1, 0, 1, 2])
  })
})
