// Before/after screenshots for issue 11, taken from any checkout of this repository (a git worktree of an
// older commit, built with `npm run -s build`, node_modules linked):
//   node_modules/.bin/tsx scripts/before-after-screenshots.ts <checkout-dir> <time-link|list> <out.png>
// It starts THAT checkout's core in browser mode (its tests/helpers/test-core.ts, so its own store, receiver,
// recorder.js and workspace), records or stores the scenario into it, and photographs the workspace in
// Debian's Chromium:
// - time-link: a real recording of the to-do app (this script's tests/e2e/pages/todo-app.html, which keeps
//   its list in localStorage and draws it again 400 ms after a reload) with three to-dos, a reload, mouse
//   moves; the workspace opened at `#/session/<id>?t=<ms>` 2 s after the reload, at 1440×900;
// - list: 14 stored sessions (the checkout's tests/helpers/many-sessions.ts), the list at 1024×700.
// The to-do page is this script's, the same for every checkout: it is the visitor's site, not the product.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../tests/helpers/browser'

const [checkoutArg, scenario, outArg] = process.argv.slice(2)
if (!checkoutArg || (scenario !== 'time-link' && scenario !== 'list') || !outArg) {
  console.error('usage: tsx scripts/before-after-screenshots.ts <checkout-dir> <time-link|list> <out.png>')
  process.exit(2)
}
const checkout = resolve(checkoutArg)
const out = resolve(outArg)
const TODO_PAGE = join(import.meta.dirname, '..', 'tests', 'e2e', 'pages', 'todo-app.html')

/** What this script uses of a checkout's core; older checkouts have no ingest key. */
interface Core {
  receiverUrl: string
  workspaceUrl: string | null
  ingestKey?: () => string
  store: {
    getSession(id: string): { batchCount: number } | null
    getSessionOutline(id: string): {
      startedAt: number
      chunks: { segment: number; firstTs: number }[]
    } | null
    pinSession(id: string, name: string, note: string): unknown
  }
  dispose(): Promise<void>
}

/** A module of the checkout (tsx compiles it; its imports resolve inside the checkout). */
const fromCheckout = <T>(path: string): Promise<T> => import(pathToFileURL(join(checkout, path)).href) as Promise<T>

type RecorderWindow = {
  __replayInvestigator: { sessionId: string | null; recording: boolean; queued?: number; flush(): Promise<void> }
}

async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const recording = (page: Page) =>
  waitFor('recording', () => page.evaluate(() => (window as unknown as RecorderWindow).__replayInvestigator.recording))

/** Sends what the recorder holds until its queue is empty (older recorders have no `queued`: one flush). */
const flush = (page: Page) =>
  waitFor('recorder queue sent', () =>
    page.evaluate(async () => {
      const recorder = (window as unknown as RecorderWindow).__replayInvestigator
      await recorder.flush()
      return (recorder.queued ?? 0) === 0
    })
  )

/** The to-do app on its own loopback port with the checkout's recorder snippet in it. */
async function serveTodoApp(core: Core): Promise<{ url: string; close(): Promise<void> }> {
  const { servePages } = await fromCheckout<{
    servePages(pages: Record<string, string>): Promise<{ url: string; close(): Promise<void> }>
  }>('tests/helpers/browser.ts')
  const key = core.ingestKey ? ` data-key="${core.ingestKey()}"` : ''
  const tag = `<script src="${core.receiverUrl}/recorder.js" crossorigin="anonymous"${key} data-mask-level="lax"></script>`
  return servePages({ '/': readFileSync(TODO_PAGE, 'utf8').replace('<!--RECORDER-->', tag) })
}

/** Adds three to-dos, reloads (the app draws them again 400 ms after load), moves the mouse; returns the id. */
async function recordReloadVisit(core: Core, browser: Browser): Promise<string> {
  const site = await serveTodoApp(core)
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  try {
    await page.goto(`${site.url}/`)
    await recording(page)
    const field = page.locator('.new-todo')
    await field.click()
    for (const todo of ['buy milk', 'call mum', 'water the plants']) {
      await field.pressSequentially(todo, { delay: 20 })
      await field.press('Enter')
    }
    await page.waitForTimeout(500)
    await flush(page)
    await page.reload()
    await recording(page)
    await page.waitForSelector('.todo-list li:nth-child(3)')
    // The mouse keeps moving for ~3 s after the reload, so the link's moment has a cursor position.
    for (let step = 0; step < 30; step++) {
      await page.mouse.move(120 + step * 15, 180 + step * 6, { steps: 2 })
      await page.waitForTimeout(100)
    }
    await page.waitForTimeout(500)
    await flush(page)
    const sessionId = await page.evaluate(() => (window as unknown as RecorderWindow).__replayInvestigator.sessionId)
    await page.close()
    // Until no batch arrived for 600 ms (closing the page sends a last one).
    let count = -1
    let since = Date.now()
    await waitFor('the recording stored', () => {
      const now = core.store.getSession(sessionId!)?.batchCount ?? 0
      if (now !== count) [count, since] = [now, Date.now()]
      return now > 0 && Date.now() - since > 600
    })
    return sessionId!
  } finally {
    if (!page.isClosed()) await page.close()
    await site.close()
  }
}

async function timeLink(core: Core, browser: Browser): Promise<void> {
  const sessionId = await recordReloadVisit(core, browser)
  const outline = core.store.getSessionOutline(sessionId)!
  const reload = outline.chunks.find((chunk) => chunk.segment === 1)
  if (!reload) throw new Error('the recording has no second page load')
  const offset = reload.firstTs + 2000 - outline.startedAt
  const route = `#/session/${sessionId}?t=${offset}`
  console.log(`session ${sessionId}, reload at +${reload.firstTs - outline.startedAt} ms, link ${route}`)
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(core.workspaceUrl!)
  await page.waitForSelector('.app-header, header')
  await page.evaluate((hash) => (location.hash = hash), route)
  await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
  await page.waitForSelector('.replayer-wrapper iframe')
  await page.waitForTimeout(2500) // whatever the player draws at the link, give it time to draw it
  const frame = await (await page.$('.replayer-wrapper iframe'))!.contentFrame()
  const list = await frame!.$$eval('.todo-list label', (labels) => labels.map((label) => label.textContent))
  const cursor = await page.$eval('.replayer-mouse', (mouse) => {
    const style = (mouse as HTMLElement).style
    return `${style.left || '0'},${style.top || '0'}`
  })
  const at = await page.getAttribute('[role="slider"]', 'data-current-offset')
  console.log(`replay at +${at} ms shows the list ${JSON.stringify(list)}, the cursor at ${cursor}`)
  await page.screenshot({ path: out })
  await page.close()
}

async function sessionList(core: Core, browser: Browser): Promise<void> {
  const { storeManySessions } = await fromCheckout<{
    storeManySessions(
      store: unknown,
      options: { count: number; idPrefix: string; userAgents: readonly string[] }
    ): string[]
  }>('tests/helpers/many-sessions.ts')
  const { VISITORS } = await fromCheckout<{ VISITORS: readonly string[] }>('tests/helpers/client-meta.ts')
  const ids = storeManySessions(core.store, { count: 14, idPrefix: 'visitor-', userAgents: VISITORS })
  core.store.pinSession(ids[2]!, 'Checkout stuck on payment', '')
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, colorScheme: 'dark' })
  const page = await context.newPage()
  await page.goto(core.workspaceUrl!)
  await page.waitForSelector('.session-row')
  await page.waitForTimeout(500)
  const fit = await page.evaluate(() => {
    const body = document.querySelector('.session-table-body')!
    const heads = [...document.querySelectorAll('.session-table-head [role="columnheader"]')].filter(
      (cell) => cell.getClientRects().length > 0
    )
    const right = body.getBoundingClientRect().left + body.clientWidth
    return {
      scrollWidth: body.scrollWidth,
      clientWidth: body.clientWidth,
      cutOff: heads.filter((cell) => cell.getBoundingClientRect().right > right + 0.5).map((cell) => cell.textContent)
    }
  })
  console.log(
    `table body scrollWidth ${fit.scrollWidth} / clientWidth ${fit.clientWidth}; columns past the edge:`,
    fit.cutOff
  )
  await page.screenshot({ path: out })
  await context.close()
}

const { startTestCore } = await fromCheckout<{ startTestCore(options: object): Promise<Core> }>(
  'tests/helpers/test-core.ts'
)
const core = await startTestCore({ browserMode: true })
const browser = await launchChromium()
try {
  await (scenario === 'time-link' ? timeLink : sessionList)(core, browser)
  console.log(`saved ${out}`)
} finally {
  await browser.close()
  await core.dispose()
}
