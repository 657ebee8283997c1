// What the replay shows must be what the visitor saw (issue 11), on a real recording of the to-do app:
// - a time link into a later page load (after a reload) shows that page as it was at that moment, even
//   though that part of the session had not streamed in yet when the link was opened (it showed the
//   reloaded page's snapshot without the mutations after it: an empty list, the cursor at 0,0);
// - the replay opens at the first moment the page was settled, not on a state that existed for 5 ms.
// The expected DOM comes from the shared mirror fed with every event up to the moment.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { SessionSteps } from '../../src/shared/events/session-steps'
import { attributeOf, type DomMirror, type MirrorNode } from '../../src/shared/events/dom-mirror'
import { flushRecorder, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import type { TestCore } from '../helpers/test-core'
import { recordTodoSession } from '../helpers/todo-site'

const env = useCoreAndChromium({ browserMode: true })

/** Adds two to-dos, reloads (the app draws them again 400 ms after load), then moves around a little. */
async function visitWithReload(page: Page): Promise<void> {
  const field = page.locator('.new-todo')
  await field.click()
  await field.pressSequentially('buy milk', { delay: 20 })
  await field.press('Enter')
  await field.pressSequentially('call mum', { delay: 20 })
  await field.press('Enter')
  await page.waitForTimeout(500)
  await flushRecorder(page)
  await page.reload()
  await page.waitForSelector('.todo-list li:nth-child(2)')
  for (let step = 0; step < 10; step++) {
    await page.mouse.move(100 + step * 30, 200 + step * 10, { steps: 2 })
    await page.waitForTimeout(60)
  }
  await page.waitForTimeout(1200)
}

/** The texts of `.todo-list label` in the mirror: what the list showed. */
function listInMirror(mirror: DomMirror): string[] {
  const labels: string[] = []
  const root = mirror.get(1) // rrweb's document node
  const stack: MirrorNode[] = root ? [root] : []
  while (stack.length) {
    const node = stack.pop()!
    if (
      node.tag === 'label' &&
      node.parent?.parent &&
      (attributeOf(node.parent.parent, 'class') ?? '').includes('todo-list')
    )
      labels.push(mirror.textOf(node.id, 80))
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child)
  }
  return labels
}

/** What the page showed at `ts`: every stored event before it, read by the shared mirror. */
function expectedAt(core: TestCore, sessionId: string, ts: number): { list: string[]; boot: boolean } {
  const steps = new SessionSteps()
  for (const chunk of core.store.getSessionOutline(sessionId)!.chunks) {
    const events = core.store.getEventChunk(sessionId, chunk.index)!.filter((event) => event.timestamp < ts)
    if (events.length) steps.feed(events, chunk.segment)
  }
  const mirror = steps.segment!.mirror
  return { list: listInMirror(mirror), boot: mirror.textOf(1, 10_000).includes('Starting') }
}

async function openWorkspace(page: Page, core: TestCore, route: string): Promise<void> {
  await page.goto(core.workspaceUrl!)
  await page.waitForSelector('.app-header, header')
  await page.evaluate((hash) => (location.hash = hash), route)
}

async function frameList(page: Page): Promise<string[]> {
  const frame = await (await page.waitForSelector('.replayer-wrapper iframe')).contentFrame()
  return (await frame?.$$eval('.todo-list label', (labels) => labels.map((label) => label.textContent ?? ''))) ?? []
}

async function frameText(page: Page): Promise<string> {
  const frame = await (await page.waitForSelector('.replayer-wrapper iframe')).contentFrame()
  return (await frame?.evaluate(() => document.body?.innerText ?? '')) ?? ''
}

describe('replay correctness', () => {
  let sessionId = ''

  it('a time link into the page load after a reload shows the list as it was then', async () => {
    sessionId = await recordTodoSession(env.core, env.browser, { 'data-mask-level': 'lax' }, visitWithReload)
    const outline = env.core.store.getSessionOutline(sessionId)!
    const reload = outline.chunks.find((chunk) => chunk.segment === 1)!
    // A moment after the reloaded page drew its list again.
    const at = reload.firstTs + 1500
    const expected = expectedAt(env.core, sessionId, at)
    expect(expected.list).toEqual(['buy milk', 'call mum'])

    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } })
    try {
      // Chunks stream in small ranges; the link's moment is not loaded yet when the player first draws.
      await openWorkspace(page, env.core, `#/session/${sessionId}?t=${at - outline.startedAt}`)
      await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
      await waitFor('the frame at the link', async () => (await frameList(page)).length === 2)
      expect(await frameList(page)).toEqual(expected.list)
      expect(Number(await page.getAttribute('[role="slider"]', 'data-current-offset'))).toBe(at - outline.startedAt)
      // The cursor is where the mouse was, not at 0,0.
      const cursor = await page.$eval('.replayer-mouse', (mouse) => (mouse as HTMLElement).style.left)
      expect(parseFloat(cursor)).toBeGreaterThan(50)

      // A page reload of that address (a copied link) shows the same.
      await page.reload()
      await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
      await waitFor('the frame after reload', async () => (await frameList(page)).length === 2)
      expect(await frameList(page)).toEqual(expected.list)
    } finally {
      await page.close()
    }
  })

  // retry: the recorded page's 5 ms timer can fire 250 ms late on a loaded machine (seen once in a full run
  // on 2 cores): the page then really was quiet for the settle gap, and the recording says so.
  it(
    'opens at the first settled moment: not the "Starting…" line that existed for 5 ms after load',
    { retry: 1 },
    async () => {
      const outline = env.core.store.getSessionOutline(sessionId)!
      const first = env.core.store.getEventChunk(sessionId, 0)!
      const steps = new SessionSteps()
      steps.feed(first, 0)
      const settled = steps.settledAt!
      const snapshotAt = first.find((event) => event.type === 2)!.timestamp
      expect(expectedAt(env.core, sessionId, snapshotAt + 1).boot).toBe(true) // the raw first frame had it
      expect(expectedAt(env.core, sessionId, settled + 1).boot).toBe(false)
      const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } })
      try {
        await openWorkspace(page, env.core, `#/session/${sessionId}`)
        await waitFor('the first frame', async () => (await frameText(page)).includes('todos'))
        expect(await frameText(page)).not.toContain('Starting')
        const offset = Number(await page.getAttribute('[role="slider"]', 'data-current-offset'))
        expect(offset).toBeGreaterThan(0)
        expect(offset).toBeLessThanOrEqual(settled + 1 - outline.startedAt)
      } finally {
        await page.close()
      }
    }
  )
})
