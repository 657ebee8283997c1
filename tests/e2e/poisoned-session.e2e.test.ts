// Defect 2 and 3 of issue 12 in real Chromium: one poisoned session among good ones (event times at 1e20,
// a payload nested 30,000 deep, written straight into the SQLite file as an older version could have left
// them) must not blank the workspace: the list stays usable, the good sessions replay, the bad one shows
// an error in its place. PNGs of the poisoned views land in the test's temp dir for a look.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { ReplayCompactor } from '../../src/main/core/store/compactor'
import { Store } from '../../src/main/core/store/store'
import { launchChromium } from '../helpers/browser'
import { storePoisonedSessions, type PoisonedSessions } from '../helpers/poisoned-sessions'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { startTestCore, tempDir, type TestCore } from '../helpers/test-core'
import type { Browser } from 'playwright-core'

const dir = tempDir()
const GOOD = ['good-session-one', 'good-session-two']
let core: TestCore
let browser: Browser
let poisoned: PoisonedSessions
const pageErrors: string[] = []

beforeAll(async () => {
  const dbPath = join(dir.path, 'poisoned.db')
  const store = Store.open(dbPath)
  const ingestor = new Ingestor(store)
  GOOD.forEach((sessionId, i) => {
    for (const batch of syntheticBatches({ seed: 70 + i, sessionId, events: 300, startAt: Date.now() - 3_600_000 })) {
      ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() })
    }
  })
  poisoned = storePoisonedSessions(store)
  // What idle compaction makes of them: the deep batch fails and is flagged, the rest is compacted.
  const compactor = new ReplayCompactor(store)
  await compactor.compactAll()
  await compactor.close()
  store.close()
  // No indexers: this file is about the workspace; the lead's indexer tests cover analysis of these batches.
  core = await startTestCore({ browserMode: true, dbPath, indexers: () => [] })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await core?.dispose()
  if (process.env.KEEP_SCREENSHOTS) console.log(`screenshots kept in ${dir.path}`)
  else dir.remove()
})

async function openWorkspace(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(core.workspaceUrl!)
  await page.waitForSelector('[role="row"][data-session-id]')
  return page
}

const row = (page: Page, id: string) => page.locator(`[role="row"][data-session-id="${id}"]`)

async function expectReplays(page: Page, id: string): Promise<void> {
  await page.goto(`${core.workspaceUrl!.split('#')[0]}#/session/${id}`)
  await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
  expect(await page.locator('.replay-view iframe').count()).toBeGreaterThan(0)
}

describe('a poisoned session among good ones', () => {
  it('the list shows every session; the one with times past the Date range shows dashes, not a blank page', async () => {
    const page = await openWorkspace()
    expect(await page.getByTestId('session-count').textContent()).toMatch(/^5 sessions/)
    for (const id of [...GOOD, ...Object.values(poisoned)]) await row(page, id).waitFor()
    const cells = await row(page, poisoned.farFuture).locator('[role="gridcell"]').allTextContents()
    expect(cells[0]).toBe('—') // started
    expect(cells[1]).toBe('0s') // duration: its events are 39 ms apart, even at 1e20
    // The list still sorts, filters and opens sessions by keyboard.
    await page.getByRole('columnheader', { name: 'Started' }).getByRole('button').click()
    await page.getByLabel('Filter by URL, browser, OS or IP').fill('good-session')
    await page.getByLabel('Filter by URL, browser, OS or IP').fill('')
    await page.screenshot({ path: join(dir.path, 'poisoned-list.png') })
    await page.close()
  })

  it('the good sessions replay, before and after the bad ones were opened', async () => {
    const page = await openWorkspace()
    await expectReplays(page, GOOD[0]!)
    await page.goto(`${core.workspaceUrl!.split('#')[0]}#/session/${poisoned.farFuture}`)
    // Whatever the far-future session's replay makes of it, it stays inside the view: header and nav work.
    await page.locator('.replay-view, [data-testid="boundary-error"]').first().waitFor()
    await page.screenshot({ path: join(dir.path, 'poisoned-far-future.png') })
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Sessions' }).click()
    await row(page, GOOD[1]!).click()
    await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
    await expectReplays(page, GOOD[1]!)
    await page.close()
  })

  it('a batch that cannot be read shows its error in the replay and in the metadata; the rest plays', async () => {
    const page = await openWorkspace()
    await page.goto(`${core.workspaceUrl!.split('#')[0]}#/session/${poisoned.deep}`)
    const alert = page.locator('.replay-head [role="alert"]')
    await alert.waitFor()
    expect(await alert.textContent()).toMatch(/stored batch 1 cannot be read: nested more than 1200 levels deep/)
    // Chunk 0 (the page load) was read: the player shows the page.
    expect(await page.locator('.replay-view iframe').count()).toBeGreaterThan(0)
    await page.getByRole('tab', { name: 'Metadata' }).click()
    const flagged = page.getByTestId('quarantined')
    await flagged.waitFor()
    expect(await flagged.textContent()).toMatch(/batch 1 · compaction failed 3 times.*nested more than 1200 levels/)
    await page.screenshot({ path: join(dir.path, 'poisoned-deep.png') })
    await expectReplays(page, GOOD[0]!)
    await page.close()
  })

  it('a panel that throws shows an error in its place; the replay, the other tab and the app keep working', async () => {
    const page = await openWorkspace()
    await expectReplays(page, poisoned.nullConfig)
    await page.getByRole('tab', { name: 'Metadata' }).click()
    const failed = page.getByTestId('boundary-error')
    await failed.waitFor()
    expect(await failed.textContent()).toMatch(/^The metadata could not be shown\./)
    await page.screenshot({ path: join(dir.path, 'poisoned-metadata.png') })
    await page.getByRole('button', { name: 'Try again' }).click() // fails again: the data did not change
    await failed.waitFor()
    await page.getByRole('tab', { name: 'Events' }).click()
    expect(await page.getByTestId('boundary-error').count()).toBe(0)
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await page.close()
  })

  it('the API answers the broken chunk with a 422 naming it, and serves every other call', async () => {
    const api = (operation: string, ...args: unknown[]) =>
      fetch(`${core.receiverUrl}/api/${operation}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${/#token=(.+)$/.exec(core.workspaceUrl!)![1]}`
        },
        body: JSON.stringify(args)
      })
    const broken = await api('getEventChunks', poisoned.deep, 1, 10)
    expect(broken.status).toBe(422)
    expect(await broken.json()).toMatchObject({
      error: `session ${poisoned.deep}: stored batch 1 cannot be read: nested more than 1200 levels deep (stored by an older version?)`
    })
    expect((await api('getEventChunk', poisoned.deep, 1)).status).toBe(422)
    expect((await api('getEventChunks', poisoned.deep, 0, 10)).status).toBe(200)
    expect((await api('listSessions')).status).toBe(200)
    expect((await api('getEventChunks', poisoned.farFuture, 0, 10)).status).toBe(200)
  })
})
