// The workspace's own HTTP bridge (src/renderer/src/api) connected from Node to a real browser-mode core, the
// way a browser tab is: the launch token is traded for the cookie, which a one-cookie jar then sends. The
// renderer's stores run on it unchanged (Node 20 has fetch and streams; no DOM is needed).
import type { PreloadBridge } from '../../src/shared/api'
import { installBridge } from '../../src/renderer/src/api/bridge'
import { createHttpBridge, startSession } from '../../src/renderer/src/api/http-client'
import { launchToken, type TestCore } from './test-core'

export async function connectWorkspaceBridge(core: TestCore): Promise<PreloadBridge> {
  let cookie: string | null = null
  const withCookie: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers)
    if (cookie) headers.set('Cookie', cookie)
    const response = await fetch(input, { ...init, headers })
    const set = response.headers.getSetCookie()[0]
    if (set) cookie = set.split(';')[0]!
    return response
  }
  const options = { baseUrl: core.receiverUrl, fetch: withCookie }
  await startSession(launchToken(core), options)
  if (!cookie) throw new Error('the launch token was not exchanged for a cookie')
  const bridge = createHttpBridge(options)
  installBridge(bridge)
  return bridge
}
