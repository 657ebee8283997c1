// The diff view in real Chromium against the real core in browser mode: two checkouts of the CSS-in-JS shop
// recorded for real (B adds one product more and its card is declined), compared from the session list and
// from "Compare with…", with both players following the selected row, the pages compared at that row, the
// keyboard, and the address reopening the diff where it was. UPDATE_SCREENSHOTS=1 also writes
// docs/screenshots/workspace-diff.png.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { SessionDiff } from '../../src/shared/diff/diff-types'
import { DECLINED_CARD, serveStyledShop, shopFlow } from '../helpers/diff-flows'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import { recordVisit } from '../helpers/record-visit'
import { PROJECT_ROOT } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(PROJECT_ROOT, 'docs', 'screenshots') : null

const poll = <T>(check: () => Promise<T> | T) => expect.poll(check, { timeout: 15_000 })

/** B: one product more in the cart, then a declined card. */
const detourFlow = shopFlow({ seed: 6, card: DECLINED_CARD, extraProduct: true })

const selectedRow = (page: Page) => page.getAttribute('.diff-row[aria-selected="true"]', 'data-row').then(Number)
const playerAt = (page: Page, side: 'a' | 'b') =>
  page.getAttribute(`[data-testid="diff-player-${side}"]`, 'data-current-ts').then(Number)

async function frameText(page: Page, side: 'a' | 'b'): Promise<string> {
  const frame = await (await page.waitForSelector(`[data-testid="diff-frame-${side}"] iframe`)).contentFrame()
  return (await frame?.evaluate(() => document.body?.innerText ?? '')) ?? ''
}

/** The selected row's moments are where both players are. */
async function expectPlayersAtSelectedRow(page: Page): Promise<void> {
  const row = page.locator('.diff-row[aria-selected="true"]')
  const [aAt, bAt] = [Number(await row.getAttribute('data-a-at')), Number(await row.getAttribute('data-b-at'))]
  await poll(() => playerAt(page, 'a')).toBe(Math.round(aAt))
  await poll(() => playerAt(page, 'b')).toBe(Math.round(bAt))
}

describe('the diff view in Chromium', () => {
  let a = ''
  let b = ''
  let diff: SessionDiff

  it('two rows marked in the list → Compare → the aligned rows, opened at the first divergence', async () => {
    a = await recordVisit(env.core, env.browser, env.keep(await serveStyledShop(env.core)), shopFlow({ seed: 2 }))
    b = await recordVisit(env.core, env.browser, env.keep(await serveStyledShop(env.core)), detourFlow)
    diff = await env.core.api.diffSessions(a, b)
    expect(diff.firstDivergence).not.toBeNull()

    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    page.on('pageerror', (error) => console.error('[workspace]', error.message))
    await page.goto(env.core.workspaceUrl!)
    for (const id of [a, b]) await page.click(`.session-row[data-session-id="${id}"]`, { modifiers: ['Control'] })
    await expect(page.locator('.session-row[data-marked]').count()).resolves.toBe(2)
    await page.click('.compare-bar button:has-text("Compare")')
    await poll(() => page.evaluate(() => location.hash)).toBe(`#/diff/${a}/${b}?row=${diff.firstDivergence!.row}`)

    await page.waitForSelector('.diff-row')
    const ops = await page.$$eval('.diff-row', (rows) => rows.map((row) => row.getAttribute('data-op')))
    expect(ops).toEqual(diff.rows.map((row) => row.op))
    await expect(page.textContent('[data-testid="diff-summary"]')).resolves.toContain(`${diff.summary.onlyB} only in B`)
    expect(await selectedRow(page)).toBe(diff.firstDivergence!.row)
    // B's extra product is the first divergence; the players wait there, and so does the page comparison.
    await expect(page.locator('.diff-row[aria-selected="true"]').textContent()).resolves.toContain('Add to cart')
    await expectPlayersAtSelectedRow(page)
    await context.close()
  })

  it('clicking a row seeks both players there and compares the two pages; keys step through the differences', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    // The launch token comes in the first address; the workspace keeps it, so a diff address opens directly.
    await page.goto(env.core.workspaceUrl!)
    await page.evaluate((href) => (location.hash = href), `#/diff/${a}/${b}`)
    await page.waitForSelector('.diff-row[aria-selected="true"]')

    const pay = diff.rows.findIndex((row) => row.a?.label.includes('Pay now') && row.a.kind === 'click')
    await page.click(`.diff-row[data-row="${pay}"]`)
    expect(await selectedRow(page)).toBe(pay)
    await expectPlayersAtSelectedRow(page)
    // Both frames show their page at that moment: A paid, B's card was declined.
    await poll(() => frameText(page, 'a')).toContain('Thanks! Your order is confirmed.')
    await poll(() => frameText(page, 'b')).toContain('Payment failed: card declined')
    const differences = page.locator('[data-testid="page-differences"] li')
    await poll(() => differences.allTextContents()).toEqual([
      'URL: /thanks in A, / in B',
      expect.stringMatching(/^disabled only in A: .*“Pay now”$/),
      // B's extra product shows in the cart count.
      expect.stringMatching(/^only in A: .*“In cart: 2”$/),
      expect.stringMatching(/^only in A: .*“Thanks! Your order is confirmed\.”$/),
      expect.stringMatching(/^only in B: .*“In cart: 3”$/),
      expect.stringMatching(/^only in B: .*\[role=alert\] “Payment failed: card declined”$/)
    ])
    await poll(() => page.evaluate(() => location.hash)).toBe(`#/diff/${a}/${b}?row=${pay}`)
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true })
      await page.screenshot({ path: join(SCREENSHOTS, 'workspace-diff.png') })
    }

    // n / p: the next and previous rows that differ; ↑/↓ a row; f the first divergence.
    const differing = diff.rows.flatMap((row, index) => (row.op === 'same' ? [] : [index]))
    await page.keyboard.press('n')
    await poll(() => selectedRow(page)).toBe(differing.find((index) => index > pay)!)
    await expectPlayersAtSelectedRow(page)
    await page.keyboard.press('p')
    await poll(() => selectedRow(page)).toBe(differing.filter((index) => index < pay).at(-1)!)
    await page.keyboard.press('ArrowDown')
    await poll(() => selectedRow(page)).toBe(differing.filter((index) => index < pay).at(-1)! + 1)
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('f')
    await poll(() => selectedRow(page)).toBe(diff.firstDivergence!.row)
    await page.getByRole('button', { name: 'Next difference' }).click()
    await poll(() => selectedRow(page)).toBe(differing[1]!)
    await expectPlayersAtSelectedRow(page)

    // The address carries the row: a reload reopens the diff there, players and pages included.
    const hash = await page.evaluate(() => location.hash)
    expect(hash).toBe(`#/diff/${a}/${b}?row=${differing[1]}`)
    await page.reload()
    await page.waitForSelector('.diff-row[aria-selected="true"]')
    expect(await selectedRow(page)).toBe(differing[1]!)
    await expectPlayersAtSelectedRow(page)
    await page.waitForSelector('[data-testid="page-differences"]')
    await context.close()
  })

  it('"Compare with…" from a replay picks B with the keyboard', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    await page.goto(env.core.workspaceUrl!)
    await page.click(`.session-row[data-session-id="${a}"]`)
    await page.click('button:has-text("Compare with…")')
    await page.waitForSelector('.compare-list li[role="option"]')
    const listed = await page.$$eval('.compare-list li[role="option"]', (items) =>
      items.map((item) => item.getAttribute('data-session-id'))
    )
    expect(listed).toEqual([b])
    await page.keyboard.press('Enter')
    await poll(() => page.evaluate(() => location.hash)).toMatch(new RegExp(`^#/diff/${a}/${b}(\\?row=\\d+)?$`))
    await page.waitForSelector('.diff-row')
    await context.close()
  })
})
