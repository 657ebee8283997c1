// The recorder's cost to the page's own requests, in Chromium: a page's fetch round-trip to a local endpoint
// (fetch, then read the body) with the recorder and its network capture on, against the same page without the
// recorder, in the same browser and run, rounds interleaved; and again with the endpoint's headers and bodies
// recorded (data-network-bodies: the response is cloned and read). Plus the recorder's size with console, network
// and page-timing capture against its 40 KB budget.
//
// The pages are cross-origin isolated (COOP + COEP: recorder.js loads with CORS, so it may), which gives the
// page 5 µs timers instead of 100 µs. All variants run in one tab (one renderer process), navigating between them,
// and the site's server runs in a worker thread (bench/fetch-site.mjs), not on the receiver's event loop.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { launchChromium, recorderState, snippetTag, waitFor } from '../../tests/helpers/browser'
import { PROJECT_ROOT, startTestCore } from '../../tests/helpers/test-core'
import { percentile, ratioRow, type BenchRow } from '../table'

// The budget scripts/check-recorder-size.mjs enforces at build time.
const BUDGET_BYTES = 40 * 1024
const WARM_UP = 10
const ROUNDS = 40
const FETCHES_PER_ROUND = 50

const PAGE = (snippet: string) => `<!doctype html><html><head><meta charset="utf-8"></head><body>
<p>fetch round-trips</p>
<script>window.pageFetch = fetch</script>
${snippet}
<script>
  const roundTrip = async (fetchWith, n) => {
    const started = performance.now()
    const response = await fetchWith('/api/ping?n=' + n)
    await response.text()
    return performance.now() - started
  }
  window.roundTrips = async (count) => {
    const times = []
    for (let n = 0; n < count; n++) times.push(await roundTrip(fetch, n))
    return times
  }
  // The recorder's fetch and the one it wrapped, taken in turns within one page.
  window.alternating = async (count) => {
    const wrapped = []
    const unwrapped = []
    for (let n = 0; n < count; n++) {
      wrapped.push(await roundTrip(fetch, n))
      unwrapped.push(await roundTrip(pageFetch, n))
    }
    return { wrapped, unwrapped }
  }
</script></body></html>`

const PONG = JSON.stringify({ ok: true, items: [1, 2, 3], note: 'a small JSON answer' })

/** Loads the variant in the tab (one tab, so one renderer process, for all variants) and warms its connection. */
async function load(page: Page, url: string, recorded: boolean): Promise<void> {
  await page.goto(url)
  if (recorded) await waitFor('recording', async () => (await recorderState(page)).recording)
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error(`${url} is not cross-origin isolated`)
  await roundTrips(page, WARM_UP)
}

const roundTrips = (page: Page, count: number) =>
  page.evaluate((n) => (window as unknown as { roundTrips(n: number): Promise<number[]> }).roundTrips(n), count)

export async function run(): Promise<BenchRow[]> {
  const core = await startTestCore()
  const pages: Record<string, string> = {
    '/bare': PAGE(''),
    '/recorded': PAGE(snippetTag(core)),
    '/bodies': PAGE(snippetTag(core, { 'data-network-bodies': '/api/ping' }))
  }
  const worker = new Worker(join(import.meta.dirname, '..', 'fetch-site.mjs'), { workerData: { pages, pong: PONG } })
  const site = await new Promise<{ url: string }>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const variants = { bare: '/bare', recorded: '/recorded', bodies: '/bodies' }
    const names = Object.keys(variants) as (keyof typeof variants)[]
    const times: Record<keyof typeof variants, number[]> = { bare: [], recorded: [], bodies: [] }
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, each variant first in turn: the machine's load drifts over a run.
      for (const name of names.map((_, i) => names[(i + round) % names.length]!)) {
        await load(page, `${site.url}${variants[name]}`, name !== 'bare')
        times[name].push(...(await roundTrips(page, FETCHES_PER_ROUND)))
      }
    }
    await load(page, `${site.url}/recorded`, true)
    const alternating = { wrapped: [] as number[], unwrapped: [] as number[] }
    for (let round = 0; round < ROUNDS; round++) {
      const { wrapped, unwrapped } = await page.evaluate(
        (n) => (window as unknown as { alternating(n: number): Promise<typeof alternating> }).alternating(n),
        FETCHES_PER_ROUND
      )
      alternating.wrapped.push(...wrapped)
      alternating.unwrapped.push(...unwrapped)
    }
    const rows: BenchRow[] = []
    for (const p of [50, 95]) {
      const bare = percentile(times.bare, p)
      rows.push(
        ratioRow(
          `fetch round-trip p${p}, network capture on`,
          percentile(times.recorded, p),
          'ms',
          'no recorder',
          bare,
          {
            atMost: 1.05
          }
        ),
        ratioRow(
          `fetch round-trip p${p}, the wrapper alone (turns in one recorded page)`,
          percentile(alternating.wrapped, p),
          'ms',
          'fetch it wrapped',
          percentile(alternating.unwrapped, p),
          null
        ),
        ratioRow(
          `fetch round-trip p${p}, headers and bodies recorded`,
          percentile(times.bodies, p),
          'ms',
          'no recorder',
          bare,
          null
        )
      )
    }
    const recorder = readFileSync(join(PROJECT_ROOT, 'out', 'recorder', 'recorder.js'))
    const gzipped = gzipSync(recorder, { level: 9 }).length
    rows.push(
      ratioRow(
        'recorder.js gzipped (console, network, page timings)',
        gzipped / 1024,
        'KB',
        'budget',
        BUDGET_BYTES / 1024,
        {
          atMost: 1
        }
      )
    )
    return rows
  } finally {
    await browser.close()
    await worker.terminate()
    await core.dispose()
  }
}
