import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiErrorBody, ApiErrorCode } from '../../src/shared/api-errors'
import { MAX_BODY_BYTES, MAX_DECOMPRESSED_BYTES, MAX_EVENTS_PER_BATCH } from '../../src/shared/limits'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import {
  callApi,
  ingestPath,
  launchToken,
  postBatch,
  rawRequest,
  startTestCore,
  type TestCore
} from '../helpers/test-core'
import type { AppInfo, Settings } from '../../src/shared/types'

let core: TestCore
let token: string
const [validBatch] = syntheticBatches({ seed: 7, sessionId: 'receiver-test-1', events: 20 })

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  token = launchToken(core)
})
afterAll(() => core.dispose())

/** After every rejection: nothing was stored and the server still takes a good batch. */
async function expectNothingStoredAndStillServing(): Promise<void> {
  expect(core.store.countBatches()).toBe(0)
  // The tests run on a build (npm test builds first): a 503 here would mean the server lost its assets.
  const health = await rawRequest(core.port, { path: '/recorder.js', method: 'HEAD' })
  expect(health.status).toBe(200)
}

interface Rejection {
  name: string
  status: number
  message: RegExp
  send: () => Promise<{ status: number; json(): unknown; headers: Record<string, unknown> }>
}

/** The code each refusal's status carries (422: a batch that decodes but is not valid is a bad argument). */
const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad-argument',
  401: 'unauthorized',
  403: 'forbidden',
  405: 'unsupported',
  413: 'too-large',
  415: 'unsupported',
  422: 'bad-argument'
}

const withEvents = (events: unknown) => gzipBatch({ ...validBatch, events })

/** A POST to /ingest at `path` (the key, or its absence, in the query string). */
const postTo = (path: string, body: Uint8Array = gzipBatch(validBatch)) =>
  rawRequest(core.port, { method: 'POST', path, headers: { 'Content-Type': 'text/plain' }, body })

const REJECTIONS: Rejection[] = [
  {
    name: 'a batch without the ingest key (a page that merely loaded nothing of ours)',
    status: 401,
    message: /missing or wrong ingest key/,
    send: () => postTo('/ingest')
  },
  {
    name: 'a batch with a wrong ingest key',
    status: 401,
    message: /missing or wrong ingest key/,
    send: () => postTo(ingestPath('wrong-key-of-32-characters-xxxxx'))
  },
  {
    name: 'a batch with the key under another name, or empty',
    status: 401,
    message: /missing or wrong ingest key/,
    send: () => postTo(`/ingest?k=${core.ingestKey()}&key=`)
  },
  {
    name: 'a Host header that is not a loopback name (DNS rebinding)',
    status: 403,
    message: /not a loopback name/,
    send: () => postBatch(core, gzipBatch(validBatch), { Host: 'evil.example:4477' })
  },
  {
    name: 'a body over 1 MiB compressed (declared length)',
    status: 413,
    message: /exceeds/,
    send: () => postBatch(core, Buffer.alloc(MAX_BODY_BYTES + 1, 1))
  },
  {
    name: 'a body over 1 MiB compressed (chunked, no length)',
    status: 413,
    message: /exceeds/,
    send: () => postBatch(core, Buffer.alloc(MAX_BODY_BYTES + 10, 1), { 'Transfer-Encoding': 'chunked' })
  },
  {
    name: 'a gzip bomb (over 32 MiB decompressed)',
    status: 400,
    message: /inflates to more than/,
    send: () => postBatch(core, gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1024, 0x20), { level: 9 }))
  },
  {
    name: 'a body that is not gzip',
    status: 400,
    message: /not gzip/,
    send: () => postBatch(core, Buffer.from(JSON.stringify(validBatch)))
  },
  {
    name: 'truncated gzip',
    status: 400,
    message: /malformed gzip/,
    send: () => postBatch(core, gzipBatch(validBatch).subarray(0, 40))
  },
  {
    name: 'malformed JSON',
    status: 400,
    message: /malformed JSON/,
    send: () => postBatch(core, gzipSync('{"v":1,"sessionId":'))
  },
  {
    name: 'events that are not rrweb events',
    status: 422,
    message: /events\.0 has type/,
    send: () => postBatch(core, withEvents([{ type: 42, timestamp: 1, data: {} }]))
  },
  {
    name: 'an event without a timestamp',
    status: 422,
    message: /events\.1 has no valid timestamp/,
    send: () => postBatch(core, withEvents([validBatch!.events[0], { type: 3, data: { source: 1 } }]))
  },
  {
    name: 'wrong field types',
    status: 422,
    message: /seq/,
    send: () => postBatch(core, gzipBatch({ ...validBatch, seq: '3' }))
  },
  {
    name: 'a malformed session id',
    status: 422,
    message: /sessionId/,
    send: () => postBatch(core, gzipBatch({ ...validBatch, sessionId: '../../etc' }))
  },
  {
    name: 'unknown fields in the envelope',
    status: 422,
    message: /Unrecognized key/i,
    send: () => postBatch(core, gzipBatch({ ...validBatch, extra: 'x' }))
  },
  {
    name: 'too many events in one batch',
    status: 422,
    message: /events/,
    send: () =>
      postBatch(
        core,
        withEvents(
          Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, (_, i) => ({ type: 5, timestamp: 1 + i, data: {} }))
        )
      )
  },
  {
    name: 'a wrong method',
    status: 405,
    message: /GET is not allowed/,
    send: () => rawRequest(core.port, { method: 'GET', path: '/ingest' })
  },
  {
    name: 'a wrong content type',
    status: 415,
    message: /content type "application\/json" is not accepted/,
    send: () => postBatch(core, gzipBatch(validBatch), { 'Content-Type': 'application/json' })
  }
]

describe('receiver rejects bad input with a JSON error, stores nothing and keeps serving', () => {
  for (const rejection of REJECTIONS) {
    it(`rejects ${rejection.name}`, async () => {
      const response = await rejection.send()
      expect(response.status).toBe(rejection.status)
      const body = response.json() as ApiErrorBody
      expect(body.error).toMatch(rejection.message)
      // One shape for every error: a code that stands for the status, the message twice (message, error).
      expect(body.message).toBe(body.error)
      expect(body.code).toBe(CODE_OF_STATUS[rejection.status])
      await expectNothingStoredAndStillServing()
    })
  }

  it('accepts a valid batch afterwards and acknowledges a retry without storing it twice', async () => {
    const body = gzipBatch(validBatch)
    const first = await postBatch(core, body)
    expect(first.status).toBe(200)
    expect(first.json()).toMatchObject({ ok: true, stored: true, sessionId: 'receiver-test-1', seq: 0 })
    const retry = await postBatch(core, body)
    expect(retry.json()).toMatchObject({ ok: true, stored: false })
    expect(core.store.countBatches()).toBe(1)
    expect(core.store.listSessions()[0]).toMatchObject({ ip: '127.0.0.1', eventCount: 20 })
  })
})

describe('drive-by protection', () => {
  it('shows the key in the snippet and settings; a rotation refuses the old key at once', async () => {
    const before = core.ingestKey()
    expect(before).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect((await callApi<AppInfo>(core, 'getAppInfo')).result.snippet).toContain(`data-key="${before}"`)
    expect((await callApi<Settings>(core, 'getSettings')).result.ingestKey).toBe(before)

    const rotated = (await callApi<Settings>(core, 'rotateIngestKey')).result.ingestKey!
    expect(rotated).not.toBe(before)
    expect(core.ingestKey()).toBe(rotated)
    expect((await callApi<AppInfo>(core, 'getAppInfo')).result.snippet).toContain(`data-key="${rotated}"`)
    const [batch] = syntheticBatches({ seed: 9, sessionId: 'receiver-rotated-1', events: 5 })
    const old = await postTo(ingestPath(before), gzipBatch(batch))
    expect(old.status).toBe(401)
    expect(old.headers['access-control-allow-origin']).toBe('*') // the recorder can read it and stop
    expect(core.store.getSession('receiver-rotated-1')).toBeNull()
    expect((await postBatch(core, gzipBatch(batch))).status).toBe(200)
  })

  it('with an allow-list, refuses batches from other origins (403) and takes listed ones and tools', async () => {
    const allowed = await callApi<Settings>(core, 'updateSettings', {
      allowedOrigins: ['https://Shop.example/', 'http://localhost:3000']
    })
    expect(allowed.result.allowedOrigins).toEqual(['https://shop.example', 'http://localhost:3000'])
    const batches = syntheticBatches({ seed: 10, sessionId: 'receiver-origins-1', events: 30, batchSize: 10 })
    const refused = await postBatch(core, gzipBatch(batches[0]), { Origin: 'https://evil.example' })
    expect(refused.status).toBe(403)
    expect((refused.json() as { error: string }).error).toMatch(/origin "https:\/\/evil.example" may not send/)
    expect((await postBatch(core, gzipBatch(batches[0]), { Origin: 'null' })).status).toBe(403)
    expect((await postBatch(core, gzipBatch(batches[0]), { Origin: 'https://shop.example' })).status).toBe(200)
    expect((await postBatch(core, gzipBatch(batches[1]), { Origin: 'http://localhost:3000' })).status).toBe(200)
    expect((await postBatch(core, gzipBatch(batches[2]))).status).toBe(200) // no Origin: a tool, not a page
    for (const bad of ['shop.example', 'https://shop.example/path', 'javascript:alert(1)', 'https://a@b.example']) {
      expect((await callApi(core, 'updateSettings', { allowedOrigins: [bad] })).status, bad).toBe(400)
    }
    await callApi(core, 'updateSettings', { allowedOrigins: [] })
    expect(
      (await postBatch(core, gzipBatch({ ...batches[0], seq: 7 }), { Origin: 'https://evil.example' })).status
    ).toBe(200)
  })
})

describe('a deleted session', () => {
  it('refuses its later batches with 410 (deleted or pruned, through the API), so it is not recreated', async () => {
    const batches = syntheticBatches({ seed: 8, sessionId: 'receiver-deleted-1', events: 60, batchSize: 20 })
    expect((await postBatch(core, gzipBatch(batches[0]!))).status).toBe(200)
    const deleted = await callApi(core, 'deleteSession', 'receiver-deleted-1')
    expect(deleted.status).toBe(200)

    const late = await postBatch(core, gzipBatch(batches[1]!))
    expect(late.status).toBe(410)
    const message = 'session receiver-deleted-1 was deleted; its recording is not accepted any more'
    expect(late.json()).toEqual({ code: 'gone', message, error: message })
    expect(late.headers['access-control-allow-origin']).toBe('*')
    // A retry of a batch stored before the delete is refused too: nothing of the session comes back.
    expect((await postBatch(core, gzipBatch(batches[0]!))).status).toBe(410)
    expect(core.store.getSession('receiver-deleted-1')).toBeNull()
    expect(core.store.listSessions().map((session) => session.id)).not.toContain('receiver-deleted-1')
  })
})

describe('CORS, Host and token', () => {
  it('puts CORS headers on ingest and recorder.js only (errors included), not on the API', async () => {
    const preflight = await rawRequest(core.port, { method: 'OPTIONS', path: '/ingest' })
    expect(preflight.status).toBe(204)
    expect(preflight.headers['access-control-allow-origin']).toBe('*')
    const rejected = await postBatch(core, Buffer.from('x'))
    expect(rejected.headers['access-control-allow-origin']).toBe('*')
    const api = await rawRequest(core.port, {
      method: 'POST',
      path: '/api/listSessions',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Origin: 'http://evil.example' },
      body: '[]'
    })
    expect(api.status).toBe(200)
    expect(api.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('answers a Private Network Access preflight on ingest only', async () => {
    const headers = { 'Access-Control-Request-Private-Network': 'true', Origin: 'https://shop.example' }
    const preflight = await rawRequest(core.port, { method: 'OPTIONS', path: '/ingest', headers })
    expect(preflight.headers['access-control-allow-private-network']).toBe('true')
    const api = await rawRequest(core.port, { method: 'OPTIONS', path: '/api/listSessions', headers })
    expect(api.headers['access-control-allow-private-network']).toBeUndefined()
  })

  it('accepts loopback names in the Host header: localhost, 127.0.0.1, [::1]', async () => {
    for (const host of ['localhost:4477', '127.0.0.1', '[::1]:4477']) {
      const response = await rawRequest(core.port, { method: 'OPTIONS', path: '/ingest', headers: { Host: host } })
      expect(response.status, host).toBe(204)
    }
  })

  it('refuses API calls without the token, with a wrong token, or as text/plain', async () => {
    const call = (headers: Record<string, string>) =>
      rawRequest(core.port, { method: 'POST', path: '/api/listSessions', headers, body: '[]' })
    expect((await call({ 'Content-Type': 'application/json' })).status).toBe(401)
    expect((await call({ 'Content-Type': 'application/json', Authorization: 'Bearer nope' })).status).toBe(401)
    expect((await call({ 'Content-Type': 'text/plain', Authorization: `Bearer ${token}` })).status).toBe(415)
    const events = await rawRequest(core.port, { path: '/api/changes' })
    expect(events.status).toBe(401)
  })

  it('validates API arguments', async () => {
    const response = await callApi(core, 'getSession', { id: 1 })
    expect(response).toMatchObject({ status: 400, code: 'bad-argument' })
    expect(response.error).toMatch(/getSession/)
    expect(await callApi(core, 'getSession', 'not an id!')).toMatchObject({
      status: 400,
      code: 'bad-argument',
      message: 'getSession: id is not a session id'
    })
    expect(await callApi(core, 'dropTables')).toMatchObject({ status: 400, message: 'unknown operation "dropTables"' })
    // Each refusal names the argument and says what is wrong with it.
    const refusals: [string, unknown[], string][] = [
      ['getSession', [], 'getSession: takes 1 argument (id), not 0'],
      ['getSession', ['receiver-test-1', 'extra'], 'getSession: takes 1 argument (id), not 2'],
      ['getSession', [7], 'getSession: id is invalid: expected string, received number'],
      ['listSessions', [1], 'listSessions: takes no arguments, not 1'],
      ['updateSettings', [{ other: 1 }], 'updateSettings: patch has an unknown key: "other"'],
      ['updateSettings', [{ retentionDays: 0 }], 'updateSettings: patch.retentionDays is below 1'],
      ['getEventChunks', ['receiver-test-1', 0, 501], 'getEventChunks: count is above 500']
    ]
    for (const [operation, args, message] of refusals) {
      expect(await callApi(core, operation, ...args), message).toMatchObject({
        status: 400,
        code: 'bad-argument',
        message
      })
    }
  })

  it('serves the workspace with a CSP that blocks remote assets and scripts', async () => {
    const page = await rawRequest(core.port, { path: '/' })
    expect(page.status).toBe(200)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("img-src 'self' data: blob:")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(page.body).toContain(`content="default-src 'self'`) // the built-in <meta> policy (file:// in Electron)
  })

  it("relaxes the policy only for a document opened to load one session's remote assets", async () => {
    const relaxed = await rawRequest(core.port, { path: '/?remote-assets=receiver-test-1' })
    const csp = String(relaxed.headers['content-security-policy'])
    expect(csp).toContain("img-src 'self' data: blob: http: https:")
    expect(csp).toContain("script-src 'self';") // never scripts
    expect(csp).toContain("connect-src 'self'")
    expect(relaxed.body).toContain("img-src 'self' data: blob: http: https:") // the <meta> says the same
    for (const path of ['/?remote-assets=', '/?remote-assets=%3Cscript%3E', '/?other=1']) {
      const strict = await rawRequest(core.port, { path })
      expect(String(strict.headers['content-security-policy']), path).not.toContain('https:')
    }
  })
})
