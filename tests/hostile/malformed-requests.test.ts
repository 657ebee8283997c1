// Hostile-input suite, part 1: malformed requests (issue 12). Methods, paths, Host values, headers, content
// types, bodies (not gzip, bombs, truncated, not JSON), wrong shapes and wrong types at every field of a
// batch. Every answer is 4xx or the 2xx the route documents, never 5xx and never a hang; the receiver
// answers a health request within 1 s after each; good batches sent in between are all stored; the
// database passes integrity_check.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES, MAX_DECOMPRESSED_BYTES } from '../../src/shared/limits'
import { rawExchange, startHostileHarness, type HostileHarness } from '../helpers/hostile-harness'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { ingestPath, rawRequest } from '../helpers/test-core'

let harness: HostileHarness
let sent = 0
/** Batches with an odd but valid value somewhere, acknowledged with 200. */
const accepted: { sessionId: string; seq: number }[] = []
beforeAll(async () => {
  harness = await startHostileHarness()
})
afterAll(async () => {
  await harness.dispose()
})

const core = () => harness.core
const ingest = () => ingestPath(core().ingestKey())
/** One valid batch per request (each its own session and seq, so what is accepted can be found). */
let nextSeq = 0
const validBatch = () => {
  const [batch] = syntheticBatches({ seed: 5, sessionId: 'hostile-shapes-session', events: 3 })
  return { ...batch!, seq: nextSeq++ }
}

interface Case {
  what: string
  send: () => Promise<{ status: number } | number>
  /** Statuses this case may answer; default: any 4xx. */
  allowed?: (status: number) => boolean
}

const is4xx = (status: number) => status >= 400 && status < 500

/** Runs the cases, a good batch after every 20th, and counts them. */
async function run(cases: Case[]): Promise<void> {
  for (const [i, { what, send, allowed = is4xx }] of cases.entries()) {
    if (process.env.HOSTILE_TRACE) console.log('case', what)
    const status = await harness.expectAnswer(what, send as () => Promise<never>)
    expect(allowed(status), `${what}: answered ${status}`).toBe(true)
    sent++
    if (i % 20 === 19) await harness.sendGoodBatch()
  }
  await harness.sendGoodBatch()
}

const post = (path: string, body: Uint8Array | string, headers: Record<string, string> = {}) =>
  rawRequest(core().port, { method: 'POST', path, headers: { 'Content-Type': 'text/plain', ...headers }, body })

describe('malformed requests', () => {
  it('methods × paths', async () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL']
    const paths = [
      '/ingest',
      '/recorder.js',
      '/api/listSessions',
      '/api/changes',
      '/api/',
      '/api/%',
      '/api/../ingest',
      '/',
      '/%',
      '/%zz',
      '/%E0%A4%A',
      '/..%2f..%2fetc%2fpasswd',
      '/nothing-here',
      '//',
      '/ingest/',
      '/INGEST',
      '/ingest?key=',
      '/ingest?key=%',
      '/index.html?remote-assets=%3Cscript%3E',
      '/assets/../../../package.json'
    ]
    // What the routes document as 2xx: the renderer and recorder.js by GET/HEAD, the ingest preflight.
    const documented = (method: string, path: string) =>
      (['GET', 'HEAD'].includes(method) &&
        ['/', '/recorder.js', '/index.html?remote-assets=%3Cscript%3E'].includes(path)) ||
      (method === 'OPTIONS' && path.startsWith('/ingest') && !path.startsWith('/ingest/'))
    const cases: Case[] = []
    for (const method of methods) {
      for (const path of paths) {
        cases.push({
          what: `${method} ${path}`,
          send: () =>
            rawRequest(core().port, {
              method,
              path,
              headers: {},
              body: method === 'GET' || method === 'HEAD' ? undefined : 'x'
            }),
          allowed: (status) => (documented(method, path) ? status >= 200 && status < 300 : is4xx(status))
        })
      }
    }
    await run(cases)
  })

  it('Host values', async () => {
    const hosts = [
      'evil.example',
      'evil.example:4477',
      '[::1].evil.example',
      '[::1]evil',
      '127.0.0.1:evil',
      '127.0.0.1.nip.io',
      'localhost.evil.example',
      '0x7f000001',
      '2130706433',
      '127.1',
      '[::ffff:127.0.0.1]',
      '10.0.0.1',
      'localhost:1:2',
      'a'.repeat(4000),
      'ex ample',
      'xn--80ak6aa92e.com',
      '[]',
      ':4477',
      '@localhost'
    ]
    const cases: Case[] = []
    for (const host of hosts) {
      for (const path of ['/ingest', '/api/listSessions', '/', '/recorder.js']) {
        cases.push({
          what: `Host ${host.slice(0, 40)} ${path}`,
          send: () => rawRequest(core().port, { method: 'GET', path, headers: { Host: host } }),
          allowed: (status) => status === 403 || status === 400
        })
      }
    }
    await run(cases)
  })

  it('content types and headers on ingest', async () => {
    const types = [
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/html',
      'text/xml',
      'image/png',
      '',
      ';',
      'text/plain/extra',
      'application/gzip+json'
    ]
    const accepted = new Set(['text/plain', 'application/octet-stream', 'application/gzip'])
    const cases: Case[] = types.map((type) => ({
      what: `Content-Type "${type}"`,
      send: () => post(ingest(), gzipBatch(validBatch()), { 'Content-Type': type }),
      allowed: (status) => status === 415
    }))
    for (const type of ['text/plain; charset=UTF-8', 'TEXT/PLAIN', 'application/octet-stream', 'application/gzip']) {
      cases.push({
        what: `accepted Content-Type "${type}"`,
        send: () => post(ingest(), gzipBatch(validBatch()), { 'Content-Type': type }),
        allowed: (status) => status === 200 && accepted.has(type.split(';')[0]!.toLowerCase())
      })
    }
    const headerCases: [string, Record<string, string>][] = [
      ['Origin: null', { Origin: 'null' }],
      ['a long Origin', { Origin: `https://${'o'.repeat(5000)}.example` }],
      ['X-Forwarded-For garbage', { 'X-Forwarded-For': '<script>, , ,' }],
      ['a huge User-Agent', { 'User-Agent': 'u'.repeat(8000) }],
      ['Content-Encoding: gzip', { 'Content-Encoding': 'gzip' }],
      ['Expect: 100-continue', { Expect: '100-continue' }],
      ['Authorization on ingest', { Authorization: 'Bearer nope' }]
    ]
    for (const [what, headers] of headerCases) {
      cases.push({
        what,
        send: () => post(ingest(), gzipBatch(validBatch()), headers),
        allowed: (status) => status === 200
      })
    }
    await run(cases)
  })

  it('bodies that are not a gzip batch', async () => {
    const good = gzipBatch(validBatch())
    const json = JSON.stringify(validBatch())
    const bodies: [string, Buffer | string][] = [
      ['an empty body', ''],
      ['one byte', 'x'],
      ['plain JSON', json],
      ['deflate', deflateSync(json)],
      ['brotli', brotliCompressSync(json)],
      ['only the gzip magic', Buffer.from([0x1f, 0x8b])],
      ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
      ['gzip of nothing', gzipSync('')],
      ['gzip of whitespace', gzipSync('   ')],
      ['gzip of a number', gzipSync('42')],
      ['gzip of null', gzipSync('null')],
      ['gzip of a string', gzipSync('"batch"')],
      ['gzip of an array', gzipSync('[1,2,3]')],
      ['gzip of NaN', gzipSync('NaN')],
      ['gzip of Infinity', gzipSync('{"v":Infinity}')],
      ['gzip of a trailing comma', gzipSync('{"v":1,}')],
      ['gzip of single quotes', gzipSync("{'v':1}")],
      ['gzip of a BOM and JSON', gzipSync(`\ufeff${json}`)],
      ['gzip of invalid UTF-8', gzipSync(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))],
      ['gzip of JSON with a NUL', gzipSync(`${json.slice(0, 20)}\u0000${json.slice(20)}`)],
      ['gzip of a huge number', gzipSync('1e999999')],
      ['gzip of two documents', gzipSync(`${json}${json}`)],
      ['gzip with garbage after it', Buffer.concat([good, Buffer.from('trailing garbage')])],
      ['two gzip members', Buffer.concat([good, good])],
      ['a bomb of spaces', gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1024, 0x20), { level: 9 })],
      ['a bomb of brackets', gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1024, 0x5b), { level: 9 })],
      ['a nested bomb (gzip of gzip)', gzipSync(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }))],
      ['a body over 1 MiB', Buffer.alloc(MAX_BODY_BYTES + 1, 0x1f)]
    ]
    for (let cut = 1; cut < good.length; cut += Math.ceil(good.length / 24)) {
      bodies.push([`gzip cut at ${cut} bytes`, good.subarray(0, cut)])
    }
    for (let at = 10; at < good.length - 8; at += Math.ceil(good.length / 12)) {
      const flipped = Buffer.from(good)
      flipped[at] = flipped[at]! ^ 0xff
      bodies.push([`gzip with byte ${at} flipped`, flipped])
    }
    const cases: Case[] = bodies.map(([what, body]) => ({
      what,
      send: () => post(ingest(), body),
      // Two concatenated gzip members of one batch inflate to two JSON documents: refused as malformed.
      allowed: (status) => is4xx(status)
    }))
    cases.push({
      what: 'a chunked body over 1 MiB',
      send: () => post(ingest(), Buffer.alloc(MAX_BODY_BYTES + 10, 1), { 'Transfer-Encoding': 'chunked' })
    })
    await run(cases)
  })

  it('wrong types at every field of the batch', async () => {
    const values: [string, unknown][] = [
      ['null', null],
      ['true', true],
      ['a string', 'str'],
      ['"NaN"', 'NaN'],
      ['"Infinity"', 'Infinity'],
      ['"1e20"', '1e20'],
      ['1e308', 1e308],
      ['-1', -1],
      ['1.5', 1.5],
      ['an array', [1]],
      ['an object', { a: 1 }],
      ['a long string', 'x'.repeat(100_000)],
      ['-0', -0]
    ]
    const set = (target: Record<string, unknown>, path: string[], value: unknown): void => {
      let node = target
      for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>
      node[path.at(-1)!] = value
    }
    const fields = [
      ['v'],
      ['sessionId'],
      ['seq'],
      ['segment'],
      ['sentAt'],
      ['meta'],
      ['events'],
      ['meta', 'userAgent'],
      ['meta', 'language'],
      ['meta', 'timezone'],
      ['meta', 'screen'],
      ['meta', 'screen', 'width'],
      ['meta', 'viewport', 'height'],
      ['meta', 'url'],
      ['meta', 'referrer'],
      ['meta', 'config'],
      ['meta', 'config', 'maskLevel'],
      ['meta', 'config', 'blockSelector'],
      ['meta', 'config', 'sampleRate'],
      ['meta', 'config', 'maxDurationMs'],
      ['meta', 'config', 'version'],
      ['events', '0'],
      ['events', '0', 'type'],
      ['events', '0', 'timestamp'],
      ['events', '0', 'data'],
      ['events', '1', 'data', 'node'],
      ['events', '1', 'data', 'node', 'type'],
      ['events', '2', 'data', 'source']
    ]
    const cases: Case[] = []
    for (const path of fields) {
      for (const [label, value] of values) {
        cases.push({
          what: `${path.join('.')} = ${label}`,
          send: async () => {
            const batch = validBatch() as unknown as Record<string, unknown>
            set(batch, path, value)
            const response = await post(ingest(), gzipBatch(batch))
            // Some values are right for some fields (1.5 is a sample rate, an object is event data):
            // then the batch is stored, and it must really be there (checked at the end).
            if (response.status === 200)
              accepted.push({ sessionId: batch.sessionId as string, seq: batch.seq as number })
            return response
          },
          allowed: (status) => status === 422 || status === 200
        })
      }
    }
    await run(cases)
  })

  it('raw HTTP that is not HTTP', async () => {
    const port = core().port
    const requests = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: localhost\r\n\r\n',
      'GET /\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: local\u0000host\r\n\r\n',
      `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      'POST /ingest HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'POST /ingest HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'POST /ingest HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n',
      'POST /ingest HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      'POST http://evil.example/ingest HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\n\r\n',
      'OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
      'GET /%00 HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'G\u00c9T / HTTP/1.1\r\nHost: localhost\r\n\r\n',
      '\r\n\r\n\r\n',
      'GET / HTTP/1.1\nHost: localhost\n\n',
      `GET /${'p'.repeat(70_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      'POST /ingest HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n'
    ]
    await run(
      requests.map((request) => ({
        what: `raw ${JSON.stringify(request.slice(0, 60))}`,
        send: () => rawExchange(port, request),
        // Blank lines before a request line are skipped (RFC 9112 §2.2): with nothing after them there was
        // no request, and the connection just closes.
        allowed: (status) => is4xx(status) || (status === 0 && request.trim() === '')
      }))
    )
  })

  it('API calls without the token or with bad arguments', async () => {
    const call = (operation: string, body: string, headers: Record<string, string>) =>
      rawRequest(core().port, {
        method: 'POST',
        path: `/api/${operation}`,
        headers: { 'Content-Type': 'application/json', ...headers },
        body
      })
    const auth = { Authorization: `Bearer ${harness.token}` }
    const cases: Case[] = []
    for (const header of [
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${harness.token}x`,
      `bearer ${harness.token}`,
      `Basic ${harness.token}`
    ]) {
      cases.push({
        what: `Authorization "${header.slice(0, 20)}"`,
        send: () => call('listSessions', '[]', { Authorization: header }),
        allowed: (s) => s === 401
      })
    }
    const bodies = [
      'not json',
      '{}',
      'null',
      '[1,2,3]',
      '["x"]',
      `[${'['.repeat(5000)}${']'.repeat(5000)}]`,
      '["a".repeat]',
      '[{"__proto__":{"x":1}}]'
    ]
    for (const operation of [
      'getSession',
      'getEvents',
      'getEventChunks',
      'pinSession',
      'deleteSession',
      'updateSettings',
      'searchSessions',
      'pruneSessions',
      'nope',
      'constructor',
      '__proto__',
      'toString'
    ]) {
      for (const body of bodies) {
        cases.push({
          what: `${operation} ${body.slice(0, 24)}`,
          send: () => call(operation, body, auth),
          allowed: (s) => s === 400 || (s === 200 && operation === 'searchSessions')
        })
      }
    }
    await run(cases)
  })

  it(`sent at least 500 malformed requests, stored every good batch between them, and left the file sound`, () => {
    expect(sent).toBeGreaterThanOrEqual(500)
    harness.expectGoodBatchesStoredAndIntact()
    expect(accepted.length).toBeGreaterThan(0)
    expect(accepted.filter(({ sessionId, seq }) => !core().store.hasBatch(sessionId, seq))).toEqual([])
    console.log(`hostile suite: ${sent} malformed requests`)
  })
})
