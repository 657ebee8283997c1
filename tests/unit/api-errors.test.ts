// One error shape across the fronts: the services' errors reach the workspace's two bridges (IPC through
// the real handler and Electron's message wrapping; HTTP through the real bridge against a real server)
// as the same Error classes with the same codes. And the operation list cannot drift from WorkspaceApi.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleIpcCall } from '../../src/main/electron/ipc-guard'
import { createHttpBridge } from '../../src/renderer/src/api/http-client'
import { connectWorkspaceBridge } from '../helpers/workspace-bridge'
import {
  API_OPERATIONS,
  API_OPERATIONS_ARE_COMPLETE,
  type UnlistedOperations,
  type WorkspaceApi
} from '../../src/shared/api'
import {
  ApiError,
  BadArgumentError,
  decodeIpcError,
  InternalError,
  NotFoundError,
  type ApiErrorCode
} from '../../src/shared/api-errors'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../helpers/test-core'

let core: TestCore
const WORKSPACE = 'file:///app/out/renderer/index.html'
const top = { url: WORKSPACE, parent: null }

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  for (const batch of syntheticBatches({ seed: 3, sessionId: 'errors-session-1', events: 40 })) {
    expect((await postBatch(core, gzipBatch(batch))).status).toBe(200)
  }
})
afterAll(() => core.dispose())

/**
 * What the renderer's ipcRenderer.invoke rejects with when the main process handler threw `error`: Electron
 * keeps only `${error}` ("Error: <message>") behind its own prefix.
 */
const overIpc = (error: unknown, channel: string) =>
  new Error(`Error invoking remote method '${channel}': ${String(error)}`)

/** An IPC call as the preload makes it: through the real handler, rebuilt by the preload's decode. */
async function ipcCall(operation: string, args: unknown[], api: WorkspaceApi = core.api): Promise<unknown> {
  try {
    return await handleIpcCall(api, WORKSPACE, top, operation, args)
  } catch (error) {
    throw decodeIpcError(overIpc(error, `api:${operation}`))
  }
}

const rejection = async (call: Promise<unknown>): Promise<ApiError> => {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

describe('errors over IPC', () => {
  it('rebuilds not-found and bad-argument into their classes, with code and message', async () => {
    const missing = await rejection(ipcCall('getSession', ['no-such-session']))
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(missing).toMatchObject({ code: 'not-found', message: 'getSession: no session no-such-session' })
    const bad = await rejection(ipcCall('pinSession', ['errors-session-1', 'x'.repeat(201), '']))
    expect(bad).toBeInstanceOf(BadArgumentError)
    expect(bad).toMatchObject({ code: 'bad-argument', message: 'pinSession: name has more than 200 characters' })
    const query = await rejection(ipcCall('searchSessions', ['clicked:.pay foo:bar']))
    expect(query).toBeInstanceOf(BadArgumentError)
    expect(query.message).toMatch(/^invalid query at column 14: unknown filter "foo:"/)
    expect(await ipcCall('getSession', ['errors-session-1'])).toMatchObject({ id: 'errors-session-1' })
  })

  it('refuses an untrusted sender as forbidden, and an unexpected failure as internal', async () => {
    const untrusted = await handleIpcCall(
      core.api,
      WORKSPACE,
      { url: 'https://evil.example/', parent: null },
      'listSessions',
      []
    ).then(
      () => null,
      (error: unknown) => decodeIpcError(overIpc(error, 'api:listSessions'))
    )
    expect(untrusted).toMatchObject({ code: 'forbidden', message: 'refused listSessions: untrusted sender' })
    const broken = { ...core.api, listSessions: async () => Promise.reject(new Error('disk on fire')) }
    const internal = await rejection(ipcCall('listSessions', [], broken))
    expect(internal).toBeInstanceOf(InternalError)
    expect(internal.message).toBe('internal error: disk on fire')
  })

  it('an error without the encoding (Electron itself failed) is still an Error with a code', () => {
    const error = decodeIpcError(
      new Error("Error invoking remote method 'api:listSessions': Error: No handler registered")
    )
    expect(error).toMatchObject({ code: 'internal', message: 'No handler registered' })
  })
})

describe('errors over HTTP, through the workspace bridge', () => {
  it('rebuilds each code the services produce into the same classes as IPC does', async () => {
    const { api } = await connectWorkspaceBridge(core)
    const cases: [Promise<unknown>, ApiErrorCode, string][] = [
      [api.getSession('no-such-session'), 'not-found', 'getSession: no session no-such-session'],
      [api.getSessionOutline('no-such-session'), 'not-found', 'getSessionOutline: no session no-such-session'],
      [api.deleteSession('no-such-session'), 'not-found', 'deleteSession: no session no-such-session'],
      [
        api.getEventChunk('errors-session-1', 99),
        'bad-argument',
        'getEventChunk: session errors-session-1 has 1 chunks, no chunk 99'
      ],
      [api.getSession('not an id!'), 'bad-argument', 'getSession: id is not a session id']
    ]
    for (const [call, code, message] of cases) {
      const error = await rejection(call)
      expect(error, message).toMatchObject({ code, message })
      expect(error).toBeInstanceOf(code === 'not-found' ? NotFoundError : BadArgumentError)
    }
    expect(await api.getSession('errors-session-1')).toMatchObject({ id: 'errors-session-1' })
  })

  it('a wrong token is unauthorized', async () => {
    // A Bearer token that is not the launch token (and no cookie).
    const wrongToken: typeof fetch = (input, init = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: 'Bearer nope' } })
    const { api } = createHttpBridge({ baseUrl: core.receiverUrl, fetch: wrongToken })
    expect(await rejection(api.listSessions())).toMatchObject({ code: 'unauthorized' })
  })
})

describe('the operation list', () => {
  it('names every operation of WorkspaceApi, and the services implement exactly those', () => {
    expect(API_OPERATIONS_ARE_COMPLETE).toBe(true)
    expect(Object.keys(core.api).sort()).toEqual([...API_OPERATIONS].sort())
    expect(API_OPERATIONS).not.toContain('getEvents')
  })

  it('fails to compile when an operation is left out', () => {
    type WithoutPin = Exclude<(typeof API_OPERATIONS)[number], 'pinSession'>
    // @ts-expect-error the list lacks pinSession: UnlistedOperations is 'pinSession', not never
    const incomplete: [UnlistedOperations<readonly WithoutPin[]>] extends [never] ? true : false = true
    const complete: [UnlistedOperations<typeof API_OPERATIONS>] extends [never] ? true : false = true
    expect([incomplete, complete]).toEqual([true, true])
  })
})
