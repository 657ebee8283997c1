// The masking inspector and the findings panel in the workspace, in real Chromium against the real core in
// browser mode: a recording of the echoing page (tests/e2e/pages/echo-form.html) under moderate, opened in
// the replay. The overlay is style rules in the replay frame (which stays without allow-scripts); a click
// on a finding seeks there and outlines the element. UPDATE_SCREENSHOTS=1 writes
// docs/screenshots/privacy-overlay.png and privacy-findings.png (1440×900).
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Frame, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import { PROJECT_ROOT } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(PROJECT_ROOT, 'docs', 'screenshots') : null
const poll = <T>(check: () => Promise<T> | T) => expect.poll(check, { timeout: 15_000 })

async function recordEcho(): Promise<string> {
  const html = readFileSync(join(import.meta.dirname, 'pages', 'echo-form.html'), 'utf8').replace(
    '<!--RECORDER-->',
    snippetTag(env.core, { 'data-mask-level': 'moderate', 'data-block-selector': '.no-record' })
  )
  const site = env.keep(await servePages({ '/': html }))
  const tab = await (await env.browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage()
  await tab.goto(`${site.url}/`)
  await waitFor('recording', async () => (await recorderState(tab)).recording)
  await tab.locator('#email').pressSequentially('jane.doe@example.com', { delay: 25 })
  await tab.locator('#card').pressSequentially('4111 1111 1111 1111', { delay: 25 })
  await tab.locator('#phone').pressSequentially('+44 20 7946 0958', { delay: 25 })
  await tab.click('button.save')
  await tab.waitForTimeout(600)
  // A second entry, half typed: the overlay shows masked fields with content on the last frame.
  await tab.locator('#email').pressSequentially('sam@example.org', { delay: 25 })
  await tab.waitForTimeout(400)
  const sessionId = (await recorderState(tab)).sessionId!
  await flushRecorder(tab)
  await tab.context().close()
  await waitFor('audited', async () => (await env.core.api.getSessionAudit(sessionId))?.upToDate)
  return sessionId
}

async function replayFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector('.replayer-wrapper iframe')).contentFrame()
  if (!frame) throw new Error('no replay frame')
  return frame
}

/** The overlay's rules in the replay frame ('' when there is no overlay style). */
const overlayCss = (frame: Frame) =>
  frame.evaluate(() => document.getElementById('replay-investigator-overlay')?.textContent ?? '')
const outlineOf = (frame: Frame, selector: string) =>
  frame.evaluate((css) => getComputedStyle(document.querySelector(css)!).outlineStyle, selector)

async function shoot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
}

describe('the masking inspector and the findings panel', () => {
  it('lists the findings, seeks to one and outlines its element; the overlay outlines what was hidden', async () => {
    const sessionId = await recordEcho()
    const page = await (await env.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    await page.goto(env.core.workspaceUrl!)
    await page.evaluate((id) => (location.hash = `#/session/${id}`), sessionId)
    const frame = await replayFrame(page)
    expect(await page.getAttribute('.replayer-wrapper iframe', 'sandbox')).toBe('allow-same-origin')

    // The Privacy tab: counts, the masking report, three findings with excerpts only.
    await poll(() => page.textContent('[data-testid="finding-count"]')).toBe('3')
    await page.click('role=tab[name=/Privacy/]')
    await poll(() => page.locator('[data-testid="finding"]').count()).toBe(3)
    const panel = (await page.textContent('[data-testid="privacy-panel"]'))!
    expect(panel).toContain('jane.d…@…com')
    expect(panel).toContain('4111 …1111')
    expect(panel).toContain('data-mask-selector=".saved-entries span.email"')
    expect(panel).not.toContain('jane.doe@example.com')
    expect(await page.textContent('[data-testid="masking-counts"]')).toMatch(/3 masked inputs.*1 blocked element/)

    // Keyboard: a finding is a button; Enter on it seeks and outlines the echoed email.
    await page.locator('[data-testid="finding"]').first().focus()
    await page.keyboard.press('Enter')
    await poll(async () =>
      (await replayFrame(page)).evaluate(() => document.querySelector('.saved-entries .email')?.textContent ?? '')
    ).toBe('email: jane.doe@example.com')
    await poll(() => overlayCss(frame)).toContain('outline: 3px solid')
    await poll(() => outlineOf(frame, '.saved-entries .email')).toBe('solid')
    await shoot(page, 'privacy-findings')

    // The overlay: masked inputs and the blocked widget outlined, by style rules only.
    await page.click('button:has-text("Masked")')
    await poll(() => outlineOf(frame, '.payment-widget')).toBe('solid')
    await poll(() => outlineOf(frame, '#email')).toBe('dashed')
    expect(await overlayCss(frame)).toContain("content: 'blocked'")
    // What strict would additionally hide: the page's text (the echoed entries among it).
    await page.click('button:has-text("+ strict")')
    await poll(() => outlineOf(frame, 'h1')).toBe('dotted')
    await poll(() => page.textContent('.overlay-toggles')).toMatch(/\+ strict \(\d+\)/)
    expect(await frame.evaluate(() => document.querySelectorAll('script').length)).toBe(0)
    await shoot(page, 'privacy-overlay')

    // Off again: the rules leave the frame.
    await page.click('button:has-text("Masked")')
    await page.click('button:has-text("+ strict")')
    await poll(() => outlineOf(frame, '.payment-widget')).not.toBe('solid')

    // The session list: the findings column, the filter, and the audit of every session with its snippet.
    await page.evaluate(() => (location.hash = '#/'))
    const row = page.locator(`.session-row[data-session-id="${sessionId}"]`)
    await poll(() => row.locator('[data-issue="finding"]').getAttribute('title')).toBe('3 privacy findings')
    await page.check('text=With privacy findings')
    await poll(() => page.textContent('[data-testid="session-count"]')).toMatch(/^1 of \d+ session/)
    await page.click('button:has-text("Privacy audit…")')
    await poll(() => page.textContent('[data-testid="audit-report"]')).toContain('3 findings in 1 session')
    expect(await page.textContent('[data-testid="audit-report"] [data-testid="snippet"]')).toContain(
      'data-mask-selector=".saved-entries span.email, .saved-entries span.card, .saved-entries span.phone"'
    )
    await page.keyboard.press('Escape')
    await page.context().close()
  })
})
