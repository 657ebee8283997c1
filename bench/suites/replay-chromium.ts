// The replay view in Chromium on a long session (~200,000 events, about an hour, hundreds of page loads)
// built from a real recording: time from opening the session to its first frame, and seek p95, each
// against bare rrweb-player 2.1.6 given the same events already in memory (the baseline, same run,
// same browser, runs interleaved).
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import type { ClientMeta, IngestBatch, RecordedEvent } from '../../src/shared/types'
import { launchChromium } from '../../tests/helpers/browser'
import { recordDemoVisit } from '../../tests/helpers/demo-site'
import { gzipBatch, seededRandom } from '../../tests/helpers/synthetic'
import { PROJECT_ROOT, startTestCore, type TestCore } from '../../tests/helpers/test-core'
import { median, percentile, ratioRow, type BenchRow } from '../table'

const TARGET_EVENTS = 200_000
const BATCH_SIZE = 100
const SESSION_ID = 'bench-replay-long-session'
const FIRST_FRAME_RUNS = 5
const SEEKS = 40
/** About an hour of browsing, a page load every ~36 s. */
const SESSION_MS = 60 * 60 * 1000
const PAGE_LOADS = 100
/** The pause between two page loads of the long session. */
const PAGE_GAP_MS = 2_000

/**
 * A person browsing the demo shop at a human pace (rrweb samples the mouse every 50 ms): mouse paths,
 * clicks, scrolling and typing on two pages, about 15 s.
 */
async function browse(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`)
  for (let round = 0; round < 4; round++) {
    for (let step = 0; step < 30; step++) {
      await page.mouse.move(100 + step * 25, 150 + ((step * 37 + round * 50) % 400), { steps: 4 })
      await page.waitForTimeout(30)
    }
    for (const product of [1, 2, 3]) await page.click(`[data-testid="product-${product}"] .add-to-cart`)
    for (let wheel = 0; wheel < 5; wheel++) {
      await page.mouse.wheel(0, 120)
      await page.waitForTimeout(40)
    }
    await page.mouse.wheel(0, -600)
  }
  await page.type('#name', 'Some Person', { delay: 40 })
  await page.click('#subscribe')
  await page.click('#to-checkout')
  await page.waitForURL(`${origin}/checkout.html`)
  for (let step = 0; step < 20; step++) {
    await page.mouse.move(200 + step * 20, 200 + step * 5, { steps: 4 })
    await page.waitForTimeout(30)
  }
  await page.type('#card', '4242 4242 4242 4242', { delay: 40 })
  await page.type('#address', 'Somewhere 1, 12345 Town', { delay: 40 })
  await page.click('#pay')
}

interface Recording {
  meta: ClientMeta
  /** The real recording's page loads, each a list of events in time order. */
  segments: RecordedEvent[][]
}

async function recordRealSession(core: TestCore, browser: Browser): Promise<Recording> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const sessionId = await recordDemoVisit(core, page, browse)
  const detail = core.store.getSession(sessionId)!
  const segments = new Map<number, RecordedEvent[]>()
  for (const chunk of core.store.getSessionOutline(sessionId)!.chunks) {
    const events = core.store.getEventChunk(sessionId, chunk.index)!
    segments.set(chunk.segment, [...(segments.get(chunk.segment) ?? []), ...events])
  }
  const meta: ClientMeta = {
    userAgent: detail.userAgent,
    language: detail.language,
    timezone: detail.timezone,
    screen: detail.screen,
    viewport: detail.viewport,
    url: detail.urls[0] ?? '',
    referrer: detail.referrer,
    config: detail.config
  }
  return { meta, segments: [...segments.values()] }
}

/** rrweb IncrementalSource values of user actions (mouse, scroll, resize, input): they name existing nodes only. */
const isUserAction = (event: RecordedEvent) =>
  event.type === 3 && [1, 2, 3, 4, 5, 6].includes((event.data as { source: number }).source)

/**
 * Builds about an hour of browsing from the real recording and stores it as the recorder would (batches
 * of 100): PAGE_LOADS page loads, each one of the real page loads (its snapshot, mutations and actions)
 * followed by more of its own user actions replayed later in time, until the session has TARGET_EVENTS.
 */
function storeLongSession(core: TestCore, recording: Recording): { events: RecordedEvent[]; pageLoads: number } {
  const ingestor = new Ingestor(core.store)
  const all: RecordedEvent[] = []
  const perPage = Math.ceil(TARGET_EVENTS / PAGE_LOADS)
  const pageMs = SESSION_MS / PAGE_LOADS
  let time = Date.now() - 2 * SESSION_MS
  let seq = 0
  for (let segment = 0; segment < PAGE_LOADS; segment++) {
    const template = recording.segments[segment % recording.segments.length]!
    const origin = template[0]!.timestamp
    const span = Math.max(1, template.at(-1)!.timestamp - origin)
    const actions = template.filter(isUserAction)
    // Each copy of the page's actions is squeezed into an equal share of the page's time.
    const copies = Math.max(1, Math.ceil((perPage - template.length) / Math.max(1, actions.length)))
    const scale = pageMs / ((copies + 1) * span)
    const at = (event: RecordedEvent, copy: number) => ({
      ...event,
      timestamp: Math.round(time + (copy * span + event.timestamp - origin) * scale)
    })
    const events = template.map((event) => at(event, 0))
    for (let copy = 1; events.length < perPage; copy++) {
      for (const action of actions) {
        if (events.length >= perPage) break
        events.push(at(action, copy))
      }
    }
    for (let start = 0; start < events.length; start += BATCH_SIZE) {
      const batch: IngestBatch = {
        v: 1,
        sessionId: SESSION_ID,
        seq: seq++,
        segment,
        sentAt: time,
        meta: recording.meta,
        events: events.slice(start, start + BATCH_SIZE)
      }
      ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() })
    }
    all.push(...events)
    time = events.at(-1)!.timestamp + PAGE_GAP_MS
  }
  return { events: all, pageLoads: PAGE_LOADS }
}

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
