// What of a request leaves the browser, and masked how: URLs, headers, bodies (network-privacy.ts), and the
// bounded body reading (body-reader.ts) on real streams, Blobs and buffers.
import { describe, expect, it } from 'vitest'
import { bodySize, readStreamPrefix, requestBodyText, utf8Length } from '../../src/recorder/body-reader'
import {
  isSecretHeader,
  maskedMessage,
  maskFormValues,
  maskJsonValues,
  recordedUrl
} from '../../src/recorder/network-privacy'
import { BODY_BYTES } from '../../src/shared/devtools-events'

const BASE = 'http://shop.test/cart/'

describe('recordedUrl', () => {
  it('masks every query value, keeps the keys, and drops credentials and the fragment', () => {
    expect(
      recordedUrl('https://jane:pw@api.test/v1/pay?card=4242&amount=12&empty=&flag#access_token=t0k', BASE, [])
    ).toBe('https://api.test/v1/pay?card=****&amount=**&empty=&****')
  })

  it('resolves relative URLs against the base and scrubs typed values from the path, raw or encoded', () => {
    expect(recordedUrl('../users/jane@example.com/orders?page=2', BASE, ['jane@example.com'])).toBe(
      'http://shop.test/users/****************/orders?page=*'
    )
    expect(recordedUrl('/search/jane%40example.com', BASE, ['jane@example.com'])).toBe(
      'http://shop.test/search/******************'
    )
  })

  it('keeps only the type of a data: URL, and masks what it cannot parse', () => {
    expect(recordedUrl('data:image/png;base64,iVBORw0KGgo=', BASE, [])).toBe('data:image/png')
    expect(recordedUrl('http://[broken/?q=secret', BASE, [])).toBe('http://[broken/?q=******')
  })
})

describe('maskFormValues', () => {
  it('masks values one * per character; a part without = is masked whole', () => {
    expect(maskFormValues('?a=1&b=two&c=&token')).toBe('?a=*&b=***&c=&*****')
    expect(maskFormValues('email=jane%40example.com&remember=on')).toBe('email=******************&remember=**')
  })
})

describe('maskJsonValues', () => {
  it('masks string values and keeps keys, numbers, literals and layout', () => {
    expect(maskJsonValues('{"card": "4242 4242", "qty": 2, "ok": true, "tags": ["a b", "c"], "x": null}', false)).toBe(
      '{"card": "**** ****", "qty": 2, "ok": true, "tags": ["* *", "*"], "x": null}'
    )
  })

  it('masks numbers too when asked (strict), and escaped quotes stay inside their string', () => {
    expect(maskJsonValues('{"say": "a \\"quote\\"", "n": -12.5e3}', true)).toBe('{"say": "* *********", "n": -**.*e*}')
  })

  it('masks the last, unterminated string of a body cut at its bound', () => {
    expect(maskJsonValues('{"note": "cut here', false)).toBe('{"note": "*** ****')
    expect(maskJsonValues('{"key', false)).toBe('{"***')
  })
})

describe('headers and bodies', () => {
  it('never keeps credentials headers, whatever the level', () => {
    for (const name of [
      'Authorization',
      'Proxy-Authorization',
      'Cookie',
      'Set-Cookie',
      'X-Api-Key',
      'x-auth-token',
      'X-CSRF-Token',
      'X-XSRF-TOKEN',
      'x-session-id',
      'X-Client-Secret',
      'apikey',
      'X-Amz-Signature'
    ]) {
      expect(isSecretHeader(name), name).toBe(true)
    }
    for (const name of ['Content-Type', 'Accept', 'X-Request-Id', 'Cache-Control'])
      expect(isSecretHeader(name)).toBe(false)
    const message = maskedMessage(
      {
        headers: [
          ['Authorization', 'Bearer x'],
          ['Content-Type', 'text/plain'],
          ['X-Api-Key', 'k']
        ],
        body: null,
        contentType: null
      },
      'lax',
      []
    )
    expect(message).toEqual({ headers: { 'content-type': 'text/plain' }, body: null, truncated: false })
  })

  it('masks bodies by level: lax keeps them, moderate masks JSON strings and form values, strict all text', () => {
    const json = {
      headers: [],
      body: { text: '{"email":"jane@example.com","qty":2}', truncated: false },
      contentType: 'application/json'
    }
    const form = {
      headers: [],
      body: { text: 'coupon=SAVE10&n=2', truncated: true },
      contentType: 'application/x-www-form-urlencoded'
    }
    const text = {
      headers: [['X-Note', 'hi jane']] as [string, string][],
      body: { text: 'hello jane', truncated: false },
      contentType: 'text/plain'
    }
    expect(maskedMessage(json, 'lax', []).body).toBe('{"email":"jane@example.com","qty":2}')
    expect(maskedMessage(json, 'moderate', []).body).toBe('{"email":"****************","qty":2}')
    expect(maskedMessage(json, 'strict', []).body).toBe('{"email":"****************","qty":*}')
    expect(maskedMessage(form, 'moderate', [])).toEqual({ headers: {}, body: 'coupon=******&n=*', truncated: true })
    expect(maskedMessage(text, 'moderate', ['jane'])).toEqual({
      headers: { 'x-note': 'hi ****' },
      body: 'hello ****',
      truncated: false
    })
    expect(maskedMessage(text, 'strict', [])).toEqual({
      headers: { 'x-note': '** ****' },
      body: '***** ****',
      truncated: false
    })
    // lax still scrubs what it is given (the password fields' values).
    expect(maskedMessage(text, 'lax', ['jane']).body).toBe('hello ****')
  })
})

describe('body reading', () => {
  it('measures bodies as the browser sends them', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4)
    expect(bodySize('aé')).toBe(3)
    expect(bodySize(undefined)).toBe(0)
    expect(bodySize(new URLSearchParams({ q: 'a b' }))).toBe(5)
    expect(bodySize(new Blob(['12345']))).toBe(5)
    expect(bodySize(new Uint8Array(7))).toBe(7)
    expect(bodySize(new FormData())).toBeNull()
  })

  it('reads text and JSON request bodies only, up to the bound', async () => {
    expect(await requestBodyText('{"a":1}', 'application/json')).toEqual({ text: '{"a":1}', truncated: false })
    expect(await requestBodyText('x'.repeat(BODY_BYTES + 5), 'text/plain')).toEqual({
      text: 'x'.repeat(BODY_BYTES),
      truncated: true
    })
    expect(await requestBodyText(new Blob(['<a/>'], { type: 'application/xml' }), 'application/xml')).toEqual({
      text: '<a/>',
      truncated: false
    })
    expect(await requestBodyText(new TextEncoder().encode('bytes'), 'text/plain')).toEqual({
      text: 'bytes',
      truncated: false
    })
    expect(await requestBodyText(new Blob([new Uint8Array(4)]), 'image/png')).toBeNull()
    expect(await requestBodyText('plain', null)).toBeNull()
  })

  it("reads a stream's first 10 KB and cancels it there", async () => {
    let pulled = 0
    let cancelled = false
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new TextEncoder().encode('0123456789'.repeat(100)))
      },
      cancel() {
        cancelled = true
      }
    })
    const read = await readStreamPrefix(endless)
    expect(read.text).toBe('0123456789'.repeat(100).repeat(11).slice(0, BODY_BYTES))
    expect(read.truncated).toBe(true)
    expect(cancelled).toBe(true)
    expect(pulled).toBeLessThanOrEqual(12)
  })

  it('reads a short stream whole, and gives up on a stalled one with what came', async () => {
    const short = new Response('short body').body!
    expect(await readStreamPrefix(short)).toEqual({ text: 'short body', truncated: false })
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('first '))
      }
    })
    expect(await readStreamPrefix(stalled, 20)).toEqual({ text: 'first ', truncated: true })
  })

  it('decodes characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('€uro')
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 1))
        controller.enqueue(bytes.slice(1))
        controller.close()
      }
    })
    expect(await readStreamPrefix(split)).toEqual({ text: '€uro', truncated: false })
  })
})
