// The replay session class without a browser (no player is mounted): progressive loading into the step
// model, the pending seek, Shift+←/→ over user actions, a live session growing, a deleted one. It talks to
// the real core's WorkspaceApi (a real SQLite file), the same operations the bridge carries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import {
  click,
  documentWith,
  el,
  input,
  meta,
  mouseMove,
  sessionBatches,
  snapshot,
  text
} from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { startTestCore, type TestCore } from '../helpers/test-core'
import { ReplaySession, type ReplaySnapshot } from '../../src/renderer/src/replay/replay-session'

const T = 1_700_000_000_000
const page = documentWith(el(10, 'button', { class: 'buy' }, [text(11, 'Buy')]), el(12, 'input', { name: 'q' }))

let core: TestCore
beforeAll(async () => (core = await startTestCore({ indexers: () => [] })))
afterAll(() => core.dispose())

function store(sessionId: string, batches: Parameters<typeof sessionBatches>[1]) {
  const ingestor = new Ingestor(core.store)
  for (const batch of sessionBatches(sessionId, batches)) {
    ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() })
  }
}

function open(sessionId: string) {
  const published: Partial<ReplaySnapshot>[] = []
  const session = new ReplaySession(
    sessionId,
    core.api,
    { container: null, size: { width: 800, height: 600 } },
    (patch) => published.push(patch),
    {
      loadRemoteAssets: false,
      speed: 1,
      skipInactive: true
    }
  )
  return { session, published }
}

const loaded = async (session: ReplaySession) => {
  for (let i = 0; i < 200 && !session.snapshot.fullyLoaded && session.snapshot.status !== 'missing'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return session.snapshot
}

describe('ReplaySession', () => {
  it('streams every chunk into the steps and publishes progress; a seek into what is not loaded waits', async () => {
    const batches = [{ events: [meta(T, 'http://shop.test/'), snapshot(T + 1, page)] }]
    for (let i = 0; i < 30; i++)
      batches.push({ events: [click(T + 1000 * (i + 1), 10), mouseMove(T + 1000 * (i + 1) + 500)] })
    batches.push({ events: [input(T + 40_000, 12, 'mugs')] })
    store('replay-session-01', batches)
    const { session, published } = open('replay-session-01')
    // The pending seek is known before anything streamed in: the address's ?t= is kept.
    await session.start(20_000)
    const state = await loaded(session)
    expect(state.fullyLoaded).toBe(true)
    expect(state.loadedEvents).toBe(2 + 30 * 2 + 1)
    expect(published.some((patch) => patch.pendingSeek === T + 20_000)).toBe(true)
    const steps = session.pipeline.steps.steps
    expect(steps.map((step) => step.kind)).toEqual(['page-load', ...Array(30).fill('click'), 'input'])
    expect(state.stepsVersion).toBeGreaterThan(0)
    // Without a mounted player the status stays 'loading' (the player is what makes a frame).
    expect(state.status).toBe('loading')
    session.close()
  })

  it('Shift+←/→ moves between user actions, never past them', async () => {
    store('replay-session-02', [
      { events: [meta(T, 'http://shop.test/'), snapshot(T + 1, page), click(T + 1000, 10), input(T + 2000, 12, 'x')] },
      { events: [mouseMove(T + 3000), click(T + 5000, 10)] }
    ])
    const { session } = open('replay-session-02')
    await session.start(null)
    await loaded(session)
    const at = () => session.snapshot.currentTs - T
    session.seek(T)
    session.jumpToAction(1)
    expect(at()).toBe(1000)
    session.jumpToAction(1)
    expect(at()).toBe(2000)
    session.jumpToAction(1)
    expect(at()).toBe(5000)
    session.jumpToAction(1)
    expect(at()).toBe(5000)
    session.jumpToAction(-1)
    expect(at()).toBe(2000)
    session.seek(T + 999_999) // clamped to the end
    expect(at()).toBe(5000)
    session.close()
  })

  it('a session still being recorded grows; a deleted one turns missing; an unknown one is missing', async () => {
    store('replay-session-03', [{ events: [meta(T, 'http://shop.test/'), snapshot(T + 1, page), click(T + 100, 10)] }])
    const { session } = open('replay-session-03')
    await session.start(null)
    await loaded(session)
    new Ingestor(core.store).ingest({
      body: gzipBatch({ ...sessionBatches('replay-session-03', [{ events: [click(T + 200, 10)] }])[0]!, seq: 1 }),
      ip: '127.0.0.1',
      receivedAt: Date.now()
    })
    await session.extend()
    await loaded(session)
    expect(session.pipeline.steps.steps.filter((step) => step.kind === 'click')).toHaveLength(2)
    session.gone()
    expect(session.snapshot.status).toBe('missing')
    session.close()

    const unknown = open('no-such-session-01')
    await unknown.session.start(null)
    expect(unknown.session.snapshot.status).toBe('missing')
  })
})
