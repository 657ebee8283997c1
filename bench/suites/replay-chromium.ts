// The replay view in Chromium on a long session (~200,000 events, about an hour, hundreds of page loads)
// built from a real recording: time from opening the session to its first frame, and seek p95, each
// against bare rrweb-player 2.1.6 given the same events already in memory (the baseline, same run,
// same browser, runs interleaved).
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { RecordedEvent } from '../../src/shared/types'
import { launchChromium } from '../../tests/helpers/browser'
import { seededRandom } from '../../tests/helpers/synthetic'
import { PROJECT_ROOT, startTestCore } from '../../tests/helpers/test-core'
import { LONG_SESSION_ID as SESSION_ID, recordRealSession, storeLongSession } from '../long-session'
import { median, percentile, ratioRow, type BenchRow } from '../table'

const FIRST_FRAME_RUNS = 5
const SEEKS = 40

/** Bare rrweb-player on a page of its own: the UMD build, its CSS, and the session's events as JSON. */
async function serveBarePlayer(events: RecordedEvent[]): Promise<{ url: string; server: Server }> {
  const dist = join(PROJECT_ROOT, 'node_modules', 'rrweb-player', 'dist')
  const files: Record<string, [string, string | Buffer]> = {
    '/': [
      'text/html',
      `<!doctype html><html><head><link rel="icon" href="data:,"><link rel="stylesheet" href="/style.css"></head>
       <body style="margin:0"><div id="target"></div><script src="/player.js"></script></body></html>`
    ],
    '/player.js': ['text/javascript', readFileSync(join(dist, 'rrweb-player.umd.cjs'))],
    '/style.css': ['text/css', readFileSync(join(dist, 'style.css'))],
    '/events.json': ['application/json', JSON.stringify(events)]
  }
  const server = createServer((req, res) => {
    const file = files[req.url ?? '']
    if (!file) return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': file[0] })
    res.end(file[1])
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server }
}

/** In the page: resolves with ms from `start` until the replay frame shows the recorded page. */
const FIRST_FRAME_PROBE = `
  window.__firstFrame = (start) => new Promise((resolve) => {
    const check = () => {
      const body = document.querySelector('.replayer-wrapper iframe')?.contentDocument?.body
      if (body && body.childElementCount > 0) resolve(performance.now() - start)
      else requestAnimationFrame(check)
    }
    check()
  })
`

async function bareFirstFrame(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as {
      __events: unknown[]
      __player?: { $destroy(): void; getReplayer(): { destroy(): void } }
      __firstFrame(start: number): Promise<number>
      rrwebPlayer: { default?: unknown }
    }
    if (w.__player) {
      w.__player.getReplayer().destroy()
      w.__player.$destroy()
    }
    const target = document.getElementById('target')!
    target.innerHTML = ''
    const Player = (w.rrwebPlayer.default ?? w.rrwebPlayer) as new (options: unknown) => typeof w.__player
    const start = performance.now()
    w.__player = new Player({ target, props: { events: w.__events, width: 1024, height: 640, autoPlay: false } })
    return w.__firstFrame(start)
  })
}

async function workspaceFirstFrame(page: Page): Promise<number> {
  await page.evaluate(() => (location.hash = '#/'))
  await page.waitForSelector('.session-row')
  return page.evaluate(async (id) => {
    const start = performance.now()
    location.hash = `#/session/${id}`
    return (window as unknown as { __firstFrame(start: number): Promise<number> }).__firstFrame(start)
  }, SESSION_ID)
}

/** Seeks to each fraction of the session; ms from asking until the next frame is drawn. */
async function bareSeeks(page: Page, fractions: number[], startedAt: number, duration: number): Promise<number[]> {
  return page.evaluate(
    async ({ fractions, startedAt, duration }) => {
      const w = window as unknown as { __events: { timestamp: number }[]; __player: { goto(offset: number): void } }
      const baseline = w.__events[0]!.timestamp
      const times: number[] = []
      for (const fraction of fractions) {
        const start = performance.now()
        w.__player.goto(startedAt + fraction * duration - baseline)
        await new Promise(requestAnimationFrame)
        times.push(performance.now() - start)
      }
      return times
    },
    { fractions, startedAt, duration }
  )
}

async function workspaceSeeks(page: Page, fractions: number[]): Promise<number[]> {
  return page.evaluate(async (fractions) => {
    const svg = document.querySelector('.timeline svg')!
    const rect = svg.getBoundingClientRect()
    const times: number[] = []
    for (const fraction of fractions) {
      const start = performance.now()
      const init = { clientX: rect.left + fraction * rect.width, clientY: rect.top + 20, bubbles: true, pointerId: 1 }
      svg.dispatchEvent(new PointerEvent('pointerdown', init))
      svg.dispatchEvent(new PointerEvent('pointerup', init))
      await new Promise(requestAnimationFrame)
      times.push(performance.now() - start)
    }
    return times
  }, fractions)
}

export async function run(): Promise<BenchRow[]> {
  const core = await startTestCore({ browserMode: true, indexers: () => [] })
  const browser = await launchChromium()
  let bare: { url: string; server: Server } | null = null
  try {
    const recording = await recordRealSession(core, browser)
    const realEvents = recording.segments.reduce((sum, segment) => sum + segment.length, 0)
    const { events, pageLoads } = storeLongSession(core, recording)
    const outline = core.store.getSessionOutline(SESSION_ID)!
    const duration = outline.endedAt - outline.startedAt

    bare = await serveBarePlayer(events)
    const barePage = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await barePage.goto(bare.url)
    await barePage.evaluate(FIRST_FRAME_PROBE)
    // The baseline's events are in memory before its clock starts.
    await barePage.evaluate(async () => {
      ;(window as unknown as { __events: unknown }).__events = await (await fetch('/events.json')).json()
    })

    const workspace = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await workspace.goto(core.workspaceUrl!)
    await workspace.evaluate(FIRST_FRAME_PROBE)

    const ours: number[] = []
    const theirs: number[] = []
    for (let run = 0; run < FIRST_FRAME_RUNS; run++) {
      ours.push(await workspaceFirstFrame(workspace))
      theirs.push(await bareFirstFrame(barePage))
    }

    // Seeks once everything is loaded (the workspace streams the rest in after the first frame).
    const loadStart = Date.now()
    await workspace.waitForSelector('[data-testid="load-status"][data-loaded="all"]', { timeout: 600_000 })
    const fullLoadMs = Date.now() - loadStart + median(ours)
    const random = seededRandom(7)
    const fractions = Array.from({ length: SEEKS }, () => 0.02 + random() * 0.96)
    // Warm-up seeks on both, then the measured ones, interleaved in halves.
    await workspaceSeeks(workspace, fractions.slice(0, 5))
    await bareSeeks(barePage, fractions.slice(0, 5), outline.startedAt, duration)
    const half = SEEKS / 2
    const ourSeeks = [
      ...(await workspaceSeeks(workspace, fractions.slice(0, half))),
      ...(await workspaceSeeks(workspace, fractions.slice(half)))
    ]
    const bareSeekTimes = [
      ...(await bareSeeks(barePage, fractions.slice(0, half), outline.startedAt, duration)),
      ...(await bareSeeks(barePage, fractions.slice(half), outline.startedAt, duration))
    ]

    const scale = `${(events.length / 1000).toFixed(0)}k events built from a real ${realEvents}-event recording, ${pageLoads} page loads, ${Math.round(duration / 60_000)} min`
    const baseline = 'bare rrweb-player 2.1.6, same events in memory'
    return [
      {
        ...ratioRow(
          `replay: open a long session to its first frame (${scale}; ${FIRST_FRAME_RUNS} runs, median)`,
          median(ours),
          'ms',
          baseline,
          median(theirs),
          null
        ),
        target: '< 300 ms',
        met: median(ours) < 300
      },
      ratioRow(
        `replay: seek p95 on the fully loaded session (${SEEKS} seeks to the next frame)`,
        percentile(ourSeeks, 95),
        'ms',
        baseline,
        percentile(bareSeekTimes, 95),
        { atMost: 1.2 }
      ),
      ratioRow(
        `replay: whole session streamed in after opening (${outline.chunks.length} chunks, fetched in ranges over HTTP)`,
        fullLoadMs,
        'ms',
        'bare rrweb-player first frame, all events already in memory',
        median(theirs),
        null
      )
    ]
  } finally {
    await browser.close()
    if (bare) await new Promise((resolve) => bare!.server.close(resolve))
    await core.dispose()
  }
}
