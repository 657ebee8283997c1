// Browser mode's access rule against the real server on loopback: the launch token is exchanged for a
// port-named HttpOnly SameSite=Strict cookie; with the cookie, a request must also be application/json and
// come from the workspace's own origin, because same-host pages on other ports send the cookie too.
import { get } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionCookieName } from '../../src/main/core/receiver/workspace-auth'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { launchToken, postBatch, rawRequest, startTestCore, type TestCore } from '../helpers/test-core'

let core: TestCore
let token: string
let cookie: string
let origin: string

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  token = launchToken(core)
  cookie = `${sessionCookieName(core.port)}=${token}`
  origin = `http://127.0.0.1:${core.port}`
})
afterAll(() => core.dispose())

const post = (path: string, headers: Record<string, string>, body = '[]') =>
  rawRequest(core.port, { method: 'POST', path, headers: { Host: `127.0.0.1:${core.port}`, ...headers }, body })
const listSessions = (headers: Record<string, string>) => post('/api/listSessions', headers)
const JSON_TYPE = { 'Content-Type': 'application/json' }

/** Opens the change stream and resolves with its status (the stream itself is closed at once). */
function streamStatus(headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(
      {
        host: '127.0.0.1',
        port: core.port,
        path: '/api/changes',
        headers: { Host: `127.0.0.1:${core.port}`, ...headers }
      },
      (response) => {
        resolve(response.statusCode ?? 0)
        request.destroy()
      }
    )
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)))
  })
}

describe('the launch token for a cookie', () => {
  it('sets an HttpOnly, SameSite=Strict, Path=/ cookie named after the port for the right token only', async () => {
    const exchanged = await post('/api/session', { ...JSON_TYPE, Authorization: `Bearer ${token}` }, '{}')
    expect(exchanged.status).toBe(204)
    expect(exchanged.headers['set-cookie']).toEqual([
      `ri_token_${core.port}=${token}; HttpOnly; SameSite=Strict; Path=/`
    ])
    const wrong = await post('/api/session', { ...JSON_TYPE, Authorization: 'Bearer not-the-token' }, '{}')
    expect(wrong.status).toBe(401)
    expect(wrong.headers['set-cookie']).toBeUndefined()
    expect((await post('/api/session', JSON_TYPE, '{}')).status).toBe(401)
    // With the cookie alone it confirms the session (a new tab asks this before it draws anything).
    expect((await post('/api/session', { ...JSON_TYPE, Cookie: cookie }, '{}')).status).toBe(204)
    expect((await rawRequest(core.port, { path: '/api/session' })).status).toBe(405)
  })

  it('refuses the exchange to another origin, even with the right token', async () => {
    const response = await post(
      '/api/session',
      { ...JSON_TYPE, Authorization: `Bearer ${token}`, Origin: 'http://127.0.0.1:3000' },
      '{}'
    )
    expect(response.status).toBe(403)
    expect(response.headers['set-cookie']).toBeUndefined()
  })
})

describe('API calls with the cookie', () => {
  it('are served from the workspace itself: JSON, own Origin or none, same-origin fetch metadata', async () => {
    expect((await listSessions({ ...JSON_TYPE, Cookie: cookie })).status).toBe(200)
    expect((await listSessions({ ...JSON_TYPE, Cookie: cookie, Origin: origin })).status).toBe(200)
    expect(
      (await listSessions({ ...JSON_TYPE, Cookie: `other=1; ${cookie}`, 'Sec-Fetch-Site': 'same-origin' })).status
    ).toBe(200)
  })

  it('are refused from another port of the same host, as a form, or marked same-site by the browser', async () => {
    const refusals = [
      [{ ...JSON_TYPE, Cookie: cookie, Origin: 'http://127.0.0.1:3000' }, 403],
      [{ ...JSON_TYPE, Cookie: cookie, Origin: 'http://localhost:3000' }, 403],
      [{ ...JSON_TYPE, Cookie: cookie, Origin: 'null' }, 403],
      [{ ...JSON_TYPE, Cookie: cookie, 'Sec-Fetch-Site': 'same-site' }, 403],
      [{ 'Content-Type': 'text/plain', Cookie: cookie }, 415],
      [{ 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, Origin: origin }, 415],
      [{ ...JSON_TYPE, Cookie: `ri_token_${core.port + 1}=${token}` }, 401],
      [{ ...JSON_TYPE, Cookie: `${sessionCookieName(core.port)}=wrong` }, 401]
    ] as const
    for (const [headers, status] of refusals) {
      const response = await listSessions(headers)
      expect(response.status, JSON.stringify(headers)).toBe(status)
      expect(response.headers['access-control-allow-origin']).toBeUndefined()
    }
    // Nothing ran: a refused delete leaves the session alone (checked on a real one).
    const [batch] = syntheticBatches({ seed: 3, sessionId: 'auth-victim-0001', events: 10 })
    expect((await postBatch(core, gzipBatch(batch!))).status).toBe(200)
    const id = batch!.sessionId
    const deleteRefused = await post(
      '/api/deleteSession',
      { 'Content-Type': 'text/plain', Cookie: cookie, Origin: 'http://127.0.0.1:3000' },
      JSON.stringify([id])
    )
    expect(deleteRefused.status).toBe(415)
    expect(core.store.getSession(id)).not.toBeNull()
  })

  it('keeps the Bearer header working as before (CLI scripts, tests), whatever the Origin', async () => {
    expect(
      (await listSessions({ ...JSON_TYPE, Authorization: `Bearer ${token}`, Origin: 'http://evil.example' })).status
    ).toBe(200)
    expect((await listSessions({ ...JSON_TYPE, Authorization: 'Bearer nope', Cookie: cookie })).status).toBe(401)
  })
})

describe('the change stream with the cookie', () => {
  it('streams for the workspace and refuses other origins', async () => {
    expect(await streamStatus({ Cookie: cookie })).toBe(200)
    expect(await streamStatus({ Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' })).toBe(200)
    expect(await streamStatus({ Cookie: cookie, Origin: 'http://127.0.0.1:3000' })).toBe(403)
    expect(await streamStatus({ Cookie: cookie, 'Sec-Fetch-Site': 'same-site' })).toBe(403)
    expect(await streamStatus({})).toBe(401)
  })
})
