// The workspace's search store against the real core over HTTP (the renderer's own bridge, cookie and all).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useSearchStore } from '../../../src/renderer/src/stores/search-store'
import { click, documentWith, el, meta, sessionBatches, snapshot, text } from '../../helpers/rrweb-events'
import { gzipBatch } from '../../helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../../helpers/test-core'
import { connectWorkspaceBridge } from '../../helpers/workspace-bridge'

let core: TestCore
const T = Date.now() - 60_000

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  await connectWorkspaceBridge(core)
  const page = documentWith(el(10, 'button', { class: 'buy' }, [text(11, 'Buy now')]))
  const events = [meta(T, 'http://shop.test/'), snapshot(T + 1, page), click(T + 1500, 10), click(T + 4000, 10)]
  const [batch] = sessionBatches('search-store-0001', [{ events }])
  expect((await postBatch(core, gzipBatch(batch))).status).toBe(200)
})
afterAll(() => core.dispose())
beforeEach(() => useSearchStore.getState().clear())

const search = async (query: string) => {
  useSearchStore.getState().setDraft(query)
  await useSearchStore.getState().run()
  return useSearchStore.getState()
}

describe('the search store', () => {
  it('runs the typed query and keeps its results with each hit (time, kind, selector, text)', async () => {
    const state = await search('  clicked:.buy  ')
    expect(state).toMatchObject({ query: 'clicked:.buy', running: false, error: null, stale: false })
    expect(state.results).toEqual([
      {
        sessionId: 'search-store-0001',
        hits: [
          { timestamp: T + 1500, kind: 'click', selector: expect.stringContaining('button.buy'), text: 'Buy now' },
          { timestamp: T + 4000, kind: 'click', selector: expect.stringContaining('button.buy'), text: 'Buy now' }
        ]
      }
    ])
  })

  it('keeps the previous results under an invalid query, marked stale, until a valid one runs', async () => {
    const before = (await search('clicked:.buy')).results
    const failed = await search('clicked:')
    expect(failed.error).toMatch(/invalid query at column/)
    expect(failed).toMatchObject({ query: 'clicked:.buy', stale: true, running: false })
    expect(failed.results).toBe(before)
    const again = await search('text:"Buy now"')
    expect(again).toMatchObject({ query: 'text:"Buy now"', stale: false, error: null })
    expect(again.results.map((result) => result.sessionId)).toEqual(['search-store-0001'])
  })

  it('an invalid first query is an error with nothing to mark stale', async () => {
    const state = await search('(rage')
    expect(state).toMatchObject({ query: null, results: [], stale: false })
    expect(state.error).toMatch(/invalid query/)
  })

  it('finds nothing for a query nothing matches, and an empty draft clears everything', async () => {
    expect((await search('clicked:.no-such-button')).results).toEqual([])
    const cleared = await search('   ')
    expect(cleared).toMatchObject({ draft: '', query: null, results: [], error: null, stale: false })
  })
})
