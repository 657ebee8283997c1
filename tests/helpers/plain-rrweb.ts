// Records a visit in Chromium with plain rrweb (the @rrweb/record bundle as a site using rrweb, PostHog or
// Umami would ship it), not with our recorder: what file import reads was written by other tools, so its
// fixtures must not carry our recorder's options, custom events or batching.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { EventType } from '@rrweb/types'
import type { RecordedEvent } from '../../src/shared/types'
import { servePages, waitFor } from './browser'

const PROJECT_ROOT = join(import.meta.dirname, '..', '..')
// The to-do test app, whose `<!--RECORDER-->` marks where a recorder goes (tests/helpers/todo-site.ts puts ours
// there). Read here rather than through todo-site.ts, which pulls in the whole core through test-core.ts.
const TODO_PAGE = join(PROJECT_ROOT, 'tests', 'e2e', 'pages', 'todo-app.html')
// The UMD bundle defines the global `rrwebRecord`, an object with `record` (checked in rrweb 2.1.6).
const RRWEB_UMD = join(PROJECT_ROOT, 'node_modules', '@rrweb', 'record', 'dist', 'record.umd.min.cjs')

type PlainRrwebWindow = { __events: RecordedEvent[] }

/** The to-do page with rrweb inline (a separate script URL would need a JavaScript content type: servePages serves HTML). */
function todoPageWithPlainRrweb(): string {
  const bundle = readFileSync(RRWEB_UMD, 'utf8')
  // An inline script ends at the first `</script`: fail loudly if a future bundle ever holds one.
  if (/<\/script/i.test(bundle)) throw new Error('the rrweb bundle contains </script; serve it from a URL instead')
  const start = 'window.__events = []; rrwebRecord.record({ emit(event) { window.__events.push(event) } })'
  const scripts = `<script>${bundle}</script>\n<script>${start}</script>`
  // A function replacement: the bundle holds `$&`-like sequences that a string replacement would expand.
  return readFileSync(TODO_PAGE, 'utf8').replace('<!--RECORDER-->', () => scripts)
}

/**
 * Opens the to-do page recorded by plain rrweb (defaults: no masking, no sampling options), waits for the
 * full snapshot, runs `visit` and returns every event rrweb emitted, in order.
 */
export async function recordWithPlainRrweb(
  browser: Browser,
  visit: (page: Page) => Promise<void>
): Promise<RecordedEvent[]> {
  const site = await servePages({ '/': todoPageWithPlainRrweb() })
  // A new context per page (browser.newPage): the app's localStorage starts empty, so no to-dos are redrawn.
  const page = await browser.newPage()
  try {
    await page.goto(`${site.url}/`)
    // rrweb takes its full snapshot on load, not when record() is called (the script runs while loading).
    await waitFor('rrweb full snapshot', () =>
      page.evaluate(
        (fullSnapshot) => (window as unknown as PlainRrwebWindow).__events.some((e) => e.type === fullSnapshot),
        EventType.FullSnapshot
      )
    )
    await visit(page)
    // rrweb buffers mouse moves and emits them every 500 ms: let the last ones out.
    await page.waitForTimeout(600)
    return await page.evaluate(() => (window as unknown as PlainRrwebWindow).__events)
  } finally {
    await page.close()
    await site.close()
  }
}

/** The to-dos addTodosVisit types; the second holds an email address, for privacy checks on imported text. */
export const TODO_TITLES = ['buy milk', 'call jane.doe@example.com'] as const

/**
 * Types TODO_TITLES (input events, then list items added as mutations), ticks the first one's checkbox
 * (a click and a checked input) and deletes the second with its × button (a click and a remove).
 */
export async function addTodosVisit(page: Page): Promise<void> {
  const field = page.locator('.new-todo')
  await field.click()
  for (const title of TODO_TITLES) {
    await field.pressSequentially(title, { delay: 20 })
    await field.press('Enter')
  }
  await page.locator('.todo-list li').first().locator('.toggle').check()
  await page.waitForTimeout(200)
  const second = page.locator('.todo-list li').nth(1)
  await second.hover()
  await second.locator('.destroy').click()
  await page.waitForTimeout(200)
}
