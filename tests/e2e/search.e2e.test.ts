// Search on real recordings: pages with known structure recorded by the real recorder (rrweb) in Chromium,
// sent to the real receiver, indexed at ingest into a real SQLite file, queried through the core API,
// the browser-mode HTTP API and the index.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResult } from '../../src/shared/types'
import {
  flushRecorder,
  launchChromium,
  recorderState,
  servePages,
  snippetTag,
  waitFor,
  type PageServer
} from '../helpers/browser'
import { callApi, startTestCore, type TestCore } from '../helpers/test-core'

const SHOP = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Search test shop</title>
<style>button { padding: 8px 16px; margin: 4px } #dead { position: absolute; left: 600px; top: 40px }</style></head>
<body>
  <nav class="filters">
    <ul>
      <li><a href="#/" class="selected">All</a></li>
      <li><a href="#/active">Active</a></li>
      <li><a href="#/completed">Completed</a></li>
    </ul>
  </nav>
  <main>
    <ul class="products">
      <li class="card" data-testid="product-1"><h3>Lamp</h3><button class="btn add-to-cart" type="button"><span class="label">Add</span></button></li>
      <li class="card featured" data-testid="product-2"><h3>Chair</h3><button class="btn add-to-cart" type="button"><span class="label">Add</span></button></li>
    </ul>
    <form class="checkout" onsubmit="return false">
      <label for="email">Email</label>
      <input id="email" name="email" type="email">
      <div class="actions">
        <button type="button" class="btn secondary" id="back">Back</button>
        <button type="submit" class="btn primary checkout-btn" id="pay"><span class="label">Pay now</span></button>
      </div>
    </form>
    <button id="toggle" class="toggle" type="button">Toggle</button>
    <button id="dead" class="dead-btn" type="button">Does nothing</button>
    <div id="status"></div>
    <a id="next" href="/next.html">Next page</a>
  </main>
  <script>
    for (const button of document.querySelectorAll('.add-to-cart')) {
      button.addEventListener('click', () => {
        document.getElementById('status').textContent = 'Added to cart: ' + button.closest('li').querySelector('h3').textContent
      })
    }
    document.getElementById('toggle').addEventListener('click', (event) => event.currentTarget.classList.toggle('on'))
    document.getElementById('pay').addEventListener('click', () => {
      const toast = document.createElement('div')
      toast.className = 'toast'
      toast.textContent = 'Payment accepted, order 4711'
      document.body.appendChild(toast)
    })
    addEventListener('hashchange', () => {
      for (const a of document.querySelectorAll('.filters a')) a.classList.toggle('selected', a.getAttribute('href') === location.hash)
    })
  </script>
  ${snippet}
</body></html>`

const NEXT = (snippet: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>Next</title></head>
<body><section class="next-page"><button class="again" type="button">Again</button></section>${snippet}</body></html>`

let core: TestCore
let browser: Browser
let site: PageServer
let sessionId: string

const flush = flushRecorder
const handle = recorderState

/** The session's hits for a query, via the core API (what the workspace calls over IPC). */
async function hits(query: string): Promise<SearchResult['hits']> {
  const results = await core.api.searchSessions(query)
  return results.find((result) => result.sessionId === sessionId)?.hits ?? []
}

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  const snippet = snippetTag(core, { 'data-mask-level': 'moderate' })
  site = await servePages({ '/': SHOP(snippet), '/next.html': NEXT(snippet) })
  browser = await launchChromium()

  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } })
  const page = await context.newPage()
  await page.goto(`${site.url}/`)
  await waitFor('recording', async () => (await handle(page)).recording)
  sessionId = (await handle(page)).sessionId!

  await page.click('a[href="#/active"]')
  await page.click('[data-testid="product-2"] .add-to-cart .label')
  await page.fill('#email', 'alice@example.com')
  await page.click('#toggle')
  await page.waitForTimeout(300)
  await page.click('#toggle')
  await page.click('#pay .label')
  await page.waitForTimeout(300)
  // Three quick clicks on a button that does nothing: a rage burst of dead clicks.
  const box = (await page.locator('#dead').boundingBox())!
  for (let i = 0; i < 3; i++) {
    await page.mouse.click(box.x + 20 + i * 5, box.y + 10)
    await page.waitForTimeout(120)
  }
  // Later events close the 1 s dead-click window.
  await page.waitForTimeout(1300)
  await page.mouse.move(50, 700)
  await page.mouse.move(60, 650, { steps: 5 })
  await flush(page)
  await page.click('#next')
  await page.waitForURL(`${site.url}/next.html`)
  await waitFor('recording on page 2', async () => (await handle(page)).recording)
  await page.click('button.again')
  await flush(page)
  await context.close()

  await waitFor('both pages indexed', async () => (await hits('clicked:.again')).length === 1)
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await core?.dispose()
})

describe('search over a recording made in Chromium', () => {
  it('ancestor selectors: a click on a nested span is found by its button, form and list item', async () => {
    const pay = await hits('clicked:"form.checkout button"')
    expect(pay).toHaveLength(1)
    expect(pay[0]).toMatchObject({ kind: 'click', text: 'Pay now' })
    expect(pay[0]!.selector).toBe('div.actions > button#pay.btn.primary.checkout-btn')
    expect(await hits('clicked:.checkout-btn')).toHaveLength(1)
    expect(await hits('clicked:"li.card.featured > button"')).toHaveLength(1)
    expect(await hits('clicked:"[data-testid=product-2] .add-to-cart"')).toHaveLength(1)
  })

  it('attribute selectors, :not() and combinators, as the DOM was at click time', async () => {
    // rrweb records links as absolute URLs; selectors written like the page source still match.
    expect(await hits('clicked:a[href="#/active"]')).toHaveLength(1)
    expect(await hits('clicked:a[href="/next.html"]')).toHaveLength(1)
    expect(await hits(`clicked:a[href="${site.url}/next.html"]`)).toHaveLength(1)
    expect(await hits('clicked:a[href$="next.html"]')).toHaveLength(1)
    // When it was clicked, the Active link was not selected yet (the page selected it right after).
    expect(await hits('clicked:"nav.filters a:not(.selected)"')).toHaveLength(1)
    expect(await hits('clicked:"nav.filters a.selected"')).toHaveLength(0)
    expect(await hits('clicked:".secondary + .checkout-btn"')).toHaveLength(1)
    expect(await hits('clicked:"h3 ~ button"')).toHaveLength(1)
    expect(await hits('clicked:"ul.products > li:nth-child(2) button"')).toHaveLength(1)
    // The same button clicked twice: first without .on, then with it.
    const on = await hits('clicked:#toggle.on')
    const off = await hits('clicked:#toggle:not(.on)')
    expect(on).toHaveLength(1)
    expect(off).toHaveLength(1)
    expect(off[0]!.timestamp).toBeLessThan(on[0]!.timestamp)
  })

  it('no false matches', async () => {
    for (const query of [
      'clicked:"[data-testid=product-1] button"',
      'clicked:.checkout-btn.secondary',
      'clicked:"nav button"',
      'clicked:#back',
      'clicked:"form.checkout > button"',
      'clicked:a[href="#/completed"]',
      'clicked:"li.card:not(.featured) button"'
    ]) {
      expect({ query, hits: await hits(query) }).toEqual({ query, hits: [] })
    }
  })

  it('inputs: the field is found by selector, its masked value is not stored', async () => {
    const typed = await hits('input:"form.checkout label + input#email"')
    expect(typed.length).toBeGreaterThanOrEqual(1)
    expect(typed.every((hit) => hit.kind === 'input' && hit.text === null)).toBe(true)
    const stored = core.store.db.prepare("SELECT count(*) AS n FROM search_events WHERE text LIKE '%alice%'").get()
    expect(stored).toEqual({ n: 0 })
  })

  it('visible text, pages, rage and dead clicks', async () => {
    expect((await hits('text:"Payment accepted"'))[0]).toMatchObject({
      kind: 'text',
      text: 'Payment accepted, order 4711'
    })
    expect(await hits('text:"added to cart: chair"')).toHaveLength(1)
    expect((await hits('url:*/next.html'))[0]).toMatchObject({ kind: 'navigation', text: `${site.url}/next.html` })
    expect(await hits('clicked:.again')).toHaveLength(1) // node ids restarted on the second page

    const rage = await hits('rage')
    expect(rage).toHaveLength(3)
    expect(rage.every((hit) => hit.selector === 'main > button#dead.dead-btn')).toBe(true)
    const dead = await hits('dead')
    expect(dead.map((hit) => hit.selector)).toEqual(Array(3).fill('main > button#dead.dead-btn'))
    expect(await hits('rage dead clicked:#dead browser:chrom os:linux ip:127.0.0.1 duration>1s')).toHaveLength(9)
  })

  it('the browser-mode HTTP API answers the same, and says where an invalid query is wrong', async () => {
    const call = (query: string) => callApi<SearchResult[]>(core, 'searchSessions', query)
    const ok = await call('clicked:.checkout-btn')
    expect(ok.status).toBe(200)
    expect(ok.result).toEqual(await core.api.searchSessions('clicked:.checkout-btn'))
    const bad = await call('clicked:.checkout-btn url:')
    expect(bad.status).toBe(400)
    expect(bad.error).toBe(
      'invalid query at column 27: url: needs a value (part of a URL or a glob, e.g. url:/checkout or url:*/orders/*)'
    )
  })
})
