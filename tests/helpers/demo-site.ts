// The demo shop (resources/demo) served on its own loopback port with the recorder snippet in it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import {
  flushRecorder,
  recorderState,
  servePages,
  snippetTag,
  waitFor,
  type PageServer,
  type SnippetReceiver
} from './browser'
import { PROJECT_ROOT, type TestCore } from './test-core'

const DEMO_DIR = join(PROJECT_ROOT, 'resources', 'demo')

export function demoPage(file: 'index.html' | 'checkout.html', snippet: string): string {
  return readFileSync(join(DEMO_DIR, file), 'utf8').replace('<!--RECORDER-->', snippet)
}

/** Serves / and /checkout.html of the demo shop, recorded with the given snippet attributes. */
export function serveDemoSite(receiver: SnippetReceiver, attributes: Record<string, string> = {}): Promise<PageServer> {
  const snippet = snippetTag(receiver, attributes)
  return servePages({ '/': demoPage('index.html', snippet), '/checkout.html': demoPage('checkout.html', snippet) })
}

/**
 * Records one visit to the demo shop in `page`: `visit` drives it (it must reach both pages), then the
 * recorder flushes, the page closes, and this waits until the store has both page loads. Returns the session id.
 */
export async function recordDemoVisit(
  core: TestCore,
  page: Page,
  visit: (page: Page, origin: string) => Promise<void>
): Promise<string> {
  const site = await serveDemoSite(core)
  try {
    await visit(page, site.url)
    const sessionId = (await recorderState(page)).sessionId!
    await flushRecorder(page)
    await page.close()
    await waitFor('recording stored', () => (core.store.getSession(sessionId)?.segmentCount ?? 0) >= 2)
    return sessionId
  } finally {
    await site.close()
  }
}
