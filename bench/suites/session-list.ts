// The session list in Chromium with 10,000 sessions: how long a frame takes while the list scrolls, at
// a mouse wheel's pace and as fast as dragging the scrollbar end to end in two seconds, against the same
// page's frames while nothing moves (the baseline, same run, same tab). A virtualised list should keep
// up with the display; a list rendering every row would take seconds per frame. Chromium runs headless
// without a GPU here, so every new row is rasterised in software.
import type { Page } from 'playwright-core'
import { launchChromium } from '../../tests/helpers/browser'
import { VISITORS } from '../../tests/helpers/client-meta'
import { storeManySessions } from '../../tests/helpers/many-sessions'
import { callApi, startTestCore } from '../../tests/helpers/test-core'
import { median, percentile, ratioRow, timedAsync, type BenchRow } from '../table'

const SESSIONS = 10_000
const FRAMES = 120
/** A wheel notch scrolls about 100 px; fast wheeling sends about one per frame. */
const WHEEL_PX_PER_FRAME = 100

type Pace = 'still' | 'wheel' | 'drag'

/**
 * Gaps between animation frames (ms) over FRAMES frames, the list moving one step per frame: not at all,
 * a wheel notch, or 1/FRAMES of the whole list (every row new in every frame).
 */
function frameGaps(page: Page, pace: Pace): Promise<number[]> {
  return page.evaluate(
    async ({ frames, pace, wheelPx }) => {
      const body = document.querySelector('.session-table-body')!
      body.scrollTop = 0
      await new Promise(requestAnimationFrame)
      const step = pace === 'wheel' ? wheelPx : pace === 'drag' ? (body.scrollHeight - body.clientHeight) / frames : 0
      const gaps: number[] = []
      let last = performance.now()
      for (let frame = 1; frame <= frames; frame++) {
        body.scrollTop = step * frame
        await new Promise(requestAnimationFrame)
        const now = performance.now()
        gaps.push(now - last)
        last = now
      }
      return gaps
    },
    { frames: FRAMES, pace, wheelPx: WHEEL_PX_PER_FRAME }
  )
}

export async function run(): Promise<BenchRow[]> {
  const core = await startTestCore({ browserMode: true, indexers: () => [] })
  const browser = await launchChromium()
  try {
    storeManySessions(core.store, { count: SESSIONS, idPrefix: 'bench-list-', userAgents: VISITORS })
    // What a live list costs per burst of change notices: the named sessions, against the whole list again.
    const patchMs: number[] = []
    const reloadMs: number[] = []
    for (let run = 0; run < 7; run++) {
      patchMs.push(
        await timedAsync(() => callApi(core, 'getSessionSummaries', ['bench-list-000001', 'bench-list-000002']))
      )
      reloadMs.push(await timedAsync(() => callApi(core, 'listSessions')))
    }
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(core.workspaceUrl!)
    await page.waitForFunction(
      (count) => document.querySelector('.session-table')?.getAttribute('aria-rowcount') === String(count + 1),
      SESSIONS,
      { timeout: 120_000 }
    )
    // A first pass of each warms up the JIT and the glyph caches; then the measured passes, interleaved.
    const gaps: Record<Pace, number[]> = { still: [], wheel: [], drag: [] }
    for (let pass = 0; pass < 4; pass++) {
      for (const pace of ['still', 'wheel', 'drag'] as const) {
        const measured = await frameGaps(page, pace)
        if (pass > 0) gaps[pace].push(...measured)
      }
    }
    const rows = await page.$$eval('.session-row', (elements) => elements.length)
    const list = `session list, ${SESSIONS.toLocaleString('en')} sessions (${rows} rows in the DOM)`
    const still = ['the same page, frames while nothing moves, p95', percentile(gaps.still, 95)] as const
    return [
      ratioRow(
        `live list, ${SESSIONS.toLocaleString('en')} sessions: a burst of notices naming 2 sessions (getSessionSummaries over HTTP), median`,
        median(patchMs),
        'ms',
        'listSessions over HTTP (what every burst fetched before)',
        median(reloadMs),
        { atMost: 0.1 }
      ),
      ratioRow(
        `${list}: frame gap p95, wheel pace (${WHEEL_PX_PER_FRAME} px a frame)`,
        percentile(gaps.wheel, 95),
        'ms',
        ...still,
        {
          atMost: 1.5
        }
      ),
      ratioRow(
        `${list}: frame gap p95, scrollbar dragged end to end in ${FRAMES} frames (every row new each frame)`,
        percentile(gaps.drag, 95),
        'ms',
        ...still,
        { atMost: 3 }
      )
    ]
  } finally {
    await browser.close()
    await core.close()
  }
}
