// The fetch wrapper around Node's real fetch, against a real HTTP server on loopback: the page's promise gives the
// very Response and the very error fetch gave, aborts work, bodies are read from a clone only for allowed URLs,
// and each request is recorded once with its outcome. (Chromium runs the same in tests/e2e/recorder-network.)
// Not named recorder-*: it needs Node (an HTTP server), which the browser-side test project does not have.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureBeacon, captureFetch } from '../../src/recorder/fetch-capture'
import { createNetworkRecorder, MAX_BODIES_PER_PAGE } from '../../src/recorder/network-record'
import type { NetworkPayload } from '../../src/shared/devtools-events'
import { waitFor } from '../helpers/browser'

let server: Server
let origin: string

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/drop') return req.socket.destroy()
    if (req.url === '/hang') return
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = JSON.stringify({ got: Buffer.concat(chunks).toString(), secret: 'response-secret' })
      res.writeHead(req.url === '/fail' ? 500 : 200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        'X-Api-Key': 'response-key'
      })
      res.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** A page whose fetch is Node's, wrapped; `given` keeps what the real fetch handed out. */
function page(bodyPatterns: string[] = []) {
  const given: { response?: Response; error?: unknown }[] = []
  const realFetch: typeof fetch = (...args) => {
    const promise = fetch(...args)
    const outcome: { response?: Response; error?: unknown } = {}
    given.push(outcome)
    promise.then(
      (response) => (outcome.response = response),
      (error: unknown) => (outcome.error = error)
    )
    return promise
  }
  const target = { fetch: realFetch, sendBeacon: (_url: string | URL, _data?: BodyInit | null) => true }
  const records: NetworkPayload[] = []
  const network = createNetworkRecorder({
    addCustomEvent: (_tag, payload) => records.push(payload),
    isRecording: () => true,
    maskLevel: 'moderate',
    maskedFieldValues: () => [],
    bodyPatterns,
    receiverOrigin: 'http://127.0.0.1:4477',
    baseUrl: () => `${origin}/app/`,
    now: Date.now,
    clock: () => performance.now()
  })
  captureFetch(target, network)
  captureBeacon(target, network)
  return { fetch: target.fetch, sendBeacon: target.sendBeacon, given, records }
}

describe('captureFetch', () => {
  it('hands the page the very Response fetch gave, its body unread, and records the request once', async () => {
    const { fetch: pageFetch, given, records } = page()
    const response = await pageFetch(`${origin}/ok?q=secret`, { method: 'post', body: 'hello' })
    expect(response).toBe(given[0]!.response)
    expect(response.bodyUsed).toBe(false)
    expect(await response.json()).toEqual({ got: 'hello', secret: 'response-secret' })
    expect(records).toEqual([
      {
        initiator: 'fetch',
        method: 'POST',
        url: `${origin}/ok?q=******`,
        status: 200,
        error: null,
        start: expect.any(Number),
        duration: expect.any(Number),
        requestSize: 5,
        responseSize: JSON.stringify({ got: 'hello', secret: 'response-secret' }).length
      }
    ])
  })

  it('rejects with the very error fetch rejected with, and records how it failed', async () => {
    const { fetch: pageFetch, given, records } = page()
    const dropped = await pageFetch(`${origin}/drop`).catch((error: unknown) => error)
    expect(dropped).toBeInstanceOf(TypeError)
    expect(dropped).toBe(given[0]!.error)

    const controller = new AbortController()
    const hanging = pageFetch(`${origin}/hang`, { signal: controller.signal })
    const reason = new Error('left the page')
    controller.abort(reason)
    expect(await hanging.catch((error: unknown) => error)).toBe(reason)
    const timedOut = await pageFetch(`${origin}/hang`, { signal: AbortSignal.timeout(20) }).catch((e: unknown) => e)
    expect((timedOut as Error).name).toBe('TimeoutError')
    await waitFor('three records', () => records.length === 3)
    expect(records.map(({ status, error }) => [status, error])).toEqual([
      [null, 'network'],
      [null, 'abort'],
      [null, 'timeout']
    ])
  })

  it('records a Request object, and leaves requests to the receiver alone', async () => {
    const { fetch: pageFetch, records } = page()
    await pageFetch(new Request(`${origin}/ok`, { method: 'PUT', body: 'from a Request' }))
    await pageFetch('http://127.0.0.1:4477/ingest', { method: 'POST', body: 'batch' }).catch(() => undefined)
    expect(records.map(({ method, url, requestSize }) => [method, url, requestSize])).toEqual([
      ['PUT', `${origin}/ok`, null]
    ])
  })

  it('reads bodies from clones for allowed URLs only, masked, without credentials headers', async () => {
    const { fetch: pageFetch, records } = page(['/ok'])
    const response = await pageFetch(`${origin}/ok`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t', 'X-Trace': 'abc' },
      body: JSON.stringify({ card: '4242' })
    })
    // The page reads its body in full, untouched by the clone.
    expect(await response.text()).toBe(JSON.stringify({ got: '{"card":"4242"}', secret: 'response-secret' }))
    const fromRequest = await pageFetch(new Request(`${origin}/ok`, { method: 'POST', body: 'request body' }))
    expect(await fromRequest.json()).toEqual({ got: 'request body', secret: 'response-secret' })
    await pageFetch(`${origin}/fail`, { method: 'POST', body: 'not allowed' })
    await waitFor('three records', () => records.length === 3)
    const [json, request, fail] = records
    expect(json!.request).toEqual({
      headers: { 'content-type': 'application/json', 'x-trace': 'abc' },
      body: '{"card":"****"}',
      truncated: false
    })
    // The echoed body is a string in JSON, its quotes escaped: masked character by character, backslashes too.
    expect(json!.response!.body).toBe(`{"got":"${'*'.repeat(19)}","secret":"${'*'.repeat(15)}"}`)
    expect(json!.response!.headers).not.toHaveProperty('x-api-key')
    expect(request!.request!.body).toBe('request body')
    expect(fail).not.toHaveProperty('request')
    expect(fail).not.toHaveProperty('response')
  })

  it(`records headers and bodies for at most ${MAX_BODIES_PER_PAGE} requests`, async () => {
    const { fetch: pageFetch, records } = page(['/ok'])
    for (let n = 0; n < MAX_BODIES_PER_PAGE + 2; n++) await (await pageFetch(`${origin}/ok`)).text()
    await waitFor('every record', () => records.length === MAX_BODIES_PER_PAGE + 2)
    expect(records.filter((record) => record.response)).toHaveLength(MAX_BODIES_PER_PAGE)
  })
})

describe('captureBeacon', () => {
  it("returns what the browser's sendBeacon returns and records the beacon", async () => {
    const { sendBeacon, records } = page(['/collect'])
    expect(sendBeacon(`${origin}/collect`, 'event=1')).toBe(true)
    await waitFor('the record', () => records.length === 1)
    expect(records[0]).toMatchObject({
      initiator: 'beacon',
      method: 'POST',
      status: null,
      error: null,
      duration: null,
      requestSize: 7,
      request: { headers: {}, body: 'event=1', truncated: false }
    })
  })
})
