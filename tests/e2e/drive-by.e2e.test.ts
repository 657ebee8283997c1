// Drive-by protection in real Chromium: a page the developer merely visits cannot write (no ingest key),
// a page with a wrong key or from an origin not on the allow-list is refused and its recorder stops; the
// key is shown and rotated in Settings, and the new snippet records.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'

const PAGE = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><button id="more" type="button">More</button>
<script>document.getElementById('more').addEventListener('click', () => document.body.append(document.createElement('p')))</script>
${snippet}</body></html>`

const env = useCoreAndChromium({ browserMode: true })

/** A page that watches its own POSTs to the receiver and the recorder's warnings. */
async function watchedPage(): Promise<{ page: Page; statuses: number[]; warnings: string[] }> {
  const page = await env.browser.newPage()
  const statuses: number[] = []
  const warnings: string[] = []
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/ingest') statuses.push(response.status())
  })
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text())
  })
  return { page, statuses, warnings }
}

/** Records a click on `url`'s page and flushes; resolves with the page's session id once stored. */
async function recordsInto(page: Page, url: string): Promise<string> {
  await page.goto(url)
  await waitFor('recording', async () => (await recorderState(page)).recording)
  await page.click('#more')
  await flushRecorder(page)
  const { sessionId } = await recorderState(page)
  await waitFor('the session stored', () => env.core.store.getSession(sessionId!))
  return sessionId!
}

describe('drive-by protection', () => {
  it('a page that posts a batch without the key cannot write (401, readable, nothing stored)', async () => {
    const { core } = env
    const site = env.keep(await servePages({ '/': '<!doctype html><title>Somewhere else</title>' }))
    const page = await env.browser.newPage()
    await page.goto(`${site.url}/`)
    const before = core.store.countBatches()
    const answer = await page.evaluate(async (receiver) => {
      const batch = JSON.stringify({
        v: 1,
        sessionId: 'drive-by-attempt-01',
        seq: 0,
        segment: 0,
        sentAt: Date.now(),
        meta: {},
        events: [{ type: 5, timestamp: Date.now(), data: { tag: 'x', payload: {} } }]
      })
      const gzip = await new Response(new Blob([batch]).stream().pipeThrough(new CompressionStream('gzip'))).blob()
      const response = await fetch(`${receiver}/ingest`, {
        method: 'POST',
        body: gzip,
        headers: { 'Content-Type': 'text/plain' }
      })
      return { status: response.status, body: await response.json() }
    }, core.receiverUrl)
    expect(answer.status).toBe(401)
    expect(answer.body.error).toMatch(/missing or wrong ingest key/)
    expect(core.store.countBatches()).toBe(before)
    expect(core.store.getSession('drive-by-attempt-01')).toBeNull()
  })

  it('a snippet without data-key records nothing; one with a wrong key is refused once and stops', async () => {
    const { core } = env
    const missing = snippetTag(core).replace(/ data-key="[^"]*"/, '')
    const wrong = snippetTag(core, { 'data-key': 'not-the-key-of-this-install-0000' })
    const site = env.keep(await servePages({ '/missing': PAGE(missing), '/wrong': PAGE(wrong) }))

    const withoutKey = await watchedPage()
    await withoutKey.page.goto(`${site.url}/missing`)
    expect(await recorderState(withoutKey.page)).toEqual({ sessionId: null, recording: false })
    expect(withoutKey.warnings.join('\n')).toMatch(/no data-key/)

    const wrongKey = await watchedPage()
    await wrongKey.page.goto(`${site.url}/wrong`)
    const { sessionId } = await recorderState(wrongKey.page)
    await wrongKey.page.click('#more')
    await flushRecorder(wrongKey.page)
    await waitFor('the recorder to stop', async () => !(await recorderState(wrongKey.page)).recording)
    expect(wrongKey.statuses).toEqual([401])
    expect(wrongKey.warnings.join('\n')).toMatch(/refused this page's recording \(HTTP 401/)
    await wrongKey.page.click('#more')
    await flushRecorder(wrongKey.page)
    expect(wrongKey.statuses).toEqual([401])
    expect(core.store.getSession(sessionId!)).toBeNull()
  })

  it('Settings shows the key and rotates it: the old snippet is refused, the new one records', async () => {
    const { core } = env
    const oldKey = core.ingestKey()
    const oldSite = env.keep(await servePages({ '/': PAGE(snippetTag(core)) }))
    const workspace = await env.browser.newPage({ viewport: { width: 1280, height: 900 } })
    await workspace.goto(core.workspaceUrl!)
    await workspace.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click()
    const keyShown = workspace.getByTestId('ingest-key')
    await keyShown.waitFor()
    expect(await keyShown.textContent()).toBe(oldKey)
    expect(await workspace.getByTestId('snippet').textContent()).toContain(`data-key="${oldKey}"`)

    await workspace.getByRole('button', { name: 'Rotate key…' }).click()
    await workspace.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click()
    await waitFor('the new key shown', async () => (await keyShown.textContent()) !== oldKey)
    const newKey = core.ingestKey()
    expect(await keyShown.textContent()).toBe(newKey)
    await waitFor('the new snippet', async () =>
      (await workspace.getByTestId('snippet').textContent())?.includes(newKey)
    )

    const stale = await watchedPage()
    await stale.page.goto(`${oldSite.url}/`)
    await stale.page.click('#more')
    await flushRecorder(stale.page)
    await waitFor('the stale page to stop', async () => !(await recorderState(stale.page)).recording)
    expect(stale.statuses).toEqual([401])

    const freshSite = env.keep(await servePages({ '/': PAGE(snippetTag(core)) }))
    expect(await recordsInto((await watchedPage()).page, `${freshSite.url}/`)).toBeTruthy()
    await workspace.close()
  })

  it('with allowed origins set in Settings, another origin is refused (403) and stops; a listed one records', async () => {
    const { core } = env
    const listed = env.keep(await servePages({ '/': PAGE(snippetTag(core)) }))
    const other = env.keep(await servePages({ '/': PAGE(snippetTag(core)) }))
    const workspace = await env.browser.newPage({ viewport: { width: 1280, height: 900 } })
    await workspace.goto(core.workspaceUrl!)
    await workspace.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click()
    const origins = workspace.getByLabel('Allowed origins, one per line')
    await origins.fill('not an origin')
    await workspace.getByRole('button', { name: 'Save' }).nth(1).click()
    await workspace.getByText('"not an origin" is not an origin').waitFor()
    await origins.fill(`${listed.url}/`)
    await workspace.getByRole('button', { name: 'Save' }).nth(1).click()
    await waitFor('the allow-list saved', () => core.store.getSettings().allowedOrigins.length === 1)
    expect(core.store.getSettings().allowedOrigins).toEqual([listed.url])
    if (process.env.KEEP_SCREENSHOTS) await workspace.screenshot({ path: process.env.KEEP_SCREENSHOTS, fullPage: true })

    const refused = await watchedPage()
    await refused.page.goto(`${other.url}/`)
    await refused.page.click('#more')
    await flushRecorder(refused.page)
    await waitFor('the other origin to stop', async () => !(await recorderState(refused.page)).recording)
    expect(refused.statuses).toEqual([403])
    expect(await recordsInto((await watchedPage()).page, `${listed.url}/`)).toBeTruthy()

    await origins.fill('')
    await workspace.getByRole('button', { name: 'Save' }).nth(1).click()
    await waitFor('the allow-list cleared', () => core.store.getSettings().allowedOrigins.length === 0)
    await workspace.close()
  })
})
