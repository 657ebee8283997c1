// Records one visit to a test site with the real recorder in Chromium and waits until the store has it.
import type { Browser, Page } from 'playwright-core'
import { flushRecorder, recorderState, waitFor, type PageServer } from './browser'
import type { TestCore } from './test-core'

/**
 * Waits until no batch arrived for QUIET_MS: closing the page sends a last batch on a keepalive request, and a
 * late batch can shift chunk indexes (store/replay-chunks.ts) under a test reading the session chunk by chunk.
 */
async function untilQuiet(core: TestCore, sessionId: string): Promise<void> {
  const QUIET_MS = 400
  let count = -1
  let since = Date.now()
  await waitFor('no more batches', () => {
    const now = core.store.getSession(sessionId)?.batchCount ?? 0
    if (now !== count) {
      count = now
      since = Date.now()
    }
    return Date.now() - since >= QUIET_MS
  })
}

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
    await flushRecorder(page)
    const sessionId = (await recorderState(page)).sessionId! // final after a flush (duplicate-tab.ts)
    await page.close()
    await waitFor('recording stored', () => (core.store.getSession(sessionId)?.batchCount ?? 0) > 0)
    await untilQuiet(core, sessionId)
    return sessionId
  } finally {
    if (!page.isClosed()) await page.close()
  }
}
