// Searching and diffing by what the devtools would have shown, on real recordings (issue 13): the same shop
// page is visited twice in Chromium with the real recorder; in one visit checkout answers 500 and the page
// logs an error, in the other it goes well after a slow request. The search terms console:, network:,
// status, failed and slow find the right session at the right moment (through the API and in the
// workspace's search box), and the diff says at the row where it happened that B got a 500.
import { describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, snippetTag, waitFor } from '../helpers/browser'
import { serveDevtoolsSite } from '../helpers/devtools-site'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import { PROJECT_ROOT } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })

/** The shop: Pay calls the cart service (slow when ?slow), then checkout (/api/fail when ?fail). */
const PAGE = (snippet: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head>
<body>
  ${snippet}
  <h1>Checkout</h1>
  <button id="pay" type="button">Pay</button>
  <p id="status"></p>
  <script>
    const params = new URLSearchParams(location.search)
    document.getElementById('pay').addEventListener('click', async () => {
      await fetch('/api/slow?ms=' + (params.has('slow') ? 1200 : 10))
      const answer = await fetch(params.has('fail') ? '/api/fail' : '/api/ok')
      if (!answer.ok) console.error('checkout failed with', answer.status)
      else console.info('checkout done')
      document.getElementById('status').textContent = answer.ok ? 'Thank you' : 'Payment failed'
    })
  </script>
</body></html>`

/** Records one visit: load, Pay, wait for the answer; returns the session id once its requests are stored. */
async function visit(url: string): Promise<string> {
  const page = await env.browser.newPage()
  try {
    await page.goto(url)
    await waitFor('recording', async () => (await recorderState(page)).recording)
    await page.waitForTimeout(200)
    await page.click('#pay')
    await page.waitForFunction(() => document.getElementById('status')!.textContent !== '', null, { timeout: 10_000 })
    await flushRecorder(page)
    const sessionId = (await recorderState(page)).sessionId!
    await waitFor('the checkout request stored', () => {
      const stored = JSON.stringify(env.core.store.getEvents(sessionId))
      return /\/api\/(ok|fail)/.test(stored) && stored.includes('checkout ')
    })
    return sessionId
  } finally {
    await page.close()
  }
}

describe('search and diff by console and network', () => {
  it('finds the failed checkout by failed, status, network:, console: and error; the diff names the 500', async () => {
    const { core, browser } = env
    const site = env.keep(await serveDevtoolsSite({ '/': PAGE(snippetTag(core, { 'data-console': 'all' })) }))
    const good = await visit(`${site.url}/?slow`)
    const bad = await visit(`${site.url}/?fail`)

    const hitsOf = async (query: string) => {
      const results = await core.api.searchSessions(query)
      return Object.fromEntries(
        results.map((result) => [
          result.sessionId === good ? 'good' : result.sessionId === bad ? 'bad' : result.sessionId,
          result.hits
        ])
      )
    }
    const texts = async (query: string) =>
      Object.fromEntries(
        Object.entries(await hitsOf(query)).map(([session, hits]) => [
          session,
          hits.map((hit) => `${hit.kind} ${hit.text}`)
        ])
      )
    const ms = String.raw`\(\d+ ms\)`

    expect(await texts('failed')).toEqual({
      bad: [expect.stringMatching(new RegExp(`^failed GET /api/fail → 500 ${ms}$`))]
    })
    expect(await texts('status>=500')).toEqual({ bad: [expect.stringMatching(/^network GET \/api\/fail → 500/)] })
    expect(Object.keys(await texts('status:2xx')).sort()).toEqual(['bad', 'good'])
    expect(await texts('network:/api/fail')).toEqual({ bad: [expect.stringMatching(/GET \/api\/fail → 500/)] })
    expect(await texts('console:error')).toEqual({ bad: ['console-error checkout failed with 500'] })
    expect(await texts('console:"checkout done"')).toEqual({ good: ['console-info checkout done'] })
    expect(await texts('error')).toEqual({ bad: ['console-error checkout failed with 500'] })
    expect(await texts('slow>1s')).toEqual({
      good: [expect.stringMatching(/^slow GET \/api\/slow\?ms=\*+ → 200 \(1\.\d s\)$/)]
    })
    expect(Object.keys(await texts('network:/api/slow slow>=1s OR failed')).sort()).toEqual(['bad', 'good'])

    // The hit is the moment the request started, within the visit.
    const [failedHit] = (await hitsOf('failed')).bad!
    const detail = await core.api.getSession(bad)
    expect(failedHit!.timestamp).toBeGreaterThanOrEqual(detail.startedAt)
    expect(failedHit!.timestamp).toBeLessThanOrEqual(detail.endedAt)

    // The diff: A went well, B got a 500 at the row where it happened, and logged the error.
    const diff = await core.api.diffSessions(good, bad)
    const notes = diff.rows.filter((row) => row.note).map((row) => [row.op, row.note])
    expect(notes).toEqual([
      ['only-b', 'B got a 500 from GET /api/fail'],
      ['only-b', 'B logged an error: checkout failed with 500']
    ])

    // The workspace's search box: the failed session with its request as the hit.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    try {
      await page.goto(core.workspaceUrl!)
      await page.fill('input[aria-label="Search query"]', 'failed OR status>=500')
      await page.keyboard.press('Enter')
      const result = page.locator(`.search-result[data-session-id="${bad}"]`)
      await expect.poll(() => result.textContent()).toContain('GET /api/fail → 500')
      expect(await page.locator(`.search-result[data-session-id="${good}"]`).count()).toBe(0)
      const kinds = await result.locator('.hit-kind').allTextContents()
      expect(kinds).toEqual(expect.arrayContaining(['failed']))
      await page.screenshot({ path: `${PROJECT_ROOT}/docs/screenshots/search-failed-requests.png` })
    } finally {
      await page.close()
    }
  })
})
