// Screenshots of the workspace for the README: the session list, search results and Settings, at 1440×900
// and 1024×700, dark and light. Real core in browser mode on a temporary database, real recordings of the
// demo shop made in Debian's Chromium (clicks, a rage burst, a page error), plus synthetic visitors.
//   npm run screenshots   (or: npx tsx scripts/workspace-screenshots.ts [out-dir], after npm run build)
// Names: workspace-<view>[-1024][-light].png — the 1440 dark ones keep the names the README uses.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { Ingestor } from '../src/main/core/ingest/ingest-batch'
import { launchChromium, waitFor } from '../tests/helpers/browser'
import { VISITORS } from '../tests/helpers/client-meta'
import { recordDemoVisit } from '../tests/helpers/demo-site'
import { documentWith, el, meta, mouseMove, sessionBatches, snapshot, text } from '../tests/helpers/rrweb-events'
import { gzipBatch, syntheticBatches } from '../tests/helpers/synthetic'
import { PROJECT_ROOT, startTestCore, type TestCore } from '../tests/helpers/test-core'

const outDir = resolve(process.argv[2] ?? join(PROJECT_ROOT, 'docs', 'screenshots'))
const SIZES = [
  { suffix: '', width: 1440, height: 900 },
  { suffix: '-1024', width: 1024, height: 700 }
]
const SCHEMES = [
  { suffix: '', colorScheme: 'dark' as const },
  { suffix: '-light', colorScheme: 'light' as const }
]
const QUERY = 'clicked:.add-to-cart'

async function recordVisits(core: TestCore, browser: Browser): Promise<string[]> {
  const ids: string[] = []
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  // A shopper who rage-clicks "Add to cart", then pays.
  ids.push(
    await recordDemoVisit(core, await context.newPage(), async (site, origin) => {
      await site.goto(`${origin}/`)
      await site.mouse.move(300, 200, { steps: 5 })
      await site.waitForTimeout(1200)
      await site.click('[data-testid="product-1"] .add-to-cart')
      await site.waitForTimeout(900)
      for (let i = 0; i < 4; i++) await site.click('[data-testid="product-2"] .add-to-cart', { delay: 10 })
      await site.waitForTimeout(700)
      await site.fill('#name', 'Alice')
      await site.click('#to-checkout')
      await site.waitForURL(`${origin}/checkout.html`)
      await site.click('#pay')
    })
  )
  // A shopper whose page throws.
  ids.push(
    await recordDemoVisit(core, await context.newPage(), async (site, origin) => {
      await site.goto(`${origin}/`)
      await site.waitForTimeout(1500)
      await site.click('[data-testid="product-3"] .add-to-cart')
      await site.evaluate(() => {
        setTimeout(() => {
          throw new TypeError("Cannot read properties of undefined (reading 'price')")
        })
      })
      await site.waitForTimeout(200)
      await site.click('#to-checkout')
      await site.waitForURL(`${origin}/checkout.html`)
    })
  )
  await context.close()
  return ids
}

/** A visit whose page has a long address: the list keeps its end. */
function storeLongUrlVisit(ingestor: Ingestor): void {
  const start = Date.now() - 26 * 3600_000
  const href = 'https://shop.example.com/account/orders/2024/11/order-84213/confirmation?step=payment'
  const events = [meta(start, href), snapshot(start + 1, documentWith(el(10, 'main', {}, [text(11, 'Order 84213')])))]
  for (let i = 1; i <= 40; i++) events.push(mouseMove(start + i * 400))
  const [batch] = sessionBatches('visitor-long-url-1', [{ events }], { userAgent: VISITORS[1]!, url: href })
  ingestor.ingest({ body: gzipBatch(batch), ip: '198.51.100.23', receivedAt: start + 20_000 })
}

function storeVisitors(core: TestCore): void {
  const ingestor = new Ingestor(core.store)
  storeLongUrlVisit(ingestor)
  VISITORS.forEach((userAgent, i) => {
    const receivedAt = Date.now() - i * 2.4 * 3600_000
    for (const batch of syntheticBatches({
      seed: i + 1,
      sessionId: `visitor-${String(i).padStart(8, '0')}`,
      events: 300 + i * 140,
      pageLoads: 1 + (i % 3),
      startAt: receivedAt - 60_000,
      meta: { userAgent, language: i % 2 ? 'de-DE' : 'en-GB' }
    })) {
      ingestor.ingest({ body: gzipBatch(batch), ip: `203.0.113.${10 + i * 17}`, receivedAt })
    }
  })
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(outDir, `${name}.png`)
  await page.screenshot({ path })
  console.log(path)
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true })
  const core = await startTestCore({ browserMode: true })
  const browser = await launchChromium()
  try {
    const [rageVisit] = await recordVisits(core, browser)
    storeVisitors(core)
    await core.api.pinSession(rageVisit!, 'Rage on Add to cart', 'Clicks the second product four times.')
    for (const size of SIZES) {
      for (const scheme of SCHEMES) {
        const suffix = `${size.suffix}${scheme.suffix}`
        const context = await browser.newContext({
          viewport: { width: size.width, height: size.height },
          colorScheme: scheme.colorScheme
        })
        const page = await context.newPage()
        await page.goto(core.workspaceUrl!)
        await page.waitForSelector('.session-row')
        await waitFor('every session listed', async () => (await page.$$('.session-row')).length >= 9)
        await shoot(page, `workspace-list${suffix}`)
        await page.click('button:has-text("Record a site")')
        await page.waitForSelector('dialog [data-testid="snippet"]')
        await shoot(page, `workspace-record-a-site${suffix}`)
        await page.keyboard.press('Escape')
        await page.fill('input[aria-label="Search query"]', QUERY)
        await page.keyboard.press('Enter')
        await page.waitForSelector('.search-result[data-session-id]')
        await shoot(page, `workspace-search${suffix}`)
        await page.click('a.nav-link:has-text("Settings")')
        await page.waitForSelector('.settings-view h3')
        await shoot(page, `workspace-settings${suffix}`)
        await context.close()
      }
    }
    // A browser that never opened the launch link: one message, nothing else.
    const stranger = await browser.newContext({ viewport: { width: 1024, height: 700 } })
    const page = await stranger.newPage()
    await page.goto(`${core.receiverUrl}/#/session/${rageVisit}`)
    await page.waitForSelector('[data-testid="access-denied"]')
    await shoot(page, 'workspace-no-token-1024')
    await stranger.close()
  } finally {
    await browser.close()
    await core.dispose()
  }
}

await main()
