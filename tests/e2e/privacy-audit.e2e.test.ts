// The privacy audit on real recordings: tests/e2e/pages/echo-form.html (a page that echoes what was typed)
// recorded by the real recorder in Chromium. Under moderate the fields are masked but the echoed email, card
// and phone are found; under strict nothing is; the suggested mask selector, applied to the snippet and
// recorded again, leaves nothing to find; a clean page full of look-alikes gives no finding; and after
// redact-in-place no typed value is anywhere in the SQLite file's bytes (main file and WAL).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SessionAuditView } from '../../src/shared/audit'
import { flushRecorder, recorderState, servePages, snippetTag, waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'

const env = useCoreAndChromium()
const EMAIL = 'jane.doe@example.com'
const CARD = '4111 1111 1111 1111'
const PHONE = '+44 20 7946 0958'
const page = (file: string) => readFileSync(join(import.meta.dirname, 'pages', file), 'utf8')

/** Records one visit of `file` with the snippet's attributes; `visit` acts on the page. */
async function record(
  file: string,
  attributes: Record<string, string>,
  visit: (tab: import('playwright-core').Page) => Promise<void>
) {
  const site = env.keep(
    await servePages({ '/': page(file).replace('<!--RECORDER-->', snippetTag(env.core, attributes)) })
  )
  const tab = await env.browser.newPage()
  try {
    await tab.goto(`${site.url}/`)
    await waitFor('recording', async () => (await recorderState(tab)).recording)
    await visit(tab)
    const sessionId = (await recorderState(tab)).sessionId!
    await flushRecorder(tab)
    await waitFor('stored', () => (env.core.store.getSession(sessionId)?.batchCount ?? 0) > 0)
    return sessionId
  } finally {
    await tab.close()
  }
}

async function fillAndSave(tab: import('playwright-core').Page): Promise<void> {
  await tab.locator('#email').pressSequentially(EMAIL, { delay: 10 })
  await tab.locator('#card').pressSequentially(CARD, { delay: 10 })
  await tab.locator('#phone').pressSequentially(PHONE, { delay: 10 })
  await tab.click('button.save')
  await tab.waitForSelector('.saved-entries li')
}

/** The session's audit once the background audit has read every stored batch. */
async function auditOf(sessionId: string): Promise<SessionAuditView> {
  return waitFor('audited', async () => {
    const view = await env.core.api.getSessionAudit(sessionId)
    return view?.upToDate ? view : null
  })
}

const findingsByKind = (view: SessionAuditView) =>
  Object.fromEntries(view.findings.map((finding) => [finding.kind, finding]))
let moderate = ''

describe('the privacy audit on real recordings', () => {
  it('under moderate: the inputs are masked, the echoed email, card and phone are found with time, selector and excerpt', async () => {
    moderate = await record(
      'echo-form.html',
      { 'data-mask-level': 'moderate', 'data-block-selector': '.no-record' },
      fillAndSave
    )
    const view = await auditOf(moderate)
    const session = env.core.store.getSession(moderate)!
    expect(view.masking!.maskedInputs).toBe(3)
    expect(view.masking!.blockedElements).toBe(1)
    expect(view.masking!.blocked[0]).toMatchObject({
      selector: 'body > div.payment-widget.no-record',
      width: 320,
      height: 90
    })
    const byKind = findingsByKind(view)
    expect(Object.keys(byKind).sort()).toEqual(['card', 'email', 'phone'])
    expect(view.findings.every((finding) => finding.where === 'text')).toBe(true)
    expect([byKind.email!.excerpt, byKind.card!.excerpt, byKind.phone!.excerpt]).toEqual([
      'jane.d…@…com',
      '4111 …1111',
      '+44 …58'
    ])
    expect([byKind.email!.selector, byKind.card!.selector, byKind.phone!.selector]).toEqual([
      'li > span.email',
      'li > span.card',
      'li > span.phone'
    ])
    for (const finding of view.findings) {
      expect(finding.timestamp).toBeGreaterThanOrEqual(session.startedAt)
      expect(finding.timestamp).toBeLessThanOrEqual(session.endedAt)
      expect(finding.fix.kind).toBe('mask-selector')
    }
    expect(view.suggestion!.maskSelector).toBe(
      '.saved-entries span.email, .saved-entries span.card, .saved-entries span.phone'
    )
    expect(env.core.store.getSession(moderate)!.findings).toBe(3)
    const answer = JSON.stringify(view)
    for (const value of [EMAIL, CARD, PHONE]) expect(answer).not.toContain(value)
  })

  it('under strict the same flow has no findings', async () => {
    const strict = await record('echo-form.html', { 'data-mask-level': 'strict' }, fillAndSave)
    const view = await auditOf(strict)
    expect(view.findings).toEqual([])
    expect(view.masking!.maskedTexts).toBeGreaterThan(5)
  })

  it('the suggested mask selector, applied to the snippet and recorded again, removes the findings', async () => {
    const { suggestion } = await auditOf(moderate)
    const fixed = await record(
      'echo-form.html',
      { 'data-mask-level': suggestion!.maskLevel, 'data-mask-selector': suggestion!.maskSelector! },
      fillAndSave
    )
    const view = await auditOf(fixed)
    expect(view.findings).toEqual([])
    expect(view.masking!.maskedTexts).toBeGreaterThanOrEqual(3)
  })

  it('a clean page full of prices, dates, times, versions, order ids, rooms and tracking codes has no findings', async () => {
    const clean = await record('clean-shop.html', { 'data-mask-level': 'lax' }, async (tab) => {
      await tab.click('button.reorder')
      await tab.waitForTimeout(200)
    })
    expect((await auditOf(clean)).findings).toEqual([])
  })

  it('after redact-in-place no typed value is anywhere in the SQLite file (main file and WAL)', async () => {
    const dbPath = env.core.dbPath
    const bytes = () =>
      Buffer.concat([
        readFileSync(dbPath),
        existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`) : Buffer.alloc(0)
      ])
    const holds = (value: string) => bytes().includes(Buffer.from(value))
    // Before: the echoed text is in the search index as text.
    expect(holds(EMAIL)).toBe(true)
    const result = await env.core.api.redactSession(moderate, { mode: 'in-place', maskAllText: false })
    expect(result).toMatchObject({ sessionId: moderate, mode: 'in-place', values: 3, walTruncated: true })
    for (const value of [EMAIL, CARD, PHONE]) expect(holds(value)).toBe(false)
    expect((await auditOf(moderate)).findings).toEqual([])
    // Still a session to replay.
    expect(env.core.store.getSessionOutline(moderate)!.chunks.length).toBeGreaterThan(0)
  })
})
