// The session list and the rest of the workspace at the sizes people use (1024 px and narrower) in real
// Chromium: columns fit, the header follows sideways scrolling, the Pages column keeps the end of the URL,
// errors and rage clicks per session, the filters' hints; the snippet from Settings and "Record a site",
// Settings' confirmation and the theme.
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import {
  click,
  custom,
  documentWith,
  el,
  meta,
  mouseMove,
  sessionBatches,
  snapshot,
  text
} from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { postBatch } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })
const LONG_URL = 'https://shop.example.com/account/orders/2024/11/order-84213/confirmation?step=payment'
const ANGRY = 'list-angry-00001'
const CALM = 'list-calm-000001'
let context: BrowserContext
let page: Page

beforeAll(async () => {
  const start = Date.now() - 60_000
  const shop = documentWith(el(10, 'button', { id: 'buy' }, [text(11, 'Buy')]), el(12, 'p', {}, [text(13, 'Hello')]))
  const angry = sessionBatches(ANGRY, [
    {
      events: [
        meta(start, LONG_URL),
        snapshot(start + 1, shop),
        click(start + 1000, 10),
        click(start + 1200, 10, 104, 101),
        click(start + 1400, 10),
        custom(start + 2000, 'error', { name: 'TypeError', message: 'price is undefined' }),
        mouseMove(start + 5000)
      ]
    }
  ])
  const calm = sessionBatches(CALM, [
    { events: [meta(start - 3600_000, 'http://localhost:3000/'), snapshot(start - 3600_000 + 1, shop)] }
  ])
  for (const batch of [...angry, ...calm]) expect((await postBatch(env.core, gzipBatch(batch))).status).toBe(200)
  await env.core.api.pinSession(CALM, 'A calm visit with a long pin name that will not fit', '')
  // The counts come from the search index, built when ingest goes quiet; a search builds what is still queued.
  await env.core.api.searchSessions('error')
  context = await env.browser.newContext({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' })
  page = await context.newPage()
  await page.goto(env.core.workspaceUrl!)
  await page.waitForSelector(`.session-row[data-session-id="${CALM}"]`)
})
afterAll(() => context?.close())

const poll = <T>(check: () => Promise<T> | T) => expect.poll(check, { timeout: 15_000 })
const row = (id: string) => page.locator(`.session-row[data-session-id="${id}"]`)

/** Left and right edges of each header cell and of each cell of the first row, and what the body shows. */
function layout() {
  return page.evaluate(() => {
    // The cells the table shows (in a narrow table the size columns are display: none).
    const shown = (selector: string) =>
      [...document.querySelectorAll(selector)].filter((cell) => cell.getClientRects().length > 0)
    const edges = (selector: string) =>
      shown(selector).map((cell) => {
        const rect = cell.getBoundingClientRect()
        return [Math.round(rect.left), Math.round(rect.right)]
      })
    const body = document.querySelector('.session-table-body')!
    return {
      head: edges('.session-table-head [role="columnheader"]'),
      cells: edges('.session-row:first-child [role="gridcell"]'),
      labels: shown('.session-table-head [role="columnheader"]').map((h) => h.textContent!.replace(/[▾▴]/, '')),
      visibleRight: body.getBoundingClientRect().left + body.clientWidth,
      scrollWidth: body.scrollWidth,
      clientWidth: body.clientWidth
    }
  })
}

describe('the session list at 1024 px', () => {
  it('fits every column it shows, header cells above their cells, nothing scrolled out of view', async () => {
    const { head, cells, labels, visibleRight, scrollWidth, clientWidth } = await layout()
    expect(labels).toEqual(['Started', 'Duration', 'Pages', 'Browser', 'OS', 'Device', 'IP', 'Issues', 'Pinned'])
    expect(scrollWidth).toBe(clientWidth)
    expect(Math.max(...head.map(([, right]) => right!))).toBeLessThanOrEqual(visibleRight)
    expect(cells).toEqual(head)
  })

  it('keeps the end of a long URL in the Pages column (cut at its start)', async () => {
    const ends = await row(ANGRY)
      .locator('.url-text')
      .evaluate((box) => {
        const textNodes: Text[] = []
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT)
        while (walker.nextNode()) textNodes.push(walker.currentNode as Text)
        const charRect = (node: Text, at: number) => {
          const range = document.createRange()
          range.setStart(node, at)
          range.setEnd(node, at + 1)
          return range.getBoundingClientRect()
        }
        const last = textNodes.at(-1)!
        const boxRect = box.getBoundingClientRect()
        return {
          overflows: box.scrollWidth > box.clientWidth,
          firstVisible: charRect(textNodes[0]!, 0).left >= boxRect.left,
          lastVisible: charRect(last, last.length - 1).right <= boxRect.right + 0.5
        }
      })
    expect(ends).toEqual({ overflows: true, firstVisible: false, lastVisible: true })
    expect(await row(ANGRY).locator('.url').getAttribute('title')).toBe(LONG_URL)
  })

  it('marks errors and rage clicks per session and names the pin', async () => {
    await expect(row(ANGRY).locator('[data-issue="error"]').getAttribute('title')).resolves.toBe('1 recorded error')
    await expect(row(ANGRY).locator('[data-issue="rage"]').getAttribute('title')).resolves.toBe('3 rage clicks')
    expect(await row(CALM).locator('[data-issue]').count()).toBe(0)
    expect(await row(CALM).textContent()).toContain('★ A calm visit')
    // Sorting by issues puts the angry session first either way round it started.
    await page.click('.session-table-head button:has-text("Issues")')
    await poll(() => page.getAttribute('.session-row[aria-rowindex="2"]', 'data-session-id')).toBe(ANGRY)
    await page.click('.session-table-head button:has-text("Started")')
  })

  it('scrolls sideways with its header when the window is narrower still', async () => {
    await page.setViewportSize({ width: 760, height: 700 })
    try {
      const before = await layout()
      expect(before.scrollWidth).toBeGreaterThan(before.clientWidth)
      await page.$eval('.session-table-body', (body) => (body.scrollLeft = 150))
      await poll(() => page.$eval('.session-table-head', (head) => head.scrollLeft)).toBe(150)
      const after = await layout()
      expect(after.cells).toEqual(after.head)
      expect(after.head[0]![0]).toBe(before.head[0]![0]! - 150)
    } finally {
      await page.setViewportSize({ width: 1024, height: 700 })
    }
  })

  it('says "no match" in the table body, under the headers, and explains a From day after the To day', async () => {
    await page.fill('input[aria-label="Filter by URL, browser, OS or IP"]', 'no-such-session-anywhere')
    const empty = page.locator('.session-table-body .session-table-empty')
    await poll(() => empty.textContent()).toBe('No session matches the filter.')
    const headBottom = await page.$eval('.session-table-head', (head) => head.getBoundingClientRect().bottom)
    expect((await empty.boundingBox())!.y).toBeGreaterThanOrEqual(headBottom)
    await page.click('.toolbar button:has-text("Clear")')

    await page.fill('label:has-text("From") input[type="date"]', '2030-01-02')
    await page.fill('label:has-text("To") input[type="date"]', '2030-01-01')
    await poll(() => page.textContent('#date-range-hint')).toContain('From is after To')
    expect(await empty.textContent()).toBe('No session: the From day is after the To day.')
    await page.click('#date-range-hint button:has-text("Swap them")')
    expect(await page.inputValue('label:has-text("From") input[type="date"]')).toBe('2030-01-01')
    expect(await page.locator('#date-range-hint').count()).toBe(0)
    await page.click('.toolbar button:has-text("Clear")')
  })
})

/** Where the snippet's lines break, each as the text around the break with the break shown as ⏎. */
function lineBreaksOf(page: Page, selector: string) {
  return page.$eval(selector, (code) => {
    const chars: { char: string; top: number | null }[] = []
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT)
    while (walker.nextNode()) {
      const node = walker.currentNode as Text
      for (let at = 0; at < node.length; at++) {
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + 1)
        // A space that ends a line has no box of its own.
        chars.push({ char: node.data[at]!, top: range.getClientRects()[0]?.top ?? null })
      }
    }
    const text = chars.map((entry) => entry.char).join('')
    const breaks: string[] = []
    let top: number | null = null
    chars.forEach((entry, at) => {
      if (entry.top === null) return
      if (top !== null && entry.top > top + 2) {
        breaks.push(`${text.slice(Math.max(0, at - 12), at).trimEnd()}⏎${text.slice(at, at + 12)}`)
      }
      top = entry.top
    })
    return { text, breaks }
  })
}

describe('the snippet, Settings and the theme', () => {
  it('keeps the snippet in Settings and behind "Record a site", wrapped between attributes, with copy', async () => {
    await page.click('a.nav-link:has-text("Settings")')
    const settingsSnippet = '.settings-view [data-testid="snippet"]'
    const inSettings = await page.textContent(settingsSnippet)
    expect(inSettings).toContain(`${env.core.receiverUrl}/recorder.js`)

    await page.click('button:has-text("Record a site")')
    const dialogSnippet = 'dialog [data-testid="snippet"]'
    expect(await page.textContent(dialogSnippet)).toBe(inSettings)
    // It wraps in both boxes, and a break falls only where a space was, never inside an attribute.
    for (const selector of [settingsSnippet, dialogSnippet]) {
      const { text, breaks } = await lineBreaksOf(page, selector)
      expect(text).toBe(inSettings)
      expect(breaks.length, selector).toBeGreaterThan(0)
      for (const around of breaks) {
        const [before, after] = around.split('⏎')
        expect(inSettings).toContain(`${before} ${after}`)
      }
    }
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.click('dialog button[aria-label="Copy the snippet"]')
    await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(inSettings)
    await page.keyboard.press('Escape')
    expect(await page.locator('dialog[open]').count()).toBe(0)
  })

  it('confirms a save of the retention setting, also when the saved value re-keys the form', async () => {
    await page.check('input[name="retention"] >> nth=1')
    await page.fill('input[aria-label="Retention in days"]', '45')
    await page.click('button:has-text("Save")')
    await poll(() => page.textContent('[data-testid="settings-saved"]')).toMatch(/^Saved at /)
    expect((await env.core.api.getSettings()).retentionDays).toBe(45)
    // Editing again: the confirmation is about the saved value, so it goes until the next save.
    await page.fill('input[aria-label="Retention in days"]', '46')
    expect(await page.textContent('[data-testid="settings-saved"]')).toBe('')
  })

  it('follows the system theme until told otherwise, and remembers the choice in this browser', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)
    const dark = await background()
    await page.emulateMedia({ colorScheme: 'light' })
    const light = await background()
    expect(light).not.toBe(dark)
    await page.check('input[name="theme"][value="dark"]')
    expect(await background()).toBe(dark)
    await page.reload()
    await page.waitForSelector('input[name="theme"][value="dark"]:checked')
    expect(await background()).toBe(dark)
    await page.check('input[name="theme"][value="system"]')
    expect(await background()).toBe(light)
    await page.emulateMedia({ colorScheme: 'dark' })
  })
})
