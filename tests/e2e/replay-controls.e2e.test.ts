// The replay's controls on a real recording (issue 11): the address bar follows the page at the playhead,
// a recorded error opens in full from its row and from its timeline mark, skip inactivity jumps an idle
// stretch with a note on screen, and "Copy link" gives the address of the moment.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'

const env = useCoreAndChromium({ browserMode: true })

const PAGE = (snippet: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Controls</title></head>
<body>
  <a href="#/cart" id="cart">Cart</a>
  <button id="throw" type="button">Break it</button>
  <button id="later" type="button">Later</button>
  <p id="out">ready</p>
  <script>
    document.getElementById('throw').addEventListener('click', () => { null.total })
    document.getElementById('later').addEventListener('click', () => { document.getElementById('out').textContent = 'later' })
  </script>
  ${snippet}
</body></html>`

const offset = (page: Page) => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)

describe('replay controls', () => {
  it('address bar, error detail, skipping an idle stretch, copy link', async () => {
    const { core, browser } = env
    const site = env.keep(await servePages({ '/': PAGE(snippetTag(core)) }))
    const visit = await browser.newPage()
    await visit.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(visit)).recording)
    const sessionId = (await recorderState(visit)).sessionId!
    await visit.click('#cart')
    await visit.click('#throw')
    await visit.waitForTimeout(12_500) // nothing happens: an inactive stretch of 12 s
    await visit.click('#later')
    await flushRecorder(visit)
    await visit.close()
    await waitFor('stored', () => (core.store.getSession(sessionId)?.eventCount ?? 0) > 5)

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = await context.newPage()
    try {
      await page.goto(core.workspaceUrl!)
      await page.waitForSelector('header')
      await page.evaluate((id) => (location.hash = `#/session/${id}`), sessionId)
      await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')

      // The address bar follows the page: the route change to #/cart shows once the playhead passes it.
      expect(await page.textContent('[data-testid="replay-address"]')).toBe(`⌂${site.url}/`)
      await page.locator('.event-row[data-kind="page"]', { hasText: '#/cart' }).click()
      await expect.poll(() => page.textContent('[data-testid="replay-address"]')).toBe(`⌂${site.url}/#/cart`)

      // The error in full, from its row; closed; then from its timeline mark.
      await page.locator('.event-row[data-kind="error"]').click()
      const detail = page.locator('[data-testid="error-detail"]')
      await expect.poll(() => detail.textContent()).toContain("Cannot read properties of null (reading 'total')")
      expect(await detail.textContent()).toContain('TypeError')
      expect(await detail.locator('.error-stack').textContent()).toMatch(/at HTMLButtonElement/)
      await page.click('[aria-label="Close the error detail"]')
      expect(await detail.count()).toBe(0)
      await page.locator('[data-testid="timeline-error"]').dispatchEvent('pointerdown')
      await expect.poll(() => detail.count()).toBe(1)

      // Skip inactivity: playing into the 12 s idle stretch jumps to just before its end, and says so.
      const idleEnds = await page
        .locator('.event-row[data-kind="click"]', { hasText: 'Later' })
        .getAttribute('data-offset')
      await page.locator('.event-row[data-kind="error"]').click()
      await page.keyboard.press('Space')
      await page.waitForSelector('[data-testid="skip-note"]', { timeout: 8000 })
      expect(await page.textContent('[data-testid="skip-note"]')).toMatch(/Skipping 1\ds of inactivity/)
      expect(await offset(page)).toBeGreaterThanOrEqual(Number(idleEnds) - 1100)
      await page.keyboard.press('Space')

      // Copy link: the address of this session at the playhead.
      await page.click('[data-testid="copy-link"]')
      const link = await page.evaluate(() => navigator.clipboard.readText())
      expect(link).toBe(`${core.receiverUrl}/#/session/${sessionId}?t=${await offset(page)}`)
    } finally {
      await context.close()
    }
  })
})
