// The session diff's pure parts: key normalisation (what two visits of one flow may differ in), alignment
// and pairing into rows, the moments and deltas of rows, and the page comparison. Real recordings are in
// tests/e2e/session-diff.e2e.test.ts; these pin the rules down one by one.
import { describe, expect, it } from 'vitest'
import { alignSteps, similarity } from '../../src/shared/diff/align'
import type { PageDigest, PageItem } from '../../src/shared/diff/diff-types'
import { comparePages, describePageDifference } from '../../src/shared/diff/page-compare'
import { deltaWords, diffSessions, keyedSteps, SETTLE_MS } from '../../src/shared/diff/session-diff'
import {
  isGeneratedRun,
  messageShape,
  normalizeSelector,
  normalizeToken,
  normalizeUrl,
  stepKey
} from '../../src/shared/diff/step-keys'
import type { RecordedPath } from '../../src/shared/events/recorded-path'
import type { NetworkFailure } from '../../src/shared/devtools-events'
import type { ClickStep, ErrorStep, InputStep, NetworkStep, Step, StepTarget } from '../../src/shared/events/steps'

const T0 = 1_700_000_000_000

function target(path: RecordedPath, text: string | null = null): StepTarget {
  return { nodeId: 1, selector: path.map((element) => element.t).join(' < '), text, path }
}

const base = (ts: number) => ({ id: 0, ts, end: ts, segment: 0 })

function click(ts: number, path: RecordedPath, text: string | null = null): ClickStep {
  return {
    ...base(ts),
    kind: 'click',
    button: 'click',
    target: target(path, text),
    x: 1,
    y: 1,
    rage: false,
    dead: false
  }
}

function typed(ts: number, path: RecordedPath, length: number, end = ts): InputStep {
  return {
    ...base(ts),
    end,
    kind: 'input',
    target: target(path, 'Email'),
    field: 'text',
    value: null,
    masked: true,
    length,
    checked: null,
    changes: length
  }
}

const load = (ts: number, href: string): Step => ({ ...base(ts), kind: 'page-load', href })
const nav = (ts: number, href: string): Step => ({ ...base(ts), kind: 'navigation', href, via: 'pushState' })

const button = (className: string, id?: string): RecordedPath => [
  { t: 'button', a: { class: className, ...(id && { id }) } },
  { t: 'form', a: { class: 'checkout' } },
  { t: 'main' },
  { t: 'body' },
  { t: 'html' }
]

describe('key normalisation', () => {
  it('generated names become one token in every visit; names people write stay', () => {
    expect(normalizeToken('css-1x2y3z')).toBe('css-*')
    expect(normalizeToken('css-1x2y3z-Button')).toBe('css-*-Button')
    expect(normalizeToken('sc-bdVaJa')).toBe('sc-*')
    expect(normalizeToken('kCmPnW')).toBe('*')
    expect(normalizeToken('Button_pay__3xY7z')).toBe('Button_pay__*')
    expect(normalizeToken('svelte-1ab2cd3')).toBe('svelte-*')
    expect(normalizeToken(':r3:')).toBe(':r:')
    expect(normalizeToken(':r1f:-label')).toBe(':r:-label')
    expect(normalizeToken('«r5»')).toBe(':r:')
    expect(normalizeToken('_r_12_')).toBe(':r:')
    expect(normalizeToken('todo-17')).toBe('todo-#')
    expect(normalizeToken('item-3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe('item-*')
    expect(normalizeToken('deadbeef1')).toBe('*')
    expect(normalizeToken('row-9f3a7c21')).toBe('row-*')
    for (const kept of ['checkout-btn', 'navItemActive', 'is-open', 'iPhone', 'BUTTON', 'destroy', 'toggle-all']) {
      expect(normalizeToken(kept)).toBe(kept)
    }
    for (const generated of ['aBcDeF', 'bcCCNc', 'fXKmXq', 'hGJQcH']) expect(isGeneratedRun(generated)).toBe(true)
    for (const word of ['navItem', 'isOpen', 'PrimaryBtn', 'onClick', 'HEADER'])
      expect(isGeneratedRun(word)).toBe(false)
  })

  it('selectors, URLs and error messages', () => {
    expect(normalizeSelector('main.css-1x2y3z > button#:r3:.sc-bdVaJa.kCmPnW')).toBe('main.css-* > button#:r:.sc-*.*')
    expect(normalizeUrl('https://shop.example/orders/12345/edit?coupon=SAVE10&step=2#/pay')).toBe(
      '/orders/#/edit?coupon&step#/pay'
    )
    // The origin and query values never count; the order of query keys neither.
    expect(normalizeUrl('http://127.0.0.1:4000/cart?b=1&a=2')).toBe(normalizeUrl('http://localhost:5173/cart?a=9&b=8'))
    expect(normalizeUrl('/u/3f9a2b7c1d/profile')).toBe('/u/*/profile')
    expect(messageShape('Order 4711 failed at https://shop.example/api/pay?id=9')).toBe('Order # failed at <url>')
    expect(messageShape("Cannot read properties of undefined (reading 'total')")).toBe(
      "Cannot read properties of undefined (reading 'total')"
    )
    expect(messageShape('invalid "someone.long@example.com address"')).toBe('invalid "…"')
  })

  it('a key per step of the flow: none for scrolls, resizes and the page’s own value changes', () => {
    const noise: Step[] = [
      { ...base(1), kind: 'scroll', target: null, x: 0, y: 400 },
      { ...base(1), kind: 'resize', width: 800, height: 600 },
      { ...base(1), kind: 'page-input', target: target(button('x')), changes: 3, fields: 3 }
    ]
    expect(noise.map(stepKey)).toEqual([null, null, null])
    // Two loads of a CSS-in-JS page: other hashes, other React ids, the same key.
    const a = stepKey(click(1, button('css-1x2y3z sc-bdVaJa kCmPnW', ':r3:'), 'Pay now'))!
    const b = stepKey(click(2, button('sc-AxjAm css-9q8w7e bcCCNc', ':r7:'), 'Pay now'))!
    expect(a.key).toBe(b.key)
    // A styled-components style class that looks like camelCase is still one, next to its `sc-` class.
    expect(stepKey(click(2, button('sc-AxjAm hbVaJa', ':r7:'), 'Pay now'))!.key).toBe(
      stepKey(click(2, button('sc-bdVaJa kCmPnW', ':r9:'), 'Pay now'))!.key
    )
    expect(stepKey(click(2, button('hbVaJa'), 'Pay now'))!.key).toContain('.hbVaJa')
    // A click on the icon inside a button is a click on the button; a tap is a click.
    const icon = stepKey(click(3, [{ t: 'svg' }, ...button('pay')]))!
    const tap = stepKey({ ...click(4, button('pay')), button: 'touch' })!
    expect(icon.key).toBe(stepKey(click(5, button('pay')))!.key)
    expect(tap.key).toBe(icon.key)
    // Typing: by field and length, masked or not; the value itself is not part of the key.
    const email = [{ t: 'input', a: { name: 'email', type: 'email' } }, { t: 'form' }]
    expect(stepKey(typed(1, email, 16))!.key).toBe(stepKey({ ...typed(9, email, 16), value: 'x', masked: false })!.key)
    expect(stepKey(typed(1, email, 16))!.key).not.toBe(stepKey(typed(1, email, 17))!.key)
    // Errors by origin, type and message shape.
    const error = (message: string): ErrorStep => ({
      ...base(1),
      kind: 'error',
      origin: 'uncaught',
      tag: null,
      name: 'Error',
      message,
      where: 'app.js:1:1',
      stack: null,
      repeats: 0
    })
    expect(stepKey(error('Payment declined for order 4711'))!.key).toBe(
      stepKey(error('Payment declined for order 1234'))!.key
    )
    expect(stepKey(load(1, 'http://a.test/?x=1'))!.key).not.toBe(stepKey(nav(1, 'http://a.test/?x=1'))!.key)
  })
})

const keysOf = (steps: Step[]) => steps.map((step) => stepKey(step)!)
const opsOf = (a: Step[], b: Step[]) => alignSteps(keysOf(a), keysOf(b)).map(({ op, a, b }) => `${op}:${a}:${b}`)

describe('alignment and pairing', () => {
  const page = load(0, 'http://shop.test/')
  const add = click(1, button('add'), 'Add to cart')
  const pay = click(2, button('pay'), 'Pay now')
  const help = click(3, [{ t: 'a', a: { href: 'http://shop.test/help' } }, { t: 'footer' }], 'Help')

  it('equal steps are same rows; an extra step is one-sided at its place', () => {
    expect(opsOf([page, add, pay], [page, add, pay])).toEqual(['same:0:0', 'same:1:1', 'same:2:2'])
    expect(opsOf([page, add, pay], [page, add, help, pay])).toEqual([
      'same:0:0',
      'same:1:1',
      'only-b:null:2',
      'same:2:3'
    ])
    expect(opsOf([page, add, help, pay], [page, add, pay])).toEqual([
      'same:0:0',
      'same:1:1',
      'only-a:2:null',
      'same:3:2'
    ])
    expect(opsOf([], [page])).toEqual(['only-b:null:0'])
  })

  it('one step of one kind in place of another is changed; of different kinds it is two one-sided rows', () => {
    expect(opsOf([page, add, pay], [page, help, pay])).toEqual(['same:0:0', 'changed:1:1', 'same:2:2'])
    const error: Step = {
      ...base(2),
      kind: 'error',
      origin: 'uncaught',
      tag: null,
      name: 'TypeError',
      message: 'x',
      where: null,
      stack: null,
      repeats: 0
    }
    expect(opsOf([page, add, pay], [page, error, pay])).toEqual([
      'same:0:0',
      'only-a:1:null',
      'only-b:null:1',
      'same:2:2'
    ])
  })

  it('in a longer hunk near-equal steps pair up, the rest stay one-sided, runs of one shape pair by position', () => {
    const filter = (name: string) =>
      click(
        1,
        [
          { t: 'a', a: { href: `http://shop.test/#/${name}` } },
          { t: 'nav', a: { class: 'filters' } }
        ],
        name
      )
    // Another filter and the route it led to: both pair (the route by position, its tokens differ).
    expect(
      opsOf(
        [filter('active'), nav(2, 'http://shop.test/#/active')],
        [filter('completed'), nav(2, 'http://shop.test/#/completed')]
      )
    ).toEqual(['changed:0:0', 'changed:1:1'])
    expect(similarity(stepKey(filter('active'))!, stepKey(filter('completed'))!)).toBeGreaterThanOrEqual(0.5)
    // B took a detour (help, then another filter): help is only in B, the filters pair.
    expect(opsOf([page, filter('active'), pay], [page, help, filter('completed'), pay])).toEqual([
      'same:0:0',
      'only-b:null:1',
      'changed:1:2',
      'same:2:3'
    ])
  })
})

describe('rows: moments, deltas, first divergence, counts', () => {
  const emailPath: RecordedPath = [{ t: 'input', a: { name: 'email' } }, { t: 'form' }]
  const side = (id: string, steps: Step[], endedAt: number) => ({
    sessionId: id,
    startedAt: T0,
    endedAt,
    ...keyedSteps(steps, T0)
  })

  it('a row reads each page once its step settled, before the next click or input', () => {
    const a = side(
      'a',
      [
        load(T0, 'http://shop.test/'),
        typed(T0 + 1000, emailPath, 5, T0 + 1800),
        click(T0 + 2200, button('pay'), 'Pay'),
        { ...base(T0 + 2205), kind: 'submit', target: target(button('checkout')) }
      ],
      T0 + 10_000
    )
    const b = side(
      'b',
      [
        load(T0, 'http://shop.test/'),
        typed(T0 + 3000, emailPath, 5, T0 + 3500),
        click(T0 + 9000, button('help'), 'Help'),
        click(T0 + 9500, button('pay'), 'Pay'),
        { ...base(T0 + 9505), kind: 'submit', target: target(button('checkout')) }
      ],
      T0 + 20_000
    )
    const diff = diffSessions(a, b)
    expect(diff.rows.map((row) => row.op)).toEqual(['same', 'same', 'only-b', 'same', 'same'])
    // The typing settles before the click 400 ms later in A, a full SETTLE_MS later in B.
    expect(diff.rows[1]).toMatchObject({ aAt: T0 + 2199, bAt: T0 + 3500 + SETTLE_MS })
    // The one-sided row holds A where it was (after its typing); a submit does not cut the click's window.
    expect(diff.rows[2]).toMatchObject({ op: 'only-b', aAt: T0 + 2199, bAt: T0 + 9499 })
    expect(diff.rows[3]).toMatchObject({ aAt: T0 + 2200 + SETTLE_MS, bAt: T0 + 9500 + SETTLE_MS })
    // Deltas: from the previous row with both steps (the session start for the first).
    expect(diff.rows.map((row) => row.deltaMs)).toEqual([0, 2000, undefined, 5300, 0])
    expect(diff.summary).toEqual({ rows: 5, same: 4, changed: 0, onlyA: 0, onlyB: 1, totalDeltaMs: 7300 })
    expect(diff.firstDivergence).toEqual({ row: 2, aTimestamp: T0 + 2199, bTimestamp: T0 + 9000 })
    expect(diff.rows[3]!.a).toMatchObject({ timestamp: T0 + 2200, offset: 2200, kind: 'click' })
    expect(diff.rows[3]!.a!.label).toBe('click button < form < main < body < html “Pay”')
    expect(deltaWords(diff.rows[3]!.deltaMs!)).toBe('took 5.3 s longer')
    expect(deltaWords(-12_400)).toBe('12 s faster')
    expect(deltaWords(20)).toBe('same time')
    expect(diff.a).toEqual({ sessionId: 'a', startedAt: T0, endedAt: T0 + 10_000, steps: 4, truncated: false })
  })
})

describe('page comparison', () => {
  const item = (label: string, text: string, extra: Partial<PageItem> = {}): PageItem => ({
    label,
    text,
    control: false,
    role: null,
    state: {},
    ...extra
  })
  const page = (url: string, items: PageItem[]): PageDigest => ({ url, items, truncated: false })

  it('lists the URL, state differences and what one page shows only, matching generated class names', () => {
    const a = page('http://127.0.0.1:4000/thanks', [
      item('main.css-1a2b3c > h1.css-9z8y7x', 'Checkout'),
      item('form.css-4d5e6f > button.Button_pay__3xY7z', 'Pay now', { control: true, state: { disabled: '' } }),
      item('main.css-1a2b3c > p.css-2k3j4h', 'Thanks!')
    ])
    const b = page('http://localhost:5173/', [
      item('main.css-7q8w9e > div.css-0p9o8i', 'Payment failed', { role: 'alert' }),
      item('main.css-7q8w9e > h1.css-6t5r4e', 'Checkout'),
      item('form.css-3s2d1f > button.Button_pay__9kL2m', 'Pay now', { control: true, state: {} })
    ])
    expect(comparePages(a, b).map(describePageDifference)).toEqual([
      'URL: /thanks in A, / in B',
      'disabled only in A: form.css-4d5e6f > button.Button_pay__3xY7z “Pay now”',
      'only in A: main.css-1a2b3c > p.css-2k3j4h “Thanks!”',
      'only in B: main.css-7q8w9e > div.css-0p9o8i[role=alert] “Payment failed”'
    ])
    expect(comparePages(a, a)).toEqual([])
    expect(comparePages(a, null).map(describePageDifference)[0]).toBe('URL: /thanks in A, (no page) in B')
  })

  it('counts repeats and reads attribute values', () => {
    const a = page('http://x.test/', [item('li', 'buy milk'), item('li', 'buy milk')])
    const b = page('http://x.test/', [item('li', 'buy milk')])
    expect(comparePages(a, b).map(describePageDifference)).toEqual(['only in A: li “buy milk”'])
    const open = (value: string) =>
      page('http://x.test/', [item('nav > button.menu', 'Menu', { control: true, state: { 'aria-expanded': value } })])
    expect(comparePages(open('true'), open('false')).map(describePageDifference)).toEqual([
      'aria-expanded: true in A, false in B: nav > button.menu “Menu”'
    ])
  })
})

describe('rows: what went wrong', () => {
  it('a row says what went wrong in one session only: B got a 500 from POST /api/checkout', () => {
    const side = (id: string, steps: Step[], endedAt: number) => ({
      sessionId: id,
      startedAt: T0,
      endedAt,
      ...keyedSteps(steps, T0)
    })
    const request = (ts: number, status: number | null, error: NetworkFailure | null = null): NetworkStep => ({
      ...base(ts),
      kind: 'network',
      request: {
        initiator: 'fetch',
        method: 'POST',
        url: 'http://shop.test/api/checkout?cart=****',
        status,
        error,
        start: ts,
        duration: 80,
        requestSize: 20,
        responseSize: 10
      },
      failed: error !== null || (status !== null && status >= 500)
    })
    const consoleError = (ts: number): Step => ({
      ...base(ts),
      kind: 'console',
      level: 'error',
      message: 'Checkout failed: HTTP 500',
      truncated: false,
      where: null,
      repeats: 0
    })
    const a = side(
      'a',
      [load(T0, 'http://shop.test/'), click(T0 + 100, button('pay'), 'Pay'), request(T0 + 150, 201)],
      T0 + 5000
    )
    const b = side(
      'b',
      [
        load(T0, 'http://shop.test/'),
        click(T0 + 100, button('pay'), 'Pay'),
        request(T0 + 150, 500),
        consoleError(T0 + 260),
        click(T0 + 1000, button('pay'), 'Pay'),
        request(T0 + 1050, null, 'network')
      ],
      T0 + 5000
    )
    const diff = diffSessions(a, b)
    // A's request went well: not a step of the flow. B's failures are, each with its note.
    expect(diff.rows.map((row) => [row.op, row.note])).toEqual([
      ['same', undefined],
      ['same', undefined],
      ['only-b', 'B got a 500 from POST /api/checkout?cart=****'],
      ['only-b', 'B logged an error: Checkout failed: HTTP 500'],
      ['only-b', undefined],
      ['only-b', 'B saw POST /api/checkout?cart=**** fail (network error)']
    ])
    expect(diff.rows[2]!.b!.problem).toBe('got a 500 from POST /api/checkout?cart=****')

    // Both failing alike is no note; failing differently names both.
    const both = diffSessions(
      side('a', [request(T0 + 10, 503)], T0 + 100),
      side('b', [request(T0 + 10, 500)], T0 + 100)
    )
    expect(both.rows.map((row) => [row.op, row.note])).toEqual([
      ['same', 'A got a 503 from POST /api/checkout?cart=****; B got a 500 from POST /api/checkout?cart=****']
    ])
    expect(
      diffSessions(side('a', [request(T0, 500)], T0 + 9), side('b', [request(T0, 500)], T0 + 9)).rows[0]!.note
    ).toBe(undefined)
  })
})
