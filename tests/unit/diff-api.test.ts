// diffSessions and comparePages through the browser-mode HTTP API (real core, real SQLite file, loopback,
// launch token), on hand-written rrweb events: the argument checks, a session that grows after it was
// diffed (the keyed-step cache must not serve the old steps), pages at moments before and inside a page
// load; and a page digest of a hostile page (30,000 levels deep, a huge list) read within bounds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PageComparison, SessionDiff } from '../../src/shared/diff/diff-types'
import { comparePages } from '../../src/shared/diff/page-compare'
import { MAX_PAGE_ITEMS, pageDigestAt } from '../../src/shared/events/page-digest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import {
  click,
  documentWith,
  el,
  meta,
  mutation,
  sessionBatches,
  snapshot,
  text,
  type Node
} from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { callApi, startTestCore, type TestCore } from '../helpers/test-core'

let core: TestCore
const T0 = 1_700_000_000_000

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
})
afterAll(() => core.dispose())

function store(sessionId: string, batches: Parameters<typeof sessionBatches>[1], from = 0) {
  const ingestor = new Ingestor(core.store)
  for (const batch of sessionBatches(sessionId, batches).slice(from)) {
    ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() })
  }
}

/** body > main > [h1, button#pay (disabled or not)], and a banner once `banner` is set. */
const shopPage = (disabled: boolean) =>
  documentWith(
    el(10, 'main', {}, [
      el(11, 'h1', {}, [text(12, 'Checkout')]),
      el(13, 'button', { id: 'pay', class: 'css-1x2y3z', ...(disabled && { disabled: '' }) }, [text(14, 'Pay now')])
    ])
  )
const banner = (ts: number) =>
  mutation(ts, {
    adds: [{ parentId: 10, nextId: null, node: el(20, 'div', { role: 'alert' }, [text(21, 'Card declined')]) }]
  })

describe('the diff over the HTTP API', () => {
  it('checks its arguments: two different, existing sessions; finite moments', async () => {
    store('diff-api-one', [{ events: [meta(T0, 'http://shop.test/'), snapshot(T0 + 1, shopPage(false))] }])
    const same = await callApi(core, 'diffSessions', 'diff-api-one', 'diff-api-one')
    expect(same).toMatchObject({ status: 400, error: 'diffSessions: the same session twice (diff-api-one)' })
    const unknown = await callApi(core, 'diffSessions', 'diff-api-one', 'diff-api-nobody')
    expect(unknown).toMatchObject({ status: 404, error: 'diffSessions: no session diff-api-nobody' })
    expect((await callApi(core, 'diffSessions', 'diff-api-one', 'no spaces!')).status).toBe(400)
    for (const moment of [null, 'soon', -1, 1e300]) {
      const bad = await callApi(core, 'comparePages', 'diff-api-one', moment, 'diff-api-one', T0)
      expect(bad.status).toBe(400)
    }
    const missing = await callApi(core, 'comparePages', 'diff-api-one', T0, 'diff-api-nobody', T0)
    expect(missing).toMatchObject({ status: 404, error: 'comparePages: no session diff-api-nobody' })
  })

  it('a session that grew after a diff is read again; pages before the first snapshot are missing', async () => {
    const a = [
      { events: [meta(T0, 'http://shop.test/'), snapshot(T0 + 1, shopPage(false)), click(T0 + 1000, 13)] },
      { events: [banner(T0 + 1100)] }
    ]
    store('diff-api-a', a)
    store('diff-api-b', [{ events: [meta(T0, 'http://shop.test/'), snapshot(T0 + 1, shopPage(true))] }])
    const first = (await callApi<SessionDiff>(core, 'diffSessions', 'diff-api-a', 'diff-api-b')).result
    expect(first.rows.map((row) => row.op)).toEqual(['same', 'only-a'])
    // B clicks Pay too, later (its next batch): the next diff sees it.
    store('diff-api-b', [{ events: [meta(T0, 'http://shop.test/')] }, { events: [click(T0 + 4000, 13)] }], 1)
    const again = (await callApi<SessionDiff>(core, 'diffSessions', 'diff-api-a', 'diff-api-b')).result
    expect(again.rows.map((row) => row.op)).toEqual(['same', 'same'])
    expect(again.rows[1]!.deltaMs).toBe(3000)

    const click1 = again.rows[1]!
    const pages = (
      await callApi<PageComparison>(core, 'comparePages', 'diff-api-a', click1.aAt, 'diff-api-b', click1.bAt)
    ).result
    expect(pages.differences).toEqual([
      {
        kind: 'state',
        attribute: 'disabled',
        a: null,
        b: '',
        item: expect.objectContaining({ label: 'main > button#pay.css-1x2y3z', text: 'Pay now' })
      },
      { kind: 'only-a', item: expect.objectContaining({ role: 'alert', text: 'Card declined', control: false }) }
    ])
    expect(pages.a.page?.url).toBe('http://shop.test/')
    const before = (await callApi<PageComparison>(core, 'comparePages', 'diff-api-a', T0 - 10, 'diff-api-b', T0)).result
    expect(before.a.page).toBeNull()
    expect(before.b.page).toBeNull()
    expect(before.differences).toEqual([])
  })
})

describe('a page digest of a hostile page', () => {
  it('30,000 levels deep and a 50,000-item list: read within bounds, cut and said so', () => {
    let deep: Node = text(100_000, 'bottom')
    for (let level = 0; level < 30_000; level++) deep = el(50_000 + level, 'div', {}, [deep])
    const items = Array.from({ length: 50_000 }, (_, i) => el(200_000 + i, 'li', {}, [text(300_000 + i, `item ${i}`)]))
    const events = [meta(T0, 'http://evil.test/'), snapshot(T0 + 1, documentWith(deep, el(10, 'ul', {}, items)))]
    const page = pageDigestAt(events, 0, T0 + 10)!
    expect(page.url).toBe('http://evil.test/')
    expect(page.items).toHaveLength(MAX_PAGE_ITEMS)
    expect(page.truncated).toBe(true)
    // The deep chain is cut at the mirror's MAX_DEPTH (its text never arrives); the list is read in order.
    expect(page.items[0]).toMatchObject({ label: 'ul > li', text: 'item 0', control: false })
    expect(comparePages(page, page)).toEqual([])
  })
})
