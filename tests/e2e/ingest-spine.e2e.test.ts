// The ingest spine in real Chromium: the demo shop carries the snippet, the real recorder posts to the
// real receiver, and the assertions read the real SQLite file.
import { gunzipSync } from 'node:zlib'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../../src/shared/types'
import { flushRecorder, recorderState, waitFor, type PageServer } from '../helpers/browser'
import { serveDemoSite } from '../helpers/demo-site'
import { storedText, storedTextWithoutNumbers, useCoreAndChromium } from '../helpers/e2e-fixture'

const TYPED = { name: 'Alice Example', email: 'alice@example.com', password: 'hunter2-Secret!' }
const BLOCKED_TEXT = 'SECRET-PROMO-CODE-4711'

const e2e = useCoreAndChromium()

async function site(attributes: Record<string, string>): Promise<PageServer> {
  return e2e.keep(await serveDemoSite(e2e.core, attributes))
}

const handle = recorderState
const flush = flushRecorder

async function typeAndClick(page: Page): Promise<void> {
  await page.fill('#name', TYPED.name)
  await page.fill('#email', TYPED.email)
  await page.fill('#password', TYPED.password)
  await page.click('[data-testid="product-2"] .add-to-cart')
  await page.click('#subscribe')
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1200, height: 800 } })
  return { context, page: await context.newPage() }
}

describe('recording the demo shop in Chromium', () => {
  it('moderate: one session across two pages, metadata parsed, inputs masked, blocked content absent', async () => {
    const demo = await site({ 'data-mask-level': 'moderate', 'data-block-selector': '.no-record' })
    const { context, page } = await newPage()
    await page.goto(`${demo.url}/`)
    const { sessionId } = await handle(page)
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/)
    await typeAndClick(page)
    await page.click('#to-checkout')
    await page.waitForURL(`${demo.url}/checkout.html`)
    await page.fill('#card', '4111 1111 1111 1111')
    await page.fill('#address', 'Hidden Street 42, Secretville')
    await page.click('#pay')
    expect((await handle(page)).sessionId).toBe(sessionId)
    await flush(page)
    await context.close() // pagehide: the last batch goes out with keepalive

    const session = await waitFor('both pages stored', () => {
      const found = e2e.core.store.getSession(sessionId!)
      return found && found.urls.length >= 2 ? found : null
    })
    expect(e2e.core.store.listSessions().filter((s) => s.id === sessionId)).toHaveLength(1)
    expect(session.ip).toBe('127.0.0.1')
    expect(session.browser.name).toMatch(/Chrom/)
    expect(session.os.name).toBe('Linux')
    expect(session.urls).toEqual([`${demo.url}/`, `${demo.url}/checkout.html`])
    expect(session.segmentCount).toBe(2)
    expect(session.viewport).toEqual({ width: 1200, height: 800 })
    expect(session.config).toMatchObject({ maskLevel: 'moderate', blockSelector: '.no-record', sampleRate: 1 })

    const events: RecordedEvent[] = e2e.core.store.getEvents(sessionId!)
    expect(events.filter((event) => event.type === 2).length).toBeGreaterThanOrEqual(2) // one full snapshot per page
    const text = storedTextWithoutNumbers(e2e.core, sessionId!)
    for (const value of [...Object.values(TYPED), '4111 1111 1111 1111', '4111', 'Hidden Street', 'Secretville']) {
      expect(text).not.toContain(value)
    }
    expect(text).not.toContain(BLOCKED_TEXT)
    expect(text).toContain('rr_width') // the blocked element is a same-size placeholder
    expect(text).toContain('Blue mug') // moderate keeps page text
    expect(text).toContain('*'.repeat(TYPED.name.length)) // masked per character
  })

  it('strict: page text is masked too', async () => {
    const demo = await site({ 'data-mask-level': 'strict' })
    const { context, page } = await newPage()
    await page.goto(`${demo.url}/`)
    const { sessionId } = await handle(page)
    await typeAndClick(page)
    await flush(page)
    await context.close()
    await waitFor('strict session stored', () => e2e.core.store.getSession(sessionId!))
    const text = storedText(e2e.core, sessionId!)
    expect(text).toContain('"maskLevel":"strict"')
    for (const visible of ['Blue mug', 'Red scarf', 'Add to cart', '12.00 EUR', ...Object.values(TYPED)]) {
      expect(text).not.toContain(visible)
    }
  })

  it('sample rate 0: nothing is sent or stored', async () => {
    const demo = await site({ 'data-sample-rate': '0' })
    const { context, page } = await newPage()
    const posts: string[] = []
    page.on('request', (request) => request.method() === 'POST' && posts.push(request.url()))
    await page.goto(`${demo.url}/`)
    const { sessionId, recording } = await handle(page)
    expect(recording).toBe(false)
    await typeAndClick(page)
    await flush(page)
    await page.goto(`${demo.url}/checkout.html`) // the decision holds for the whole tab session
    expect((await handle(page)).recording).toBe(false)
    await context.close()
    expect(posts).toEqual([])
    // Not recording means no session id at all, and nothing of this site in the store.
    expect(sessionId).toBeNull()
    expect(e2e.core.store.listSessions().filter((s) => s.urls.some((url) => url.startsWith(demo.url)))).toEqual([])
  })

  it('max duration: recording stops and nothing after the deadline is stored', async () => {
    const demo = await site({ 'data-max-duration': '1500' })
    const { context, page } = await newPage()
    await page.goto(`${demo.url}/`)
    const { sessionId } = await handle(page)
    await page.click('[data-testid="product-1"] .add-to-cart')
    await waitFor('recorder to stop', async () => !(await handle(page)).recording, 10_000)
    const stoppedAt = Date.now()
    await page.fill('#name', 'typed after the deadline')
    await page.click('[data-testid="product-3"] .add-to-cart')
    await flush(page)
    await context.close()
    const session = await waitFor('session stored', () => e2e.core.store.getSession(sessionId!))
    expect(session.endedAt).toBeLessThanOrEqual(stoppedAt)
    expect(session.endedAt - session.startedAt).toBeLessThan(1500 + 1000)
  })

  it('a retried batch is stored once', async () => {
    const demo = await site({})
    const { context, page } = await newPage()
    let deliveredThenFailed = 0
    const seqsPosted: number[] = []
    // The first POST reaches the receiver (and is committed), but the browser is told it failed:
    // the recorder must retry with the same seq, and the receiver must not store it twice.
    await page.route('**/ingest?*', async (route) => {
      seqsPosted.push(JSON.parse(gunzipSync(route.request().postDataBuffer()!).toString('utf8')).seq)
      if (deliveredThenFailed === 0) {
        deliveredThenFailed++
        await route.fetch()
        await route.abort('connectionreset')
        return
      }
      await route.continue()
    })
    await page.goto(`${demo.url}/`)
    const { sessionId } = await handle(page)
    await page.click('[data-testid="product-1"] .add-to-cart')
    await flush(page)
    await page.click('[data-testid="product-2"] .add-to-cart')
    await waitFor('retry delivered', async () => {
      await flush(page)
      return e2e.core.store.getBatches(sessionId!).length >= 2
    })
    await context.close()
    const seqs = e2e.core.store.getBatches(sessionId!).map((batch) => batch.seq)
    expect(deliveredThenFailed).toBe(1)
    expect(seqsPosted.filter((seq) => seq === seqsPosted[0]).length).toBeGreaterThanOrEqual(2) // really retried
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(e2e.core.store.getSession(sessionId!)!.batchCount).toBe(seqs.length)
  })

  it('a reload continues the same session as a new page-load segment', async () => {
    const demo = await site({})
    const { context, page } = await newPage()
    await page.goto(`${demo.url}/`)
    const { sessionId } = await handle(page)
    await page.click('[data-testid="product-1"] .add-to-cart')
    await flush(page)
    await page.reload()
    expect((await handle(page)).sessionId).toBe(sessionId)
    await page.click('[data-testid="product-2"] .add-to-cart')
    await flush(page)
    await context.close()
    const session = await waitFor('two segments', () => {
      const found = e2e.core.store.getSession(sessionId!)
      return found && found.segmentCount === 2 ? found : null
    })
    expect(session.pages.map((p) => p.segment)).toEqual([0, 1])
    expect(e2e.core.store.listSessions().filter((s) => s.id === sessionId)).toHaveLength(1)
  })
})
