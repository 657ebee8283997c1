// The renderer's HTTP bridge against the real browser-mode server: no cookie or a stale token is an
// UnauthorizedError (the workspace then shows only its access message), with the cookie every call works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpBridge, startSession, UnauthorizedError } from '../../../src/renderer/src/api/http-client'
import { startTestCore, type TestCore } from '../../helpers/test-core'
import { connectWorkspaceBridge } from '../../helpers/workspace-bridge'

let core: TestCore
beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
})
afterAll(() => core.dispose())

describe('the HTTP bridge', () => {
  it('refuses a wrong launch token and a browser without the cookie', async () => {
    await expect(startSession('an-old-token', { baseUrl: core.receiverUrl })).rejects.toBeInstanceOf(UnauthorizedError)
    await expect(startSession(null, { baseUrl: core.receiverUrl })).rejects.toBeInstanceOf(UnauthorizedError)
    const lost: string[] = []
    const bridge = createHttpBridge({ baseUrl: core.receiverUrl, onUnauthorized: (message) => lost.push(message) })
    await expect(bridge.api.listSessions()).rejects.toBeInstanceOf(UnauthorizedError)
    expect(lost).toEqual([expect.stringMatching(/missing or wrong token/)])
  })

  it('calls every operation with the cookie, and reports argument errors as plain errors', async () => {
    const bridge = await connectWorkspaceBridge(core)
    expect(await bridge.api.listSessions()).toEqual([])
    expect((await bridge.api.getAppInfo()).receiverUrl).toBe(core.receiverUrl)
    const failure = await bridge.api.getSession('no such id!').catch((error: Error) => error)
    expect(failure).toBeInstanceOf(Error)
    expect(failure).not.toBeInstanceOf(UnauthorizedError)
    expect((failure as Error).message).toMatch(/getSession/)
  })
})
