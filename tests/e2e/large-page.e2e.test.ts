// The limits at the door are generous enough for real sites: a 1.3 MB HTML page (a long catalogue with an
// inline stylesheet, data: images and many attributes) recorded by the real recorder in Chromium is stored
// whole, every batch acknowledged with 200.
import { describe, expect, it } from 'vitest'
import { MAX_SNAPSHOT_NODES } from '../../src/shared/limits'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'

const env = useCoreAndChromium()

function catalogue(snippet: string): string {
  const style = Array.from(
    { length: 1500 },
    (_, i) => `.p${i} .price{color:#${((i * 2654435761) % 0xffffff).toString(16).padStart(6, '0')};margin:${i % 7}px}`
  ).join('\n')
  const pixel = `data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='.repeat(3)}`
  const cards = Array.from(
    { length: 1800 },
    (
      _,
      i
    ) => `<article class="card p${i}" data-sku="SKU-${100000 + i}" data-category="cat-${i % 40}" aria-label="Product ${i}">
  <img src="${pixel}" alt="Product ${i}" width="120" height="90" loading="lazy">
  <h3><a href="/products/${i}?ref=list&amp;pos=${i}">Product number ${i} — a fairly long product title for the list</a></h3>
  <p class="price">${(i * 1.37).toFixed(2)} EUR</p><p class="desc">Description of product ${i}: sturdy, useful, and shipped within two days.</p>
  <button class="btn add-to-cart" type="button" data-id="${i}">Add to cart</button>
</article>`
  ).join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Catalogue</title><style>${style}</style></head>
<body><header><nav>${Array.from({ length: 60 }, (_, i) => `<a href="/c/${i}">Category ${i}</a>`).join(' ')}</nav></header>
<main>${cards}</main>${snippet}</body></html>`
}

describe('a 1.3 MB HTML page', () => {
  it('is recorded and stored whole: every batch accepted', async () => {
    const { core, browser } = env
    const html = catalogue(snippetTag(core))
    expect(html.length).toBeGreaterThan(1.3 * 1024 * 1024)
    const site = env.keep(await servePages({ '/': html }))
    const page = await browser.newPage()
    const statuses: number[] = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/ingest') statuses.push(response.status())
    })
    await page.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(page)).recording)
    await page.click('[data-id="3"]')
    await flushRecorder(page)
    const { sessionId } = await recorderState(page)
    await waitFor('the snapshot stored', () => core.store.getEvents(sessionId!).some((event) => event.type === 2))
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses.every((status) => status === 200)).toBe(true)

    // How close to the node limit such a page comes: count the snapshot's nodes (iteratively).
    const snapshot = core.store.getEvents(sessionId!).find((event) => event.type === 2)!
    const stack: unknown[] = [(snapshot.data as { node: unknown }).node]
    let nodes = 0
    while (stack.length) {
      const node = stack.pop() as { childNodes?: unknown[] }
      nodes++
      stack.push(...(node.childNodes ?? []))
    }
    expect(nodes).toBeGreaterThan(20_000)
    expect(nodes).toBeLessThan(MAX_SNAPSHOT_NODES / 4)
    console.log(
      `a ${(html.length / 1024 / 1024).toFixed(2)} MB page: ${nodes} nodes in its snapshot, ${statuses.length} batches`
    )
  })
})
