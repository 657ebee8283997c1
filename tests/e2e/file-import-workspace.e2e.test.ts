// Opening recordings from files in the workspace (browser mode, real Chromium): a file dropped on the window
// imports with a progress bar that follows the core's reading of it, can be cancelled (nothing left behind),
// a bad file is refused with its reason, "Open recording…" (Ctrl+O) takes a file from the picker, and a
// session's Export downloads a .replay.json.gz that imports back.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { describe, expect, it, vi } from 'vitest'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import { sampleRecording, umamiChunks } from '../helpers/import-files'
import { PROJECT_ROOT, tempDir } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })
// Each import test moves ~100 MB through Chromium and the core: more than the default minute on a loaded machine.
vi.setConfig({ testTimeout: 180_000 })
const poll = <T>(check: () => Promise<T> | T, timeout = 30_000) => expect.poll(check, { timeout })

/** In the page: a plain rrweb recording of about `bytes` (a page with a heading, then mouse moves), dropped on the window. */
async function dropGeneratedRecording(page: Page, bytes: number, name: string): Promise<void> {
  await page.evaluate(
    ({ bytes, name, start }) => {
      const node = (id: number, tagName: string, childNodes: unknown[]) => ({
        id,
        type: 2,
        tagName,
        attributes: {},
        childNodes
      })
      const parts = [
        JSON.stringify({
          type: 4,
          timestamp: start,
          data: { href: 'https://dropped.test/cart', width: 1024, height: 700 }
        }),
        JSON.stringify({
          type: 2,
          timestamp: start + 1,
          data: {
            node: {
              id: 1,
              type: 0,
              childNodes: [
                node(2, 'html', [
                  node(3, 'head', []),
                  node(4, 'body', [node(5, 'h1', [{ id: 6, type: 3, textContent: 'Dropped recording' }])])
                ])
              ]
            },
            initialOffset: { top: 0, left: 0 }
          }
        })
      ]
      let size = parts[0]!.length + parts[1]!.length
      for (let i = 0; size < bytes; i++) {
        const event = JSON.stringify({
          type: 3,
          timestamp: start + 10 + i * 10,
          data: { source: 1, positions: [{ x: i % 800, y: i % 600, id: 4, timeOffset: 0 }] }
        })
        parts.push(event)
        size += event.length + 1
      }
      const file = new File([`[${parts.join(',')}]`], name, { type: 'application/json' })
      const transfer = new DataTransfer()
      transfer.items.add(file)
      for (const type of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }))
      }
    },
    { bytes, name, start: Date.now() - 3_600_000 }
  )
}

async function openWorkspace(): Promise<Page> {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 760 }, acceptDownloads: true })
  await page.goto(env.core.workspaceUrl!)
  await page.waitForSelector('button:has-text("Open recording…")')
  return page
}

const stagingFiles = () => readdirSync(dirname(env.core.dbPath)).filter((name) => name.startsWith('.replay-import-'))

describe('opening recordings in the workspace', () => {
  it('imports a dropped file with a progress bar of bytes and events, then lists and replays it', async () => {
    const page = await openWorkspace()
    // Big enough that the import takes a few seconds here (the core reads ~25 MB/s of it with the upload).
    await dropGeneratedRecording(page, 96 * 1024 * 1024, 'dropped.json')
    const panel = page.locator('.import-panel')
    await panel.waitFor()
    // Mid-import: the bar and the figures follow what the core has read.
    await poll(async () => Number(await page.locator('.import-progress').getAttribute('value'))).toBeGreaterThan(
      2_000_000
    )
    expect(await panel.textContent()).toMatch(/Importing dropped\.json.*\d+ % · [\d.]+ MB of 96\.0 MB · [\d,]+ events/)
    await page.screenshot({ path: `${PROJECT_ROOT}/docs/screenshots/import-drop-progress.png` })

    await poll(() => panel.getAttribute('class')).toContain('import-done')
    const link = panel.locator('.import-results a')
    const sessionId = (await link.textContent())!
    expect(env.core.store.getSession(sessionId)).toMatchObject({
      imported: { file: 'dropped.json', format: 'rrweb' },
      urls: ['https://dropped.test/cart']
    })
    await page.locator(`.session-row[data-session-id="${sessionId}"] .import-mark`).waitFor()
    await link.click()
    const frame = page.frameLocator('iframe')
    await poll(() => frame.locator('h1').textContent()).toBe('Dropped recording')
    expect(stagingFiles()).toEqual([])
    await page.close()
  })

  it('cancels an import: nothing imported, nothing left beside the database', async () => {
    const before = env.core.store.listSessions().length
    const page = await openWorkspace()
    await dropGeneratedRecording(page, 96 * 1024 * 1024, 'cancelled.json')
    await poll(async () => Number(await page.locator('.import-progress').getAttribute('value'))).toBeGreaterThan(
      1_000_000
    )
    await page.click('.import-panel button:has-text("Cancel")')
    await poll(() => page.locator('.import-panel').getAttribute('class')).toContain('import-cancelled')
    await poll(() => stagingFiles()).toEqual([])
    expect(env.core.store.listSessions()).toHaveLength(before)
    await page.close()
  })

  it('refuses a bad file with its reason; "Open recording…" (Ctrl+O) imports from the file picker', async () => {
    const dir = tempDir()
    const before = env.core.store.listSessions().length
    const page = await openWorkspace()
    const bad = join(dir.path, 'notes.json')
    writeFileSync(bad, '{"hello": "world"}')
    const chooser = page.waitForEvent('filechooser')
    // The shortcut is the page's: its document must have the keyboard (a new page may not, yet).
    await page.bringToFront()
    await page.focus('nav a')
    await page.keyboard.press('Control+O')
    await (await chooser).setFiles(bad)
    const panel = page.locator('.import-panel')
    await poll(() => panel.getAttribute('class')).toContain('import-failed')
    expect(await panel.locator('.import-error').textContent()).toContain('notes.json: JSON, but not a recording')
    expect(env.core.store.listSessions()).toHaveLength(before)
    await panel.locator('button:has-text("Dismiss")').click()

    const good = join(dir.path, 'plain-rrweb.json')
    writeFileSync(good, JSON.stringify(sampleRecording()))
    const again = page.waitForEvent('filechooser')
    await page.click('button:has-text("Open recording…")')
    await (await again).setFiles(good)
    await poll(() => panel.getAttribute('class')).toContain('import-done')
    expect(env.core.store.listSessions()).toHaveLength(before + 1)
    await page.close()
    dir.remove()
  })

  it('several files ask how they belong together: as one Umami recording, its chunks become one session', async () => {
    const dir = tempDir()
    const events = sampleRecording()
    const chunks = umamiChunks(events, 3).map((bytes, i) => {
      const path = join(dir.path, `chunk-${i}.json.gz`)
      writeFileSync(path, bytes)
      return path
    })
    const page = await openWorkspace()
    const chooser = page.waitForEvent('filechooser')
    await page.click('button:has-text("Open recording…")')
    // Named out of order: the chunk_index in each name decides.
    await (await chooser).setFiles([chunks[2]!, chunks[0]!, chunks[1]!])
    await page.click('dialog button:has-text("Chunks of one Umami recording")')
    const panel = page.locator('.import-panel')
    await poll(() => panel.getAttribute('class')).toContain('import-done')
    const sessionId = (await panel.locator('.import-results a').textContent())!
    expect(env.core.store.getSession(sessionId)!.imported).toMatchObject({ file: 'chunk-0.json.gz', format: 'umami' })
    expect(env.core.store.getEvents(sessionId)).toEqual(events)
    await page.close()
    dir.remove()
  })

  it("exports a session from its view as a .replay.json.gz that holds the session's events", async () => {
    const [session] = env.core.store.listSessions()
    const page = await openWorkspace()
    await page.goto(`${env.core.receiverUrl}/#/session/${session!.id}`)
    const download = page.waitForEvent('download')
    await page.click('button:has-text("Export")')
    const file = await (await download).path()
    expect((await download).suggestedFilename()).toBe(`${session!.id}.replay.json.gz`)
    const text = gunzipSync(readFileSync(file)).toString('utf8')
    expect(text.startsWith('{"replayInvestigator":1,')).toBe(true)
    const parsed = JSON.parse(text) as { segments: { events: unknown[] }[] }
    expect(parsed.segments.flatMap((segment) => segment.events)).toHaveLength(session!.eventCount)
    await page.close()
  })
})
