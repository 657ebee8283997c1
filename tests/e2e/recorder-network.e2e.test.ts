// The page's network in real Chromium: a page on loopback calls a small local API (success, 500, a dropped
// connection, aborts, a timeout, a stream it reads chunk by chunk, XHR, a beacon, a missing image) while the real
// recorder records it; the assertions read the real SQLite file. The same page script also runs without the
// recorder, and must see exactly the same.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { NETWORK_TAG, isNetworkPayload, type NetworkPayload } from '../../src/shared/devtools-events'
import { flushRecorder, recorderState, snippetTag, waitFor } from '../helpers/browser'
import { serveDevtoolsSite } from '../helpers/devtools-site'
import { storedPayloads, storedText, storedTextWithoutNumbers, useCoreAndChromium } from '../helpers/e2e-fixture'

/**
 * What the page's script observes of fetch, XHR and sendBeacon: everything a page can see of a response or a
 * failure (but the Date header, which differs between runs). It runs as written in every page.
 */
const SCENARIO = String.raw`
const headersOf = (headers) => [...headers].filter(([name]) => name !== 'date').sort()
async function seen(response) {
  return {
    isResponse: response instanceof Response, type: response.type, status: response.status,
    statusText: response.statusText, ok: response.ok, redirected: response.redirected,
    url: response.url.replace(location.origin, ''), headers: headersOf(response.headers),
    bodyUsed: response.bodyUsed, locked: response.body && response.body.locked, body: await response.text()
  }
}
async function failure(promise) {
  try {
    await promise
    return 'resolved'
  } catch (error) {
    return { name: error.name, message: error.message, type: error.constructor.name, isTypeError: error instanceof TypeError }
  }
}
function xhr(method, url, { body = null, before, after } = {}) {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest()
    const events = []
    request.onreadystatechange = () => events.push('readyState ' + request.readyState)
    for (const type of ['load', 'error', 'abort', 'timeout', 'loadend']) {
      request.addEventListener(type, () => {
        events.push(type)
        if (type !== 'loadend') return
        const text = request.responseType === 'json' ? JSON.stringify(request.response) : request.responseText
        const headers = request.getAllResponseHeaders().split('\r\n').filter((line) => line && !line.startsWith('date')).sort()
        resolve({ events, status: request.status, statusText: request.statusText, text, headers })
      })
    }
    request.open(method, url)
    before?.(request)
    request.send(body)
    after?.(request)
  })
}
window.scenario = async () => {
  const results = {}
  results.promise = fetch('/api/ok') instanceof Promise
  results.ok = await seen(await fetch('/api/ok?email=jane@example.com&page=2'))
  results.fail = await seen(await fetch('/api/fail'))
  results.echo = await seen(await fetch('/api/echo', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer sekrit-auth-token', 'X-Api-Key': 'sekrit-api-key' },
    body: JSON.stringify({ card: '4242 4242 4242 4242', qty: 2 })
  }))
  results.request = await seen(await fetch(new Request('/api/echo', { method: 'POST', body: 'from a Request object' })))
  results.form = await seen(await fetch('/api/echo', { method: 'POST', body: new URLSearchParams({ coupon: 'SAVE10' }) }))
  results.drop = await failure(fetch('/api/drop'))
  const controller = new AbortController()
  const hanging = fetch('/api/hang', { signal: controller.signal })
  controller.abort()
  results.abort = await failure(hanging)
  const reason = { why: 'navigated away' }
  const second = new AbortController()
  const alsoHanging = fetch('/api/hang', { signal: second.signal })
  second.abort(reason)
  results.abortReason = await alsoHanging.then(() => 'resolved', (error) => error === reason)
  results.timeout = await failure(fetch('/api/hang', { signal: AbortSignal.timeout(50) }))
  results.illegal = await failure(Promise.resolve().then(() => ({ fetch }).fetch('/api/ok')))
  // The server sends the second chunk only once the page has read the first and asked for it.
  const stream = await fetch('/api/stream')
  const reader = stream.body.getReader()
  const chunks = [new TextDecoder().decode((await reader.read()).value)]
  await fetch('/api/stream/release')
  for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(new TextDecoder().decode(part.value))
  results.stream = { chunks, status: stream.status }
  // A bare fetch left unhandled is still reported as an unhandled rejection.
  const unhandled = new Promise((resolve) => addEventListener('unhandledrejection', (event) => {
    event.preventDefault()
    resolve(event.reason.name + ': ' + event.reason.message)
  }, { once: true }))
  fetch('/api/drop')
  results.unhandled = await unhandled
  results.xhrOk = await xhr('GET', '/api/ok?token=abc123')
  results.xhrFail = await xhr('GET', '/api/fail')
  results.xhrDrop = await xhr('GET', '/api/drop')
  results.xhrJson = await xhr('POST', '/api/echo', {
    body: JSON.stringify({ note: 'xhr body' }),
    before: (request) => { request.responseType = 'json'; request.setRequestHeader('Content-Type', 'application/json') }
  })
  results.xhrAbort = await xhr('GET', '/api/hang', { after: (request) => request.abort() })
  results.beacon = navigator.sendBeacon('/api/beacon', 'beacon-body')
  return results
}
`

const PAGE = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Network</title></head>
<body>
  <h1>Network</h1>
  <img src="/missing.png" alt="">
  <script>${SCENARIO}</script>
  ${snippet}
</body></html>`

const e2e = useCoreAndChromium()

async function openPage(url: string): Promise<Page> {
  const context = await e2e.browser.newContext()
  const page = await context.newPage()
  await page.goto(url)
  return page
}

/** The recorder's network events stored for the session, in time order. */
const storedRequests = (sessionId: string): NetworkPayload[] =>
  storedPayloads(e2e.core, sessionId, NETWORK_TAG, isNetworkPayload)

/** Runs the scenario on a recorded page; returns what the page saw and the session's stored requests. */
async function recordScenario(attributes: Record<string, string>) {
  const site = e2e.keep(await serveDevtoolsSite({ '/': PAGE(snippetTag(e2e.core, attributes)) }))
  const page = await openPage(`${site.url}/`)
  await waitFor('recording', async () => (await recorderState(page)).recording)
  const sessionId = (await recorderState(page)).sessionId!
  const seen = await page.evaluate(() => (window as unknown as { scenario(): Promise<unknown> }).scenario())
  // The beacon's arrival, and the records of requests whose bodies are still being read.
  await waitFor('the beacon', () => site.beacons.length > 0)
  const requests = await waitFor('every request recorded', async () => {
    await flushRecorder(page)
    const stored = storedRequests(sessionId)
    return stored.filter((request) => request.initiator !== 'img' && request.initiator !== 'other').length >= 19
      ? stored
      : null
  })
  await page.context().close()
  return { site, seen, requests, sessionId }
}

describe("recording the page's network in Chromium", () => {
  it('the page sees exactly what it sees without the recorder: responses, errors, aborts, streams, XHR', async () => {
    const bare = e2e.keep(await serveDevtoolsSite({ '/': PAGE('') }))
    const page = await openPage(`${bare.url}/`)
    const withoutRecorder = await page.evaluate(() =>
      (window as unknown as { scenario(): Promise<unknown> }).scenario()
    )
    await page.context().close()

    const bodiesRecorded = await recordScenario({ 'data-network-bodies': '/api/' })
    const bodiesNotRecorded = await recordScenario({})
    expect(bodiesRecorded.seen).toEqual(withoutRecorder)
    expect(bodiesNotRecorded.seen).toEqual(withoutRecorder)
    // The scenario really did meet each case (so the comparison above compares something).
    expect(withoutRecorder).toMatchObject({
      promise: true,
      ok: { status: 200, isResponse: true, bodyUsed: false, locked: false },
      fail: { status: 500, body: 'internal error: database down' },
      drop: { name: 'TypeError', isTypeError: true },
      abort: { name: 'AbortError', type: 'DOMException' },
      abortReason: true,
      timeout: { name: 'TimeoutError' },
      illegal: { name: 'TypeError' },
      stream: { chunks: ['chunk-1\n', 'chunk-2\n'], status: 200 },
      unhandled: 'TypeError: Failed to fetch',
      xhrOk: {
        status: 200,
        events: ['readyState 1', 'readyState 2', 'readyState 3', 'readyState 4', 'load', 'loadend']
      },
      xhrDrop: { status: 0, events: ['readyState 1', 'readyState 4', 'error', 'loadend'] },
      xhrAbort: { status: 0 },
      beacon: true
    })
  })

  it('records each request once when it settles: method, URL with masked query values, status or failure, timing, sizes', async () => {
    const { site, requests } = await recordScenario({})
    const of = (initiator: string, path: string) =>
      requests.filter((request) => request.initiator === initiator && request.url.startsWith(`${site.url}${path}`))
    const [ok] = of('fetch', '/api/ok?')
    expect(ok).toMatchObject({
      method: 'GET',
      url: `${site.url}/api/ok?email=****************&page=*`,
      status: 200,
      error: null,
      requestSize: 0,
      responseSize: 47
    })
    expect(ok!.start).toBeGreaterThan(Date.now() - 60_000)
    expect(ok!.duration).toBeGreaterThanOrEqual(0)
    // Headers and bodies are off by default.
    expect(requests.some((request) => request.request || request.response)).toBe(false)
    expect(of('fetch', '/api/fail')).toMatchObject([{ status: 500, error: null }])
    expect(of('fetch', '/api/drop')).toMatchObject([
      { status: null, error: 'network' },
      { status: null, error: 'network' }
    ])
    expect(of('fetch', '/api/hang').map((request) => request.error)).toEqual(['abort', 'abort', 'timeout'])
    expect(of('fetch', '/api/echo').map((request) => [request.method, request.status, request.requestSize])).toEqual([
      ['POST', 201, 38],
      ['POST', 201, null], // a Request object's body is not read unless its bodies are recorded
      ['POST', 201, 13]
    ])
    expect(of('fetch', '/api/stream')).toMatchObject([{ status: 200 }, { status: 200 }])
    expect(of('xmlhttprequest', '/api/ok')).toMatchObject([
      { method: 'GET', url: `${site.url}/api/ok?token=******`, status: 200, responseSize: 47 }
    ])
    expect(of('xmlhttprequest', '/api/fail')).toMatchObject([{ status: 500 }])
    expect(of('xmlhttprequest', '/api/drop')).toMatchObject([{ status: null, error: 'network' }])
    expect(of('xmlhttprequest', '/api/hang')).toMatchObject([{ status: null, error: 'abort' }])
    expect(of('beacon', '/api/beacon')).toMatchObject([
      { method: 'POST', status: null, duration: null, requestSize: 11 }
    ])
    // The missing image, from resource timing: same origin, so its status is known.
    expect(of('img', '/missing.png')).toMatchObject([{ method: null, status: 404, error: null }])
    // The recorder's own requests (recorder.js, its batches) are never recorded.
    expect(requests.filter((request) => request.url.startsWith(e2e.core.receiverUrl))).toEqual([])
  })

  it('records headers and bodies for allowed URLs only, masked; credentials headers never', async () => {
    const { site, requests, sessionId } = await recordScenario({
      'data-network-bodies': '/api/echo, */api/stream',
      'data-mask-level': 'moderate'
    })
    const echoes = requests.filter((request) => request.url === `${site.url}/api/echo` && request.initiator === 'fetch')
    expect(echoes).toHaveLength(3)
    const [json, fromRequest, form] = echoes
    expect(json!.request).toEqual({
      headers: { 'content-type': 'application/json' },
      body: '{"card":"**** **** **** ****","qty":2}',
      truncated: false
    })
    expect(json!.response!.headers).toMatchObject({ 'content-type': 'application/json', 'x-echo': 'yes' })
    expect(json!.response!.body).toMatch(/^\{"received":"[* ]+","contentType":"\*+"\}$/)
    expect(fromRequest!.request!.body).toBe('from a Request object') // text/plain: page text, kept under moderate
    expect(form!.request!.body).toBe('coupon=******')
    const [xhrJson] = requests.filter((request) => request.initiator === 'xmlhttprequest' && request.method === 'POST')
    expect(xhrJson!.request).toEqual({
      headers: { 'content-type': 'application/json' },
      body: '{"note":"*** ****"}',
      truncated: false
    })
    expect(xhrJson!.response!.body).toMatch(/^\{"received":"[* ]+","contentType":"\*+"\}$/)
    const [stream] = requests.filter((request) => request.url === `${site.url}/api/stream`)
    expect(stream!.response).toMatchObject({ body: 'chunk-1\nchunk-2\n', truncated: false })
    // Only the allowed URLs have them.
    const withBodies = requests.filter((request) => request.request || request.response).map((request) => request.url)
    expect(new Set(withBodies)).toEqual(new Set([`${site.url}/api/echo`, `${site.url}/api/stream`]))

    const text = storedTextWithoutNumbers(e2e.core, sessionId)
    for (const secret of ['sekrit-auth-token', 'sekrit-api-key', 'Bearer', '4242', 'jane@example.com', 'abc123']) {
      expect(text).not.toContain(secret)
    }
    expect(text.toLowerCase()).not.toContain('authorization')
    expect(text.toLowerCase()).not.toContain('x-api-key')
  })

  it('under lax bodies are kept as they were, and still no Authorization, Cookie or key header', async () => {
    const page = (snippet: string) => `<!doctype html><html><body>${snippet}<script>
      window.run = () => fetch('/api/echo', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer lax-auth', Cookie: 'sid=lax-cookie', 'X-Auth-Token': 'lax-token', 'X-Trace': 'trace-1' },
        body: JSON.stringify({ note: 'lax body' })
      }).then((response) => response.text())
        .then(() => fetch('/api/private', { method: 'POST', body: 'private-request-marker' }))
        .then((response) => response.text())
    </script></body></html>`
    const site = e2e.keep(
      await serveDevtoolsSite({
        '/': page(snippetTag(e2e.core, { 'data-mask-level': 'lax', 'data-network-bodies': '*/api/echo' }))
      })
    )
    const tab = await openPage(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(tab)).recording)
    const sessionId = (await recorderState(tab)).sessionId!
    await tab.evaluate(() => (window as unknown as { run(): Promise<string> }).run())
    const requests = await waitFor('both requests recorded', async () => {
      await flushRecorder(tab)
      const stored = storedRequests(sessionId).filter((request) => request.initiator === 'fetch')
      return stored.length === 2 ? stored : null
    })
    await tab.context().close()
    expect(requests[0]!.request).toEqual({
      headers: { 'content-type': 'application/json', 'x-trace': 'trace-1' },
      body: '{"note":"lax body"}',
      truncated: false
    })
    expect(requests[0]!.response!.body).toBe(
      '{"received":"{\\"note\\":\\"lax body\\"}","contentType":"application/json"}'
    )
    expect(requests[1]).not.toHaveProperty('request')
    const text = storedText(e2e.core, sessionId)
    for (const secret of ['lax-auth', 'lax-cookie', 'lax-token', 'private-request-marker'])
      expect(text).not.toContain(secret)
  })

  it('moderate: what the user typed never appears in a recorded URL, query or path', async () => {
    const page = (snippet: string) => `<!doctype html><html><body><input id="email" type="email">${snippet}<script>
      window.run = async () => {
        const typed = document.getElementById('email').value
        await (await fetch('/api/ok?email=' + encodeURIComponent(typed) + '&page=1')).text()
        await (await fetch('/api/users/' + typed + '/orders')).text()
        const request = new XMLHttpRequest()
        await new Promise((resolve) => {
          request.onloadend = resolve
          request.open('GET', '/api/ok?q=' + typed)
          request.send()
        })
      }
    </script></body></html>`
    const site = e2e.keep(await serveDevtoolsSite({ '/': page(snippetTag(e2e.core)) }))
    const tab = await openPage(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(tab)).recording)
    const sessionId = (await recorderState(tab)).sessionId!
    await tab.fill('#email', 'typed.person@example.org')
    await tab.evaluate(() => (window as unknown as { run(): Promise<void> }).run())
    const requests = await waitFor('the three requests', async () => {
      await flushRecorder(tab)
      const stored = storedRequests(sessionId).filter((request) => request.initiator !== 'other')
      return stored.length >= 3 ? stored : null
    })
    await tab.context().close()
    expect(requests.map((request) => request.url)).toEqual([
      `${site.url}/api/ok?email=${'*'.repeat('typed.person%40example.org'.length)}&page=*`,
      `${site.url}/api/users/${'*'.repeat('typed.person@example.org'.length)}/orders`,
      `${site.url}/api/ok?q=${'*'.repeat('typed.person@example.org'.length)}`
    ])
    const text = storedText(e2e.core, sessionId)
    for (const form of ['typed.person', 'typed.person%40example.org']) expect(text).not.toContain(form)
  })

  it('loaded without crossorigin, fetch and XHR stay unwrapped and are recorded from resource timing', async () => {
    const page = (snippet: string) => `<!doctype html><html><body>${snippet}<script>
      window.run = async () => {
        await (await fetch('/api/ok?email=jane@example.com')).text()
        await (await fetch('/api/fail')).text()
        const unhandled = new Promise((resolve) => addEventListener('unhandledrejection', (event) => {
          event.preventDefault()
          resolve(event.reason.message)
        }, { once: true }))
        fetch('/api/drop')
        return { unhandled: await unhandled, wrapped: !fetch.toString().includes('[native code]') }
      }
    </script></body></html>`
    const site = e2e.keep(await serveDevtoolsSite({ '/': page(snippetTag(e2e.core, { crossorigin: null })) }))
    const context = await e2e.browser.newContext()
    const tab = await context.newPage()
    const printed: string[] = []
    tab.on('console', (message) => printed.push(message.text()))
    await tab.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(tab)).recording)
    const sessionId = (await recorderState(tab)).sessionId!
    expect(await tab.evaluate(() => (window as unknown as { run(): Promise<unknown> }).run())).toEqual({
      unhandled: 'Failed to fetch',
      wrapped: false
    })
    const requests = await waitFor('the fetches from resource timing', async () => {
      await flushRecorder(tab)
      const stored = storedRequests(sessionId).filter((request) => request.initiator === 'fetch')
      return stored.length >= 3 ? stored : null
    })
    await context.close()
    expect(requests.map(({ method, url, status, error }) => [method, url, status, error])).toEqual([
      [null, `${site.url}/api/ok?email=****************`, 200, null],
      [null, `${site.url}/api/fail`, 500, null],
      [null, `${site.url}/api/drop`, null, 'network']
    ])
    expect(printed.some((line) => line.includes('add crossorigin="anonymous"'))).toBe(true)
  })
})
