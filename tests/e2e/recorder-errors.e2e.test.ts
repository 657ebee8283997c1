// The page's own JavaScript errors in real Chromium: a page on loopback throws, rejects a promise, loops on an
// exception and fails to load an image and a script while the real recorder records it; the assertions read
// the real SQLite file and search it through the core API.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { CapturedError } from '../../src/shared/custom-events'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { storedText, useCoreAndChromium } from '../helpers/e2e-fixture'

// Chromium reports the error at line 2, column 9 (where the TypeError is made). servePages labels this
// text/html, which browsers still run as a classic script.
const APP_JS = `function validate(email) {
  throw new TypeError('invalid email ' + email)
}
document.getElementById('throw').addEventListener('click', () => validate('jane@example.com'))
`

const PAGE = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Errors</title></head>
<body>
  <button id="throw" type="button">Throw</button>
  <button id="reject" type="button">Reject</button>
  <button id="loop" type="button">Loop</button>
  <button id="broken" type="button">Broken assets</button>
  <button id="after" type="button">After stop</button>
  <input id="email" type="email"><button id="check" type="button">Check</button>
  <script src="/app.js?v=secret-token"></script>
  <script>
    document.getElementById('reject').addEventListener('click', () => {
      Promise.reject(new Error('payment declined for jane@example.com'))
    })
    // An exception in every animation frame for a second: the recorder must not record each one.
    document.getElementById('loop').addEventListener('click', () => {
      const until = performance.now() + 1000
      const frame = () => {
        if (performance.now() < until) requestAnimationFrame(frame)
        throw new RangeError('frame budget exceeded')
      }
      requestAnimationFrame(frame)
    })
    // Load errors fire at their elements: not JavaScript errors of the page.
    document.getElementById('broken').addEventListener('click', () => {
      document.body.append(Object.assign(document.createElement('img'), { src: '/missing.png' }))
      document.body.append(Object.assign(document.createElement('script'), { src: '/missing.js' }))
    })
    document.getElementById('after').addEventListener('click', () => {
      throw new Error('thrown after stop')
    })
    // The page's code quotes what the user typed in its error.
    document.getElementById('check').addEventListener('click', () => {
      throw new Error('invalid email ' + document.getElementById('email').value)
    })
  </script>
  ${snippet}
  <script>
    // The page's own listeners, after the recorder's: they still get every event, not prevented.
    window.seen = []
    addEventListener('error', (event) => seen.push(event.defaultPrevented))
    addEventListener('unhandledrejection', (event) => seen.push(event.defaultPrevented))
  </script>
</body></html>`

const e2e = useCoreAndChromium()

async function site(attributes: Record<string, string>) {
  const snippet = snippetTag(e2e.core, attributes)
  return e2e.keep(await servePages({ '/errors.html': PAGE(snippet), '/app.js': APP_JS }))
}

/** The recorder's error events stored for the session, in time order. */
function storedErrors(sessionId: string): CapturedError[] {
  return e2e.core.store
    .getEvents(sessionId)
    .filter((event) => event.type === 5 && (event.data as { tag?: string }).tag === 'error')
    .map((event) => (event.data as { payload: CapturedError }).payload)
}

async function errorHits(sessionId: string) {
  const results = await e2e.core.api.searchSessions('error')
  return results.find((result) => result.sessionId === sessionId)?.hits ?? []
}

/** Opens the page in a fresh tab session and waits until the recorder runs. */
async function open(url: string): Promise<{ page: Page; sessionId: string; pageErrors: string[] }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1000, height: 700 } })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(url)
  await waitFor('recording', async () => (await recorderState(page)).recording)
  return { page, sessionId: (await recorderState(page)).sessionId!, pageErrors }
}

describe("recording the page's JavaScript errors in Chromium", () => {
  it('moderate: what the user typed is scrubbed out of an error message that quotes it', async () => {
    const errorsSite = await site({ 'data-mask-level': 'moderate' })
    const { page, sessionId } = await open(`${errorsSite.url}/errors.html`)
    await page.fill('#email', 'typed.person@example.org')
    await page.click('#check')
    await flushRecorder(page)
    await page.context().close()
    const [error] = await waitFor('the error stored', () => {
      const stored = storedErrors(sessionId)
      return stored.length > 0 ? stored : null
    })
    expect(error!.message).toBe(`invalid email ${'*'.repeat('typed.person@example.org'.length)}`)
    expect(error!.stack).toContain('Error: invalid email ******')
    expect(storedText(e2e.core, sessionId)).not.toContain('typed.person')
  })

  it('moderate: uncaught errors and rejections with message and location, bounded, only while recording', async () => {
    const errorsSite = await site({ 'data-mask-level': 'moderate' })
    const { page, sessionId, pageErrors } = await open(`${errorsSite.url}/errors.html?email=jane@example.com`)
    await page.click('#throw')
    await page.click('#reject')
    await page.click('#broken')
    await page.click('#loop')
    await page.waitForTimeout(1300)
    await flushRecorder(page)
    await page.evaluate(() => window.__replayInvestigator!.stop())
    await page.click('#after')
    await page.waitForTimeout(200)
    const seen = await page.evaluate(() => (window as unknown as { seen: boolean[] }).seen)
    await page.context().close()

    const errors = await waitFor('errors stored', () => {
      const stored = storedErrors(sessionId)
      return stored.length >= 3 ? stored : null
    })
    const page0 = `${errorsSite.url}/errors.html`
    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatchObject({
      kind: 'error',
      name: 'TypeError',
      message: 'invalid email jane@example.com',
      source: `${errorsSite.url}/app.js`,
      line: 2,
      column: 9,
      repeats: 0
    })
    expect(errors[0]!.stack).toContain(`at validate (${errorsSite.url}/app.js:2:9)`)
    expect(errors[1]).toMatchObject({
      kind: 'unhandledrejection',
      name: 'Error',
      message: 'payment declined for jane@example.com',
      source: page0 // the inline script's frame, without the page's query string
    })
    expect(errors[1]!.line).toBeGreaterThan(10)
    expect(errors[2]).toMatchObject({ kind: 'error', name: 'RangeError', message: 'frame budget exceeded' })
    expect(errors[2]!.source).toBe(page0)
    const stored = JSON.stringify(errors)
    expect(stored).not.toContain('secret-token')
    expect(stored).not.toContain('?email=')

    // The browser saw every exception of the loop; one was recorded. The one after stop() was not.
    expect(pageErrors.filter((message) => message === 'frame budget exceeded').length).toBeGreaterThan(5)
    expect(pageErrors).toContain('thrown after stop')
    expect(stored).not.toContain('thrown after stop')
    // The page's own listeners got each one the browser reported (Playwright's pageerror includes unhandled
    // rejections), none prevented: the console reports them as usual.
    expect(seen).toEqual(pageErrors.map(() => false))

    const hits = await errorHits(sessionId)
    expect(hits.map((hit) => [hit.kind, hit.text])).toEqual([
      ['error', 'TypeError: invalid email jane@example.com (app.js:2:9)'],
      ['error', `Error: payment declined for jane@example.com (errors.html:${errors[1]!.line}:${errors[1]!.column})`],
      ['error', `RangeError: frame budget exceeded (errors.html:${errors[2]!.line}:${errors[2]!.column})`]
    ])
  })

  it('strict: messages and stack text are masked; type, script and position stay; search still finds them', async () => {
    const errorsSite = await site({ 'data-mask-level': 'strict' })
    const { page, sessionId } = await open(`${errorsSite.url}/errors.html`)
    await page.click('#throw')
    await page.click('#reject')
    await page.waitForTimeout(100)
    await flushRecorder(page)
    await page.context().close()

    const errors = await waitFor('errors stored', () => {
      const stored = storedErrors(sessionId)
      return stored.length >= 2 ? stored : null
    })
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatchObject({
      name: 'TypeError',
      message: '******* ***** ****************',
      source: `${errorsSite.url}/app.js`,
      line: 2,
      column: 9
    })
    expect(errors[0]!.stack!.split('\n')[0]).toBe('********** ******* ***** ****************')
    expect(errors[0]!.stack).toContain(`at validate (${errorsSite.url}/app.js:2:9)`)
    expect(errors[1]).toMatchObject({ name: 'Error', message: '******* ******** *** ****************' })
    const text = storedText(e2e.core, sessionId)
    for (const secret of ['jane', 'invalid email', 'payment declined']) expect(text).not.toContain(secret)

    const hits = await errorHits(sessionId)
    expect(hits.map((hit) => hit.text)).toEqual([
      'TypeError: ******* ***** **************** (app.js:2:9)',
      `Error: ******* ******** *** **************** (errors.html:${errors[1]!.line}:${errors[1]!.column})`
    ])
  })
})
