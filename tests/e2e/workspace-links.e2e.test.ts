// Browser mode's links in real Chromium: the launch link logs a browser in (a cookie), after which any workspace
// link works in any tab of it; a launch link can carry a deep link; a browser without the cookie sees one clear
// message; and a page on another port of the same host, which the cookie's SameSite does not keep out, still
// cannot use it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { servePages } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { launchToken, postBatch } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })
const SESSION = 'links-session-0001'
let durationMs = 0

beforeAll(async () => {
  for (const batch of syntheticBatches({ seed: 11, sessionId: SESSION, events: 400, startAt: Date.now() - 120_000 })) {
    expect((await postBatch(env.core, gzipBatch(batch))).status).toBe(200)
  }
  durationMs = env.core.store.getSession(SESSION)!.durationMs
})

const poll = <T>(check: () => Promise<T> | T) => expect.poll(check, { timeout: 15_000 })
const offset = (page: Page) => page.getAttribute('[role="slider"]', 'data-current-offset').then(Number)
const deepLink = (t: number) => `${env.core.receiverUrl}/#/session/${SESSION}?t=${t}`

/** A browser context that opened the launch link (the URL `npm run serve` prints) once. */
async function loggedIn(): Promise<{ context: BrowserContext; first: Page }> {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } })
  const first = await context.newPage()
  await first.goto(env.core.workspaceUrl!)
  await first.waitForSelector(`.session-row[data-session-id="${SESSION}"]`)
  return { context, first }
}

describe('links in browser mode', () => {
  it('open in a new tab of a browser that opened the launch link once, deep links included', async () => {
    const { context, first } = await loggedIn()
    // The token left the address bar at once.
    expect(first.url()).toBe(`${env.core.receiverUrl}/#/`)
    const [cookie, ...others] = await context.cookies()
    expect(others).toEqual([])
    expect(cookie).toMatchObject({
      name: `ri_token_${env.core.port}`,
      httpOnly: true,
      sameSite: 'Strict',
      path: '/'
    })
    expect(await first.evaluate(() => document.cookie)).toBe('') // HttpOnly: no script reads it

    // A session link in a second tab, as a middle-click on a search result opens it.
    const second = await context.newPage()
    const errors: string[] = []
    second.on('pageerror', (error) => errors.push(error.message))
    await second.goto(deepLink(2000))
    await poll(() => offset(second)).toBe(2000)
    await second.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
    expect(await second.locator('[role="alert"]').count()).toBe(0)
    expect(await second.isEnabled('button:has-text("Pin…")')).toBe(true)
    expect(await second.isEnabled('button:has-text("Delete…")')).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('keeps the deep link of a launch link (#token=…&/session/…) and drops the token from the address', async () => {
    const context = await env.browser.newContext()
    const page = await context.newPage()
    await page.goto(`${env.core.receiverUrl}/#token=${launchToken(env.core)}&/session/${SESSION}?t=3000`)
    await poll(() => offset(page)).toBe(3000)
    expect(page.url()).toBe(deepLink(3000))
    // The address follows the paused playhead from there, never bringing the token back.
    await page.keyboard.press('ArrowRight')
    await poll(() => page.evaluate(() => location.hash)).toBe(`#/session/${SESSION}?t=8000`)
    await context.close()
  })

  it('shows one clear message and nothing else to a browser without the cookie, or with a stale token', async () => {
    const context = await env.browser.newContext()
    for (const url of [deepLink(1000), `${env.core.receiverUrl}/#token=from-an-old-launch&/session/${SESSION}`]) {
      const page = await context.newPage() // a new document: the same one would only change its hash
      await page.goto(url)
      const message = await page.waitForSelector('[data-testid="access-denied"] [role="alert"]')
      expect(await message.textContent()).toMatch(url.includes('#token=') ? /not the running server's/ : /launch link/)
      // Nothing else: no list, no player, no buttons, no second error.
      expect(await page.locator('[role="alert"]').count()).toBe(1)
      expect(await page.locator('button, input, nav, .session-table, .replay-view').count()).toBe(0)
    }
    expect(await context.cookies()).toEqual([])
    await context.close()
  })

  it('clamps the clock of a deep link past the end, and the header and the clock agree on the duration', async () => {
    const { context, first: page } = await loggedIn()
    await page.goto(deepLink(10 * 60_000))
    await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
    const [position, total] = (await page.textContent('[data-testid="clock"]'))!.split(' / ')
    expect(position).toBe(total)
    const seconds = Math.floor(durationMs / 1000)
    expect(total).toBe(`${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`)
    expect(await page.textContent('.replay-title .muted')).toContain(
      seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`
    )
    await context.close()
  })

  it('refuses the cookie to a page on another port of the same host (same-site, so the browser sends it)', async () => {
    const { context } = await loggedIn()
    const api = `${env.core.receiverUrl}/api`
    // What reached the server from the other page (told apart by its Origin, which every request below carries).
    const seen: { method: string; path: string; origin: string; cookie: boolean; status: number }[] = []
    const watch = (req: IncomingMessage, res: ServerResponse) =>
      res.on('finish', () =>
        seen.push({
          method: req.method ?? '',
          path: req.url ?? '',
          origin: req.headers.origin ?? '',
          cookie: (req.headers.cookie ?? '').includes(`ri_token_${env.core.port}=`),
          status: res.statusCode
        })
      )
    env.core.server.on('request', watch)
    const attacker = env.keep(
      await servePages({
        '/': `<!doctype html><title>another app on loopback</title>
          <form id="form" method="POST" action="${api}/deleteSession" enctype="text/plain">
            <input name='["${SESSION}"' value='"]'>
          </form>`
      })
    )
    expect(new URL(attacker.url).hostname).toBe('127.0.0.1') // same site as the workspace
    const page = await context.newPage()
    await page.goto(`${attacker.url}/`)
    const outcomes = await page.evaluate(
      async ({ api, id }) => {
        const attempt = async (what: string, run: () => Promise<Response>) => {
          try {
            const response = await run()
            return `${what}: ${response.type} ${response.status}`
          } catch (error) {
            return `${what}: ${(error as Error).name}`
          }
        }
        return [
          // JSON needs a preflight, which the workspace never grants.
          await attempt('json', () =>
            fetch(`${api}/listSessions`, {
              method: 'POST',
              credentials: 'include',
              headers: { 'Content-Type': 'application/json' },
              body: '[]'
            })
          ),
          // A simple request goes out without one (and carries the cookie), but is refused at the door.
          await attempt('text/plain', () =>
            fetch(`${api}/deleteSession`, {
              method: 'POST',
              credentials: 'include',
              mode: 'no-cors',
              headers: { 'Content-Type': 'text/plain' },
              body: JSON.stringify([id])
            })
          ),
          await attempt('stream', () => fetch(`${api}/changes`, { credentials: 'include' }))
        ]
      },
      { api, id: SESSION }
    )
    expect(outcomes).toEqual(['json: TypeError', 'text/plain: opaque 0', 'stream: TypeError'])
    // A plain HTML form (the oldest cross-site request there is).
    await Promise.all([
      page.waitForURL(`${api}/deleteSession`),
      page.evaluate(() => (document.getElementById('form') as HTMLFormElement).submit())
    ])
    expect(await page.textContent('body')).toContain('application/json')
    env.core.server.off('request', watch)

    expect(env.core.store.getSession(SESSION)).not.toBeNull()
    const fromAttacker = seen
      .filter((request) => request.origin === attacker.url)
      .map(({ method, path, cookie, status }) => `${method} ${path} ${cookie ? 'with' : 'without'} cookie: ${status}`)
    // SameSite=Strict did not keep the cookie out (same host, another port): the server's checks did. The JSON
    // call's preflight was refused, so the call itself never came.
    expect(fromAttacker.sort()).toEqual(
      [
        'OPTIONS /api/listSessions without cookie: 405',
        'POST /api/deleteSession with cookie: 415',
        'GET /api/changes with cookie: 403',
        'POST /api/deleteSession with cookie: 415'
      ].sort()
    )
    await context.close()
  })
})
