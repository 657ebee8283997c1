// The payload guards of the console, network and page-timing events: what readers accept of a batch any page
// could have posted, and the URL patterns of data-network-bodies.
import { describe, expect, it } from 'vitest'
import {
  BODY_BYTES,
  CONSOLE_MESSAGE_CHARS,
  isConsolePayload,
  isFailedRequest,
  isNetworkPayload,
  isPageTimingPayload,
  matchesUrlPattern,
  MAX_HEADERS,
  type ConsolePayload,
  type NetworkPayload,
  type PageTimingPayload
} from '../../src/shared/devtools-events'

const consolePayload: ConsolePayload = {
  level: 'error',
  message: 'checkout failed {status: 500}',
  truncated: false,
  source: 'http://shop.test/app.js',
  line: 12,
  column: 5,
  repeats: 0
}

const request: NetworkPayload = {
  initiator: 'fetch',
  method: 'POST',
  url: 'http://shop.test/api/pay?id=**',
  status: 500,
  error: null,
  start: 1_700_000_000_000,
  duration: 12.5,
  requestSize: 38,
  responseSize: null,
  request: { headers: { 'content-type': 'application/json' }, body: '{"card":"****"}', truncated: false },
  response: { headers: {}, body: null, truncated: false }
}

const timing: PageTimingPayload = {
  reason: 'load',
  ttfb: 20,
  domContentLoaded: 130,
  load: 131,
  lcp: null,
  cls: 0,
  inp: null
}

describe('isConsolePayload', () => {
  it('accepts what the recorder writes', () => {
    expect(isConsolePayload(consolePayload)).toBe(true)
    expect(isConsolePayload({ ...consolePayload, source: null, line: null, column: null })).toBe(true)
  })

  it.each([
    ['null', null],
    ['an array', [consolePayload]],
    ['an unknown level', { ...consolePayload, level: 'fatal' }],
    ['a message too long', { ...consolePayload, message: 'x'.repeat(CONSOLE_MESSAGE_CHARS + 1) }],
    ['a numeric message', { ...consolePayload, message: 42 }],
    ['a negative repeat count', { ...consolePayload, repeats: -1 }],
    ['a fractional line', { ...consolePayload, line: 1.5 }],
    ['an absurd repeat count', { ...consolePayload, repeats: 1e20 }],
    ['no truncated flag', { ...consolePayload, truncated: undefined }]
  ])('rejects %s', (_, payload) => {
    expect(isConsolePayload(payload)).toBe(false)
  })
})

describe('isNetworkPayload', () => {
  it('accepts what the recorder writes, with or without headers and bodies', () => {
    expect(isNetworkPayload(request)).toBe(true)
    const { request: _request, response: _response, ...withoutBodies } = request
    expect(isNetworkPayload(withoutBodies)).toBe(true)
    expect(isNetworkPayload({ ...withoutBodies, method: null, status: null, error: 'abort', duration: null })).toBe(
      true
    )
  })

  it.each([
    ['an unknown failure', { ...request, error: 'dns' }],
    ['a status past 999', { ...request, status: 1000 }],
    ['an infinite duration', { ...request, duration: Infinity }],
    ['a negative start', { ...request, start: -1 }],
    ['a URL that is not text', { ...request, url: { href: 'x' } }],
    [
      'a body past the bound',
      { ...request, response: { headers: {}, body: 'x'.repeat(BODY_BYTES + 1), truncated: true } }
    ],
    ['a header value that is not text', { ...request, request: { headers: { a: 1 }, body: null, truncated: false } }],
    [
      'too many headers',
      {
        ...request,
        request: {
          headers: Object.fromEntries(Array.from({ length: MAX_HEADERS + 1 }, (_, n) => [`h${n}`, 'v'])),
          body: null,
          truncated: false
        }
      }
    ],
    ['headers as an array', { ...request, request: { headers: [['a', 'b']], body: null, truncated: false } }]
  ])('rejects %s', (_, payload) => {
    expect(isNetworkPayload(payload)).toBe(false)
  })

  it('calls a request failed when it got no response or a server error', () => {
    expect(isFailedRequest(request)).toBe(true)
    expect(isFailedRequest({ ...request, status: 404 })).toBe(false)
    expect(isFailedRequest({ ...request, status: null, error: 'network' })).toBe(true)
    expect(isFailedRequest({ ...request, status: null, error: null })).toBe(false)
  })
})

describe('isPageTimingPayload', () => {
  it('accepts what the recorder writes', () => {
    expect(isPageTimingPayload(timing)).toBe(true)
    expect(isPageTimingPayload({ ...timing, reason: 'hidden', lcp: 812, inp: 96, cls: 0.1042 })).toBe(true)
  })

  it.each([
    ['an unknown reason', { ...timing, reason: 'unload' }],
    ['a negative value', { ...timing, ttfb: -3 }],
    ['NaN', { ...timing, cls: NaN }],
    ['a missing measure', { reason: 'load', ttfb: 1 }],
    ['text for a number', { ...timing, load: '131' }]
  ])('rejects %s', (_, payload) => {
    expect(isPageTimingPayload(payload)).toBe(false)
  })
})

describe('matchesUrlPattern', () => {
  it('matches a pattern without * or ? as a case-insensitive substring', () => {
    expect(matchesUrlPattern('/api/', 'http://shop.test/API/cart')).toBe(true)
    expect(matchesUrlPattern('/api/', 'http://shop.test/apiary')).toBe(false)
  })

  it('matches a glob over the whole URL: * any run, ? one character', () => {
    expect(matchesUrlPattern('*/api/*/orders', 'https://shop.test/api/v1/orders')).toBe(true)
    expect(matchesUrlPattern('*/api/*/orders', 'https://shop.test/api/v1/orders/7')).toBe(false)
    expect(matchesUrlPattern('https://shop.test/v?/*', 'https://shop.test/v2/cart')).toBe(true)
    expect(matchesUrlPattern('https://shop.test/v?/*', 'https://shop.test/v10/cart')).toBe(false)
    expect(matchesUrlPattern('*', 'http://anything.test/')).toBe(true)
    // Regular-expression characters in a pattern are plain characters.
    expect(matchesUrlPattern('*/a.b(c)*', 'http://x/a.b(c)?q=1')).toBe(true)
    expect(matchesUrlPattern('*/a.b*', 'http://x/aXb')).toBe(false)
  })

  it('answers for many stars on a long URL that does not match (a backtracking RegExp would not return)', () => {
    const url = `http://x/${'a'.repeat(5_000)}`
    expect(matchesUrlPattern('*a*a*a*a*a*a*a*a*b', url)).toBe(false)
    expect(matchesUrlPattern('*a*a*a*a*a*a*a*a*', url)).toBe(true)
  })
})
