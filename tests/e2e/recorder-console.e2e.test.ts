// The page's console in real Chromium: logs, warnings and errors with objects and cycles, a page that floods the
// console, and what the user typed quoted in messages, recorded by the real recorder; assertions read the real
// SQLite file.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CONSOLE_TAG, isConsolePayload, type ConsolePayload } from '../../src/shared/devtools-events'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { storedPayloads, storedText, useCoreAndChromium } from '../helpers/e2e-fixture'

// The page's own script, in a file of its own so that a message's location can be checked: line 3 is the warning.
const APP_JS = `const order = { id: 7, items: [{ sku: 'mug', qty: 2 }], customer: { name: 'Jane' } }
order.self = order
document.getElementById('log').addEventListener('click', () => console.warn('order %s has %d items', 'A-7', 2, order))
document.getElementById('email').addEventListener('change', (event) => {
  console.error('no account for ' + event.target.value, { email: event.target.value })
  console.log('checked', event.target.value)
})
`

const PAGE = (snippet: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console</title></head>
<body>
  <button id="log" type="button">Log</button>
  <button id="flood" type="button">Flood</button>
  <input id="email" type="email">
  ${snippet}
  <script>
    // Before the load event: recorded although rrweb takes its first snapshot only once the page has loaded.
    console.error('booting', new TypeError('config missing'))
    console.info('info at boot')
    console.debug('debug at boot')
    document.getElementById('flood').addEventListener('click', () => {
      for (let n = 0; n < 2000; n++) console.log('tick', n)
      for (let n = 0; n < 2000; n++) console.warn('same warning again')
      console.error('after the flood')
    })
    // The page's console still behaves as before: what it returns, what it prints.
    window.returned = [console.log('x'), console.warn('y'), console.error('z')]
  </script>
  <script src="/app.js"></script>
</body></html>`

const e2e = useCoreAndChromium()

async function site(attributes: Record<string, string>) {
  const snippet = snippetTag(e2e.core, attributes)
  return e2e.keep(await servePages({ '/console.html': PAGE(snippet), '/app.js': APP_JS }))
}

const storedMessages = (sessionId: string): ConsolePayload[] =>
  storedPayloads(e2e.core, sessionId, CONSOLE_TAG, isConsolePayload)

async function open(url: string): Promise<{ page: Page; sessionId: string; printed: string[] }> {
  const context = await e2e.browser.newContext()
  const page = await context.newPage()
  const printed: string[] = []
  page.on('console', (message) => printed.push(`${message.type()}: ${message.text()}`))
  await page.goto(url)
  await waitFor('recording', async () => (await recorderState(page)).recording)
  return { page, sessionId: (await recorderState(page)).sessionId!, printed }
}

/** Flushes until `count` messages are stored; returns them. */
async function messagesOnceStored(page: Page, sessionId: string, count: number): Promise<ConsolePayload[]> {
  return waitFor(`${count} console messages stored`, async () => {
    await flushRecorder(page)
    const stored = storedMessages(sessionId)
    return stored.length >= count ? stored : null
  })
}

describe("recording the page's console in Chromium", () => {
  it('records all levels with objects, cycles, format specifiers and where they were logged', async () => {
    const consoleSite = await site({ 'data-console': 'all', 'data-mask-level': 'lax' })
    const { page, sessionId, printed } = await open(`${consoleSite.url}/console.html`)
    await page.click('#log')
    const returned = await page.evaluate(() => (window as unknown as { returned: unknown[] }).returned)
    const messages = await messagesOnceStored(page, sessionId, 7)
    await page.context().close()

    expect(messages.map(({ level, message }) => [level, message.split('\n')[0]])).toEqual([
      ['error', 'booting TypeError: config missing'],
      ['info', 'info at boot'],
      ['debug', 'debug at boot'],
      ['log', 'x'],
      ['warn', 'y'],
      ['error', 'z'],
      [
        'warn',
        'order A-7 has 2 items {id: 7, items: [{sku: "mug", qty: 2}], customer: {name: "Jane"}, self: [Circular]}'
      ]
    ])
    // An Error argument carries its stack; every message says where the page logged it (never recorder.js).
    expect(messages[0]!.message).toMatch(/^booting TypeError: config missing\n {4}at .*console\.html:\d+:\d+/)
    expect(messages.at(-1)).toMatchObject({
      source: `${consoleSite.url}/app.js`,
      line: 3,
      repeats: 0,
      truncated: false
    })
    expect(messages[3]!.source).toBe(`${consoleSite.url}/console.html`)
    expect(messages.every((message) => !message.source?.includes('recorder.js'))).toBe(true)
    // The page's console printed everything as before, and returned what it returns.
    expect(returned).toEqual([undefined, undefined, undefined])
    expect(printed).toEqual(expect.arrayContaining(['log: x', 'warning: y', 'error: z']))
  })

  it('records a flood as bounded: 200 logs, one record of a repeated warning, and the errors after it', async () => {
    const consoleSite = await site({ 'data-console': 'all' })
    const { page, sessionId, printed } = await open(`${consoleSite.url}/console.html`)
    await page.click('#flood')
    const messages = await waitFor('the error after the flood stored', async () => {
      await flushRecorder(page)
      const stored = storedMessages(sessionId)
      return stored.some((message) => message.message === 'after the flood') ? stored : null
    })
    await page.context().close()

    const logs = messages.filter(
      (message) => message.level === 'log' || message.level === 'info' || message.level === 'debug'
    )
    expect(logs).toHaveLength(200)
    expect(logs.at(-1)!.message).toBe('tick 196') // info, debug and log at boot came first
    expect(messages.filter((message) => message.message === 'same warning again')).toHaveLength(1)
    expect(messages.at(-1)).toMatchObject({ level: 'error', message: 'after the flood' })
    expect(printed.filter((line) => line === 'log: tick 1999')).toHaveLength(1) // the page printed all of it
    // (The repeats of a flood are counted into its next record 10 s later: see recorder-console-capture.test.ts.)
  })

  it('by default records warnings and errors only', async () => {
    const consoleSite = await site({})
    const { page, sessionId } = await open(`${consoleSite.url}/console.html`)
    await page.click('#log')
    const messages = await messagesOnceStored(page, sessionId, 4)
    await page.context().close()
    expect(messages.map(({ level, message }) => [level, message.split('\n')[0]!.slice(0, 24)])).toEqual([
      ['error', 'booting TypeError: confi'],
      ['warn', 'y'],
      ['error', 'z'],
      ['warn', 'order A-7 has 2 items {i']
    ])
  })

  it('moderate: what the user typed never appears in a recorded message', async () => {
    const consoleSite = await site({ 'data-console': 'all', 'data-mask-level': 'moderate' })
    const { page, sessionId } = await open(`${consoleSite.url}/console.html`)
    await page.fill('#email', 'typed.person@example.org')
    await page.locator('#email').blur()
    const messages = await messagesOnceStored(page, sessionId, 8)
    await page.context().close()
    const masked = '*'.repeat('typed.person@example.org'.length)
    expect(messages.slice(-2).map((message) => message.message)).toEqual([
      `no account for ${masked} {email: "${masked}"}`,
      `checked ${masked}`
    ])
    expect(storedText(e2e.core, sessionId)).not.toContain('typed.person')
  })

  it('strict: messages are masked like page text; off: nothing is recorded', async () => {
    const strictSite = await site({ 'data-mask-level': 'strict' })
    const strict = await open(`${strictSite.url}/console.html`)
    const messages = await messagesOnceStored(strict.page, strict.sessionId, 3)
    await strict.page.context().close()
    expect(messages.map((message) => message.message.split('\n')[0])).toEqual([
      '******* ********** ****** *******',
      '*',
      '*'
    ])
    expect(storedText(e2e.core, strict.sessionId)).not.toContain('config missing')

    const offSite = await site({ 'data-console': 'off' })
    const off = await open(`${offSite.url}/console.html`)
    await off.page.click('#log')
    // The page's console is its own again: not wrapped at all.
    expect(await off.page.evaluate(() => console.warn.toString())).toContain('[native code]')
    await flushRecorder(off.page)
    await off.page.context().close()
    expect(storedMessages(off.sessionId)).toEqual([])
  })
})
