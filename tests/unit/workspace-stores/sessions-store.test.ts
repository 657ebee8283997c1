// The workspace's live session list against the real core over HTTP: loaded once, then patched from the
// change stream (SSE) as batches arrive, pins change and sessions are deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useSessionsStore } from '../../../src/renderer/src/stores/sessions-store'
import type { BridgeNotice } from '../../../src/shared/api'
import { custom, documentWith, el, meta, sessionBatches, snapshot } from '../../helpers/rrweb-events'
import { gzipBatch, syntheticBatches } from '../../helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../../helpers/test-core'
import { connectWorkspaceBridge } from '../../helpers/workspace-bridge'

let core: TestCore
let stop: () => void = () => {}
const notices: BridgeNotice[] = []

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  for (const batch of syntheticBatches({
    seed: 1,
    sessionId: 'sessions-store-old1',
    events: 20,
    startAt: 1_700_000_000_000
  })) {
    expect((await postBatch(core, gzipBatch(batch))).status).toBe(200)
  }
  await connectWorkspaceBridge(core)
})
afterAll(async () => {
  stop()
  await core.dispose()
})

const poll = <T>(check: () => T) => expect.poll(check, { timeout: 10_000 })
const state = () => useSessionsStore.getState()
const session = (id: string) => state().sessions.find((summary) => summary.id === id)

describe('the sessions store', () => {
  it('loads the app info and the list on start', async () => {
    stop = state().start()
    state().onChange((notice) => notices.push(notice))
    await poll(() => state().loading).toBe(false)
    await poll(() => state().appInfo?.receiverUrl).toBe(core.receiverUrl)
    expect(state().appInfo!.snippet).toContain(`${core.receiverUrl}/recorder.js`)
    expect(state().sessions.map((summary) => summary.id)).toEqual(['sessions-store-old1'])
    expect(state().error).toBeNull()
  })

  it('adds a new session and grows an existing one as their batches arrive', async () => {
    const T = Date.now() - 10_000
    const events = [
      meta(T, 'http://shop.test/'),
      snapshot(T + 1, documentWith(el(10, 'p'))),
      custom(T + 500, 'error', { message: 'boom' })
    ]
    const [first] = sessionBatches('sessions-store-new1', [{ events }])
    expect((await postBatch(core, gzipBatch(first))).status).toBe(200)
    await poll(() => session('sessions-store-new1')?.eventCount).toBe(3)
    expect(state().sessions[0]!.id).toBe('sessions-store-new1') // newest first
    const more = { ...first!, seq: 1, events: [custom(T + 900, 'error', { message: 'again' })] }
    expect((await postBatch(core, gzipBatch(more))).status).toBe(200)
    await poll(() => session('sessions-store-new1')?.eventCount).toBe(4)
    expect(notices.some((notice) => notice.kind === 'session-updated')).toBe(true)
    // The error count comes from the index, built as ingest goes quiet: a later patch carries it.
    await core.api.searchSessions('error')
    await state().refreshSessions(['sessions-store-new1'])
    expect(session('sessions-store-new1')).toMatchObject({ errorCount: 2, rageCount: 0 })
  })

  it('shows a pin made elsewhere and drops a deleted session', async () => {
    await core.api.pinSession('sessions-store-old1', 'Kept for the demo', '')
    await poll(() => session('sessions-store-old1')?.pinName).toBe('Kept for the demo')
    expect(session('sessions-store-old1')!.pinned).toBe(true)
    await core.api.deleteSession('sessions-store-new1')
    await poll(() => session('sessions-store-new1')).toBeUndefined()
    expect(state().sessions.map((summary) => summary.id)).toEqual(['sessions-store-old1'])
  })

  it('sorts: a new column starts biggest first for numbers (issues included), A→Z for text; again reverses', () => {
    state().sortBy('issues')
    expect(state().sort).toEqual({ key: 'issues', descending: true })
    state().sortBy('issues')
    expect(state().sort).toEqual({ key: 'issues', descending: false })
    state().sortBy('browser')
    expect(state().sort).toEqual({ key: 'browser', descending: false })
    state().setFilter({ text: 'demo' })
    state().setFilter({ pinnedOnly: true })
    expect(state().filter).toMatchObject({ text: 'demo', pinnedOnly: true })
    state().select('sessions-store-old1')
    expect(state().selectedId).toBe('sessions-store-old1')
  })

  it('reports a failed call as the list error, and the next successful load clears it', async () => {
    await state().refreshSessions(Array.from({ length: 1001 }, (_, i) => `sessions-store-${i}`)) // over the limit: a full reload
    expect(state().error).toBeNull()
    await state().refreshSessions(['not a session id!'])
    expect(state().error).toMatch(/getSessionSummaries/)
    await state().refresh()
    expect(state().error).toBeNull()
  })
})
