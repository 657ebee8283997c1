// The Console and Network panels on a real recording (issue 13): a page on a small local API logs, warns,
// errors, and makes requests that succeed, return 500 and fail at the network level, recorded by the real
// recorder in Chromium; the workspace (browser mode) lists them following the playhead, filters them, seeks to
// a picked row, shows a request in full with its masked parts, marks the failures on the timeline, and shows
// the page load's timings.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, snippetTag, waitFor } from '../helpers/browser'
import { serveDevtoolsSite } from '../helpers/devtools-site'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import { PROJECT_ROOT } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })

const PAGE = (snippet: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head>
<body>
  ${snippet}
  <h1>Checkout</h1>
  <button id="go" type="button">Pay</button>
  <script>
    document.getElementById('go').addEventListener('click', async () => {
      console.log('cart ready', { items: 2 })
      await fetch('/api/ok?page=2')
      console.warn('slow cart service')
      const paid = await fetch('/api/echo', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ coupon: 'SAVE10', qty: 2 }) })
      await paid.text()
      const failed = await fetch('/api/fail')
      console.error('checkout failed with', failed.status)
      await fetch('/api/drop').catch(() => console.error('network down'))
    })
  </script>
</body></html>`

const offset = (page: Page) => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)

describe('console and network panels', () => {
  it('list, filter and seek; a failed request in full; failures on the timeline; page timings', async () => {
    const { core, browser } = env
    const site = env.keep(
      await serveDevtoolsSite({
        '/': PAGE(snippetTag(core, { 'data-console': 'all', 'data-network-bodies': '*/api/echo' }))
      })
    )
    const visit = await browser.newPage()
    await visit.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(visit)).recording)
    await visit.waitForTimeout(300)
    await visit.click('#go')
    await visit.waitForFunction(() => performance.getEntriesByName(`${location.origin}/api/drop`).length > 0, null, {
      timeout: 5000
    })
    await visit.waitForTimeout(200)
    await flushRecorder(visit)
    const sessionId = (await recorderState(visit)).sessionId!
    await visit.close() // sends the page's final timings
    await waitFor('requests and timings stored', () => {
      const stored = JSON.stringify(core.store.getEvents(sessionId))
      return stored.includes('/api/drop') && stored.includes('"reason":"hidden"')
    })

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    try {
      await page.goto(core.workspaceUrl!)
      await page.waitForSelector('header')
      await page.evaluate((id) => (location.hash = `#/session/${id}`), sessionId)
      await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')

      // Console: every level, then errors only, then by text; a click seeks to the message.
      await page.getByRole('tab', { name: /^Console/ }).click()
      const consoleRows = page.locator('.console-row')
      await expect.poll(() => consoleRows.count()).toBe(4)
      expect(await page.getByRole('tab', { name: /^Console/ }).textContent()).toBe('Console2')
      await page.getByRole('button', { name: /^Logs/ }).click()
      await page.getByRole('button', { name: /^Warnings/ }).click()
      expect(await consoleRows.allTextContents()).toEqual([
        expect.stringContaining('checkout failed with 500'),
        expect.stringContaining('network down')
      ])
      await page.screenshot({ path: `${PROJECT_ROOT}/docs/screenshots/console-panel.png` })
      await page.getByLabel('Filter console messages').fill('network')
      await expect.poll(() => consoleRows.count()).toBe(1)
      await consoleRows.first().click()
      const consoleOffset = Number(await consoleRows.first().getAttribute('data-offset'))
      await expect.poll(() => offset(page)).toBeGreaterThanOrEqual(consoleOffset)

      // Network: the page's four requests (and the document's resources); problems only: the 500 and the drop.
      await page.getByRole('tab', { name: /^Network/ }).click()
      const requestRows = page.locator('.request-row')
      await page.getByRole('button', { name: /^Resources/ }).click()
      await expect.poll(() => requestRows.count()).toBe(4)
      expect(await page.getByRole('tab', { name: /^Network/ }).textContent()).toBe('Network2')
      await page.getByRole('button', { name: /^Problems only/ }).click()
      expect(await requestRows.locator('.request-status').allTextContents()).toEqual(['500', 'failed'])

      // The 500 in full; the playhead goes to its start.
      await page.locator('.request-row.status-server-error').click()
      const detail = page.locator('[data-testid="request-detail"]')
      await expect.poll(() => detail.textContent()).toContain('GET 500')
      expect(await detail.textContent()).toContain(`${site.url}/api/fail`)
      expect(await detail.textContent()).toContain('recorded only for URLs listed')
      const failedOffset = Number(await page.locator('.request-row.status-server-error').getAttribute('data-offset'))
      await expect.poll(async () => Math.abs((await offset(page)) - failedOffset)).toBeLessThanOrEqual(1)
      await page.screenshot({ path: `${PROJECT_ROOT}/docs/screenshots/network-panel.png` })

      // The echo request's recorded body, with the query value masked in the ok request's URL.
      await page.getByRole('button', { name: /^Problems only/ }).click()
      await page.locator('.request-row', { hasText: 'echo' }).click()
      await expect.poll(() => detail.textContent()).toContain('"coupon"')
      expect(await detail.locator('.request-body').first().textContent()).toContain('"qty":2')
      await page.locator('.request-row', { hasText: 'ok?' }).click()
      await expect.poll(() => detail.locator('.request-url').textContent()).toBe(`${site.url}/api/ok?page=*`)
      expect(await detail.locator('.request-url .masked-run').count()).toBe(1)

      // Keyboard: ↓ picks the next request.
      await page.locator('.devtools-rows').focus()
      await page.keyboard.press('ArrowDown')
      await expect.poll(() => detail.textContent()).toContain('POST 201')

      // The timeline marks the failed requests and the console errors; the 500's mark opens it in the panel.
      await page.getByRole('tab', { name: /^Events/ }).click()
      const marks = page.locator('[data-testid="timeline-error"]')
      const kinds = await marks.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-step')))
      expect(kinds).toContain('network')
      await page.locator('[data-testid="timeline-error"][data-step="network"]').first().dispatchEvent('pointerdown')
      await expect.poll(() => page.getByRole('tab', { name: /^Network/ }).getAttribute('aria-selected')).toBe('true')
      await expect.poll(() => detail.textContent()).toMatch(/GET (500|failed)/)

      // The page load's timings in the metadata, with its bar.
      await page.getByRole('tab', { name: /^Metadata/ }).click()
      const timings = page.locator('[data-testid="page-timings"]')
      await expect.poll(() => timings.textContent()).toContain('TTFB')
      expect(await timings.textContent()).toMatch(/Load \d+ ms/)
      expect(await timings.locator('.page-timing-bar rect.pt-dom').count()).toBe(1)
      await timings.screenshot({ path: `${PROJECT_ROOT}/docs/screenshots/page-timings.png` })
    } finally {
      await context.close()
    }
  })
})
