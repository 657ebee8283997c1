// Browser mode serves the built renderer as static files. No path, however encoded, reaches a file outside
// out/renderer, and a malformed percent-encoding is the client's mistake (400), not a server error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, startTestCore, type TestCore } from '../helpers/test-core'

let core: TestCore
beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
})
afterAll(() => core.dispose())

const get = (path: string) => rawRequest(core.port, { path })

describe('static paths', () => {
  it.each(['/%', '/%zz', '/%E0%A4%A', '/assets/%', '/%C0%AF', '/%ED%A0%80'])(
    'answers a malformed encoding (%s) with 400 JSON, no stack trace',
    async (path) => {
      const response = await get(path)
      expect(response.status).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/json/)
      expect(response.json()).toEqual({
        code: 'bad-argument',
        message: 'malformed percent-encoding in the path',
        error: 'malformed percent-encoding in the path'
      })
    }
  )

  it.each([
    '/../package.json',
    '/../../../../etc/passwd',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/..%5cpackage.json',
    '/%2fetc%2fpasswd',
    '//etc/passwd',
    '/index.html%00.png',
    '/renderer/../main/index.js'
  ])('never serves a file outside the renderer folder (%s)', async (path) => {
    const response = await get(path)
    expect([400, 404]).toContain(response.status)
    expect(response.body).not.toMatch(/replay-investigator|root:|electron/i)
    expect(response.json()).toHaveProperty('error')
  })

  it('still serves the renderer itself', async () => {
    expect((await get('/')).status).toBe(200)
    expect((await get('/index.html')).status).toBe(200)
  })
})
