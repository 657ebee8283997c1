// A long session (~200,000 events, about an hour, 100 page loads) built from a real recording of the demo
// shop made in Chromium, stored as the recorder would send it: what the replay, step-model, audit and diff
// benches measure on.
import type { Browser, Page } from 'playwright-core'
import { Ingestor } from '../src/main/core/ingest/ingest-batch'
import type { ClientMeta, IngestBatch, RecordedEvent } from '../src/shared/types'
import { recordDemoVisit } from '../tests/helpers/demo-site'
import { gzipBatch } from '../tests/helpers/synthetic'
import type { TestCore } from '../tests/helpers/test-core'

const TARGET_EVENTS = 200_000
const BATCH_SIZE = 100
export const LONG_SESSION_ID = 'bench-replay-long-session'
const SESSION_ID = LONG_SESSION_ID
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

export interface Recording {
  meta: ClientMeta
  /** The real recording's page loads, each a list of events in time order. */
  segments: RecordedEvent[][]
}

export async function recordRealSession(core: TestCore, browser: Browser): Promise<Recording> {
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

/** Another session built the same way: its id, size, and the copied actions it leaves out (a variant flow). */
export interface LongSessionOptions {
  sessionId?: string
  events?: number
  pageLoads?: number
  /** Leaves out the copied user action with this index (counted over the whole session) when true. */
  skipAction?: (index: number) => boolean
}

/**
 * Builds about an hour of browsing from the real recording and stores it as the recorder would (batches
 * of 100): PAGE_LOADS page loads, each one of the real page loads (its snapshot, mutations and actions)
 * followed by more of its own user actions replayed later in time, until the session has TARGET_EVENTS.
 */
export function storeLongSession(
  core: TestCore,
  recording: Recording,
  options: LongSessionOptions = {}
): { events: RecordedEvent[]; pageLoads: number } {
  const { sessionId = SESSION_ID, events: target = TARGET_EVENTS, pageLoads = PAGE_LOADS, skipAction } = options
  const ingestor = new Ingestor(core.store)
  const all: RecordedEvent[] = []
  const perPage = Math.ceil(target / pageLoads)
  const pageMs = SESSION_MS / pageLoads
  let copied = 0
  let time = Date.now() - 2 * SESSION_MS
  let seq = 0
  for (let segment = 0; segment < pageLoads; segment++) {
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
        if (skipAction?.(copied++)) continue
        events.push(at(action, copy))
      }
    }
    for (let start = 0; start < events.length; start += BATCH_SIZE) {
      const batch: IngestBatch = {
        v: 1,
        sessionId,
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
  return { events: all, pageLoads }
}
