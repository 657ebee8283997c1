// The to-do test app (tests/e2e/pages/todo-app.html) served on its own loopback port with the recorder in it,
// and one scripted visit through everything the step model reads: typing bursts the page clears after
// Enter, checkbox changes, "toggle all" setting checkboxes from code, rage and dead clicks, a hash route, a
// form submitted with Enter, a reload.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import {
  flushRecorder,
  recorderState,
  servePages,
  snippetTag,
  waitFor,
  type PageServer,
  type SnippetReceiver
} from './browser'
import { recordVisit } from './record-visit'
import { PROJECT_ROOT, type TestCore } from './test-core'

const TODO_PAGE = join(PROJECT_ROOT, 'tests', 'e2e', 'pages', 'todo-app.html')

export function serveTodoApp(receiver: SnippetReceiver, attributes: Record<string, string> = {}): Promise<PageServer> {
  const html = readFileSync(TODO_PAGE, 'utf8').replace('<!--RECORDER-->', snippetTag(receiver, attributes))
  return servePages({ '/': html })
}

/** The scripted visit (see the header); the page must be on the app. */
export async function todoVisit(page: Page): Promise<void> {
  const field = page.locator('.new-todo')
  await field.click()
  await field.pressSequentially('buy milk', { delay: 30 })
  await field.press('Enter')
  await field.pressSequentially('call mum', { delay: 30 })
  await field.press('Enter')
  await page.locator('.todo-list li').first().locator('.toggle').check()
  await page.waitForTimeout(300)
  await page.locator('.todo-list li').first().locator('.toggle').uncheck()
  await page.waitForTimeout(300)
  await page.locator('.toggle-all').check()
  await page.waitForTimeout(300)
  // Three quick clicks on a button that does nothing: rage; then one more, alone, later: dead.
  const archive = page.locator('.does-nothing')
  for (let i = 0; i < 3; i++) await archive.click({ delay: 10 })
  await page.waitForTimeout(1500)
  await archive.click()
  await page.waitForTimeout(1300)
  await page.click('a[href="#/active"]')
  await page.fill('.newsletter input[name="email"]', 'jane@example.com')
  await page.press('.newsletter input[name="email"]', 'Enter')
  await page.waitForSelector('.thanks:not([hidden])')
  await flushRecorder(page)
  await page.reload()
  await waitFor('recording after the reload', async () => (await recorderState(page)).recording)
  await page.click('a[href="#/completed"]')
  await page.waitForTimeout(200)
}

/** Records one visit (todoVisit unless given) with the given snippet attributes; returns the session id. */
export async function recordTodoSession(
  core: TestCore,
  browser: Browser,
  attributes: Record<string, string> = {},
  visit: (page: Page) => Promise<void> = todoVisit
): Promise<string> {
  const site = await serveTodoApp(core, attributes)
  try {
    return await recordVisit(core, browser, site, visit)
  } finally {
    await site.close()
  }
}
