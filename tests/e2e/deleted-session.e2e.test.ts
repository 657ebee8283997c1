// Deleted means deleted: a session the developer deletes while its tab is still recording is not
// recreated from the batches that tab sends afterwards, and the tab stops recording it.
import { describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'

const PAGE = (snippet: string, title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><button id="more" type="button">More</button><a id="next" href="/two.html">Next</a>
<script>document.getElementById('more').addEventListener('click', () => document.body.append(document.createElement('p')))</script>
${snippet}</body></html>`

const env = useCoreAndChromium()

describe('a session deleted while its tab records', () => {
  it('is refused (410), the tab stops recording it, and its later page loads record nothing', async () => {
    const { core, browser } = env
    const snippet = snippetTag(core)
    const site = env.keep(await servePages({ '/': PAGE(snippet, 'One'), '/two.html': PAGE(snippet, 'Two') }))
    const page = await browser.newPage()
    const ingestStatuses: number[] = []
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/ingest') ingestStatuses.push(response.status())
    })
    await page.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(page)).recording)
    const { sessionId } = await recorderState(page)
    await page.click('#more')
    await flushRecorder(page)
    expect(core.store.getSession(sessionId!)).not.toBeNull()

    await core.api.deleteSession(sessionId!) // rejects with NotFoundError if there were nothing to delete
    await page.click('#more')
    await flushRecorder(page)
    await waitFor('the recorder to stop', async () => !(await recorderState(page)).recording)
    expect(ingestStatuses).toContain(410)
    expect(core.store.getSession(sessionId!)).toBeNull()

    // The next page load of the tab knows it too: nothing is recorded or sent.
    const sentBefore = ingestStatuses.length
    await page.click('#next')
    await page.waitForURL(`${site.url}/two.html`)
    await page.click('#more')
    expect(await recorderState(page)).toEqual({ sessionId: null, recording: false })
    await flushRecorder(page)
    expect(ingestStatuses.length).toBe(sentBefore)
    expect(core.store.listSessions().map((session) => session.id)).not.toContain(sessionId)
  })
})
