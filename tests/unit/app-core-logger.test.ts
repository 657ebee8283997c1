// app-core hands its one logger to every part: an internal error of the HTTP API is reported through it
// (not console.error), with a 500 and the typed body for the workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memoryLogger } from '../../src/main/core/log'
import { callApi, startTestCore, type TestCore } from '../helpers/test-core'

const logger = memoryLogger()
let core: TestCore
beforeAll(async () => {
  core = await startTestCore({ browserMode: true, logger })
})
afterAll(() => core.dispose())

describe('the core logger', () => {
  it('reports an internal error of an API call, which answers 500 {code: internal}', async () => {
    expect(core.logger).toBe(logger)
    // A connection closed under the API: the kind of failure no service expects.
    core.store.db.close()
    const response = await callApi(core, 'listSessions')
    expect(response).toMatchObject({ status: 500, code: 'internal' })
    expect(response.message).toMatch(/^internal error: /)
    expect(logger.lines.some((line) => line.startsWith('POST /api/listSessions failed: '))).toBe(true)
  })
})
