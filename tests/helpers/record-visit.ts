// Records one visit to a test site with the real recorder in Chromium and waits until the store has it.
import type { Browser, Page } from 'playwright-core'
import { flushRecorder, recorderState, waitFor, type PageServer } from './browser'
import type { TestCore } from './test-core'

/** Opens `site`'s `/`, runs `visit`, flushes and closes the page; returns the session id once it is stored. */
export async function recordVisit(
  core: TestCore,
  browser: Browser,
  site: PageServer,
  visit: (page: Page) => Promise<void>
): Promise<string> {
  const page = await browser.newPage()
  try {
    await page.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(page)).recording)
    await visit(page)
    const sessionId = (await recorderState(page)).sessionId!
    await flushRecorder(page)
    await page.close()
    await waitFor('recording stored', () => (core.store.getSession(sessionId)?.batchCount ?? 0) > 0)
    return sessionId
  } finally {
    if (!page.isClosed()) await page.close()
  }
}
