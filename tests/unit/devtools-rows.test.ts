// The Console and Network panels' rows: the shared step model's console and network steps, filtered as a
// browser's devtools filter them, on steps read from hand-written recorded events.
import { describe, expect, it } from 'vitest'
import type { NetworkPayload } from '../../src/shared/devtools-events'
import { SessionSteps } from '../../src/shared/events/session-steps'
import type { NetworkStep } from '../../src/shared/events/steps'
import {
  consoleRows,
  requestName,
  requestRows,
  statusClass,
  statusText,
  waterfallSpan
} from '../../src/renderer/src/replay/devtools-rows'
import { custom, documentWith, meta, snapshot } from '../helpers/rrweb-events'

const T = 1_700_000_000_000

const request = (overrides: Partial<NetworkPayload>): NetworkPayload => ({
  initiator: 'fetch',
  method: 'GET',
  url: 'http://shop.test/api/ok',
  status: 200,
  error: null,
  start: T + 100,
  duration: 20,
  requestSize: null,
  responseSize: 10,
  ...overrides
})
const logged = (ts: number, level: string, message: string) =>
  custom(ts, 'console', { level, message, truncated: false, source: null, line: null, column: null, repeats: 0 })

function steps() {
  const session = new SessionSteps()
  session.feed(
    [
      meta(T, 'http://shop.test/'),
      snapshot(T + 1, documentWith()),
      logged(T + 10, 'log', 'cart ready'),
      logged(T + 20, 'warn', 'slow cart'),
      logged(T + 30, 'error', 'checkout failed'),
      logged(T + 40, 'debug', 'state dump'),
      custom(T + 200, 'network', request({ start: T + 100 })),
      custom(T + 300, 'network', request({ url: 'http://shop.test/api/pay?card=****', status: 500, start: T + 250 })),
      custom(
        T + 400,
        'network',
        request({ url: 'http://shop.test/api/x', status: null, error: 'network', start: T + 390 })
      ),
      custom(
        T + 500,
        'network',
        request({ initiator: 'img', method: null, url: 'http://cdn.test/a.png', status: 404, start: T + 450 })
      )
    ],
    0
  )
  return session.steps
}

describe('console rows', () => {
  it('filter by level and by text, in time order', () => {
    const all = steps()
    const levels = new Set(['error', 'warn', 'log', 'info'] as const)
    expect(consoleRows(all, { levels, text: '' }).map((step) => step.message)).toEqual([
      'cart ready',
      'slow cart',
      'checkout failed'
    ])
    expect(consoleRows(all, { levels: new Set(['error'] as const), text: '' }).map((s) => s.message)).toEqual([
      'checkout failed'
    ])
    expect(consoleRows(all, { levels, text: 'CART' }).map((step) => step.message)).toEqual(['cart ready', 'slow cart'])
  })
})

describe('request rows', () => {
  it('filter by type, problems and text; name, status and waterfall as devtools show them', () => {
    const all = steps()
    const both = new Set(['fetch', 'resource'] as const)
    const rows = requestRows(all, { types: both, problemsOnly: false, text: '' })
    expect(rows.map((step) => statusText(step))).toEqual(['200', '500', 'failed', '404'])
    expect(rows.map((step) => statusClass(step.request))).toEqual(['ok', 'server-error', 'failed', 'client-error'])
    expect(rows.map((step) => step.ts - T)).toEqual([100, 250, 390, 450])
    const problems = requestRows(all, { types: both, problemsOnly: true, text: '' })
    expect(problems.map((step) => step.request.url)).toEqual([
      'http://shop.test/api/pay?card=****',
      'http://shop.test/api/x',
      'http://cdn.test/a.png'
    ])
    expect(requestRows(all, { types: new Set(['fetch'] as const), problemsOnly: false, text: 'PAY' })).toHaveLength(1)
    expect(requestRows(all, { types: new Set(['resource'] as const), problemsOnly: false, text: '' })).toHaveLength(1)
    expect(requestName('http://shop.test/api/pay?card=****')).toBe('pay?card=****')
    expect(requestName('http://shop.test/')).toBe('shop.test')
    const second = rows[1] as NetworkStep
    expect(waterfallSpan(second, T, T + 1000)).toEqual({ left: 0.25, width: 0.02 })
  })
})
