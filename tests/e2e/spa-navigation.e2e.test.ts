// A single-page app recorded in Chromium: its route changes (history.pushState/replaceState, back, hash
// links) reach the session's pages, the search index and the dead-click rule at the moment they happen,
// not at the next periodic snapshot 30 s later.
import { describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'

const APP = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SPA</title></head>
<body>
  <nav>
    <a href="/products" data-route>Products</a>
    <a href="/products/7" data-route>Blue mug</a>
    <a href="#reviews" id="reviews-link">Reviews</a>
    <button id="filter" type="button">Only in stock</button>
    <button id="dead" type="button">Does nothing</button>
  </nav>
  <main id="view"><h1>Home</h1></main>
  <script>
    const render = () => { document.getElementById('view').innerHTML = '<h1>' + location.pathname + '</h1>' }
    for (const link of document.querySelectorAll('[data-route]')) {
      link.addEventListener('click', (event) => {
        event.preventDefault()
        history.pushState({}, '', link.getAttribute('href'))
        render()
      })
    }
    // A filter kept in the URL only: no DOM change at all.
    document.getElementById('filter').addEventListener('click', () => history.replaceState({}, '', location.pathname + '?stock=1'))
    addEventListener('popstate', render)
  </script>
  ${snippet}
</body></html>`

const env = useCoreAndChromium()

describe('a single-page app', () => {
  it('records route changes as pages at their time, searchable with url:, and they make a click not dead', async () => {
    const { core, browser } = env
    const site = env.keep(await servePages({ '/': APP(snippetTag(core)) }))
    const page = await browser.newPage()
    await page.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(page)).recording)
    const sessionId = (await recorderState(page)).sessionId!

    const clickedAt: Record<string, number> = {}
    const clickAndNote = async (selector: string) => {
      clickedAt[selector] = Date.now()
      await page.click(selector)
    }
    await clickAndNote('a[href="/products"]')
    await clickAndNote('a[href="/products/7"]')
    await clickAndNote('#filter')
    await page.goBack()
    await page.waitForURL(`${site.url}/products`)
    await clickAndNote('#reviews-link')
    await page.waitForTimeout(200)
    await clickAndNote('#dead')
    // Later events close the dead clicks' 1 s window.
    await page.waitForTimeout(1300)
    await page.mouse.move(10, 10)
    await page.mouse.move(40, 60, { steps: 4 })
    await flushRecorder(page)

    const detail = core.store.getSession(sessionId)!
    expect(detail.urls).toEqual([
      `${site.url}/`,
      `${site.url}/products`,
      `${site.url}/products/7`,
      `${site.url}/products/7?stock=1`,
      `${site.url}/products`,
      `${site.url}/products#reviews`
    ])
    // Each route is listed from the moment it changed (the page's clock and ours are the same machine's).
    const productPage = detail.pages.find((visit) => visit.url === `${site.url}/products/7`)!
    expect(productPage.at).toBeGreaterThanOrEqual(clickedAt['a[href="/products/7"]']!)
    expect(productPage.at).toBeLessThan(clickedAt['#filter']!)

    const hits = async (query: string) =>
      (await core.api.searchSessions(query)).find((result) => result.sessionId === sessionId)?.hits ?? []
    const productHits = await hits('url:*/products/7')
    expect(productHits.map((hit) => hit.kind)).toEqual(['navigation'])
    expect(productHits[0]!.timestamp).toBe(productPage.at)
    expect((await hits('url:#reviews')).map((hit) => hit.text)).toEqual([`${site.url}/products#reviews`])

    // The filter button changed only the URL: not a dead click. The button that does nothing is.
    const dead = await hits('dead')
    expect(dead.map((hit) => hit.selector)).toEqual([expect.stringContaining('#dead')])
  })
})
