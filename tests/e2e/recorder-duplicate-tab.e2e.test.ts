// Chrome's "Duplicate tab" copies sessionStorage, and with it the recorder's session id and seq counters. The
// receiver dedupes on (sessionId, seq), so without the duplicate-tab check one tab's batches were dropped as
// retries of the other's. Here a second page in the same context (same origin, so BroadcastChannel connects)
// starts from a copy of the first page's sessionStorage, as a duplicated tab does.
import { gunzipSync } from 'node:zlib'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, waitFor, type PageServer } from '../helpers/browser'
import { serveDemoSite } from '../helpers/demo-site'
import { storedText, useCoreAndChromium } from '../helpers/e2e-fixture'

const e2e = useCoreAndChromium()
let demo: PageServer

beforeAll(async () => {
  demo = e2e.keep(await serveDemoSite(e2e.core))
})

interface Tab {
  page: Page
  /** "sessionId/seq" of every batch this tab posted. */
  sent: Set<string>
}

async function newContext(): Promise<BrowserContext> {
  return e2e.browser.newContext({ viewport: { width: 1200, height: 800 } })
}

/** Opens the demo shop in a new page of `context`; with `sessionStorage`, restores it before any script runs. */
async function openTab(context: BrowserContext, sessionStorageJson?: string): Promise<Tab> {
  const page = await context.newPage()
  const sent = new Set<string>()
  page.on('request', (request) => {
    const body = request.postDataBuffer()
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/ingest' || !body) return
    const batch = JSON.parse(gunzipSync(body).toString('utf8')) as { sessionId: string; seq: number }
    sent.add(`${batch.sessionId}/${batch.seq}`)
  })
  if (sessionStorageJson !== undefined) {
    await page.addInitScript((json) => {
      for (const [key, value] of Object.entries(JSON.parse(json) as Record<string, string>)) {
        sessionStorage.setItem(key, value)
      }
    }, sessionStorageJson)
  }
  await page.goto(`${demo.url}/`)
  return { page, sent }
}

const sessionStorageOf = (page: Page) => page.evaluate(() => JSON.stringify({ ...sessionStorage }))
const sessionIdOf = async (page: Page) => (await recorderState(page)).sessionId
const flush = flushRecorder

/** Adds a paragraph with a marker text (one recorded mutation) and flushes, so each marker is its own batch. */
async function mark(tab: Tab, marker: string): Promise<void> {
  await tab.page.evaluate((text) => {
    const paragraph = document.createElement('p')
    paragraph.textContent = text
    document.body.append(paragraph)
  }, marker)
  await flush(tab.page)
}

/**
 * Waits until every batch the tabs were seen posting for the session is stored, and fails with the missing ones.
 * (Stored may hold more: Playwright does not report the keepalive request a page sends while it unloads.)
 */
async function expectAllStored(sessionId: string, ...tabs: Tab[]): Promise<Set<string>> {
  const sent = () => tabs.flatMap((tab) => [...tab.sent]).filter((key) => key.startsWith(`${sessionId}/`))
  const stored = () => new Set(e2e.core.store.getBatches(sessionId).map((batch) => `${sessionId}/${batch.seq}`))
  const missing = () => sent().filter((key) => !stored().has(key))
  try {
    await waitFor(`every batch of ${sessionId} stored`, () => missing().length === 0, 5_000)
  } catch {
    // the assertion below shows what is missing
  }
  expect(missing()).toEqual([])
  return stored()
}

/** The distinct markers (from `all`) in the session's stored events. */
function storedMarkers(sessionId: string, all: string[]): string[] {
  const text = storedText(e2e.core, sessionId)
  return all.filter((marker) => text.includes(marker)).sort()
}

/** Opens A, interacts, and opens B from a copy of A's sessionStorage, as Chrome's "Duplicate tab" does. */
async function originalAndDuplicate() {
  const context = await newContext()
  const a = await openTab(context)
  await a.page.click('[data-testid="product-1"] .add-to-cart')
  await mark(a, 'marker-A-before-copy')
  const copied = await sessionStorageOf(a.page)
  const idA = await sessionIdOf(a.page)
  expect(copied).toContain(idA)

  const b = await openTab(context, copied)
  return { context, a, b, idA: idA! }
}

describe('a duplicated tab (sessionStorage copied from a live tab)', () => {
  it('records under its own session id, and every batch of both tabs is stored', async () => {
    const { a, b, idA } = await originalAndDuplicate()
    // Both tabs go on recording; without the fork these batches would reuse the same (sessionId, seq) pairs.
    await b.page.click('[data-testid="product-2"] .add-to-cart')
    for (let n = 1; n <= 3; n++) {
      await mark(b, `marker-B-${n}`)
      await mark(a, `marker-A-${n}`)
    }
    const idB = await sessionIdOf(b.page)
    expect(idB).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(idB).not.toBe(idA)
    expect(await sessionIdOf(a.page)).toBe(idA)

    const markersA = ['marker-A-before-copy', 'marker-A-1', 'marker-A-2', 'marker-A-3']
    const markersB = ['marker-B-1', 'marker-B-2', 'marker-B-3']
    const all = [...markersA, ...markersB]
    const storedA = await expectAllStored(idA, a, b)
    const storedB = await expectAllStored(idB!, a, b)
    expect(storedA.size).toBeGreaterThanOrEqual(markersA.length) // each marker was flushed in its own batch
    expect(storedB.size).toBeGreaterThanOrEqual(markersB.length)
    // The wire-level checks below are vacuous unless each tab was seen posting its own batches.
    expect([...a.sent].filter((key) => key.startsWith(`${idA}/`)).length).toBeGreaterThanOrEqual(markersA.length)
    expect([...b.sent].filter((key) => key.startsWith(`${idB}/`)).length).toBeGreaterThanOrEqual(markersB.length)
    // Nothing of B went out under A's id, and nothing of A under B's.
    expect([...b.sent].filter((key) => key.startsWith(`${idA}/`))).toEqual([])
    expect([...a.sent].filter((key) => key.startsWith(`${idB}/`))).toEqual([])
    expect(storedMarkers(idA, all)).toEqual([...markersA].sort())
    expect(storedMarkers(idB!, all)).toEqual([...markersB].sort())

    // B's session is a whole recording of its own: it starts at segment 0 with a full snapshot.
    const batchesB = e2e.core.store.getBatches(idB!)
    expect(batchesB[0]!.segment).toBe(0)
    expect(e2e.core.store.getEvents(idB!).some((event) => event.type === 2)).toBe(true)
  })

  it('lets the original reload while the duplicate is open: the reload keeps the original id', async () => {
    const { a, b, idA } = await originalAndDuplicate()
    await mark(b, 'marker-B-before-reload')
    const idB = await sessionIdOf(b.page)
    expect(idB).not.toBe(idA)

    await a.page.reload()
    await mark(a, 'marker-A-after-reload')
    expect(await sessionIdOf(a.page)).toBe(idA)
    await mark(b, 'marker-B-after-reload')
    expect(await sessionIdOf(b.page)).toBe(idB)

    const all = ['marker-A-before-copy', 'marker-A-after-reload', 'marker-B-before-reload', 'marker-B-after-reload']
    await expectAllStored(idA, a, b)
    await expectAllStored(idB!, a, b)
    expect(storedMarkers(idA, all)).toEqual(['marker-A-after-reload', 'marker-A-before-copy'])
    expect(storedMarkers(idB!, all)).toEqual(['marker-B-after-reload', 'marker-B-before-reload'])
    expect(new Set(e2e.core.store.getBatches(idA).map((batch) => batch.segment))).toEqual(new Set([0, 1]))
  })
})
