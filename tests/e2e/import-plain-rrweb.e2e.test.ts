// A recording made by another tool, end to end: plain rrweb (no recorder of ours) records a to-do visit in
// Chromium, the file is imported through the core, and the session is then like any other: search finds it,
// the privacy audit finds the email typed into it (redacted), the diff lines it up against another import,
// and the workspace in browser mode replays it, showing the to-do in the replay iframe.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportSource } from '../../src/main/core/files/import-types'
import type { SessionAuditView } from '../../src/shared/audit'
import { Readable } from 'node:stream'
import { waitFor } from '../helpers/browser'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import {
  POSTHOG_WINDOW_IDS,
  posthogExportV1,
  posthogExportV2,
  rrwebArrayFile,
  splitIntoWindows
} from '../helpers/import-files'
import type { RecordedEvent } from '../../src/shared/types'
import { addTodosVisit, recordWithPlainRrweb, TODO_TITLES } from '../helpers/plain-rrweb'
import { launchToken } from '../helpers/test-core'

const env = useCoreAndChromium({ browserMode: true })
const EMAIL = 'jane.doe@example.com'

const fileSource = (name: string, file: Buffer): ImportSource => ({
  name,
  size: file.length,
  open: () => Readable.from([file])
})

let first = ''
let second = ''
/** The first real recording's events, for the PostHog files built from it. */
let recorded: RecordedEvent[] = []

beforeAll(async () => {
  for (const name of ['todo-visit-1.json.gz', 'todo-visit-2.json']) {
    const events = await recordWithPlainRrweb(env.browser, addTodosVisit)
    if (recorded.length === 0) recorded = events
    const file = rrwebArrayFile(events, { gzip: name.endsWith('.gz') })
    const [imported, ...more] = await env.core.files.importFile([fileSource(name, file)])
    expect(more).toEqual([])
    expect(imported).toMatchObject({ file: name, format: 'rrweb', events: events.length })
    expect(env.core.store.getEvents(imported!.sessionId)).toEqual(events)
    if (first) second = imported!.sessionId
    else first = imported!.sessionId
  }
})

async function auditOf(sessionId: string): Promise<SessionAuditView> {
  return waitFor('audited', async () => {
    const view = await env.core.api.getSessionAudit(sessionId)
    return view?.upToDate ? view : null
  })
}

async function replayFrameText(page: Page): Promise<string> {
  const frame = await (await page.waitForSelector('.replayer-wrapper iframe')).contentFrame()
  return (await frame?.evaluate(() => document.body?.innerText ?? '')) ?? ''
}

describe('a plain rrweb recording, imported', () => {
  it('is searchable: its clicks and its text', async () => {
    const clicked = await env.core.api.searchSessions('clicked:.toggle')
    expect(clicked.map((result) => result.sessionId).sort()).toEqual([first, second].sort())
    expect(clicked.every((result) => result.hits.length > 0)).toBe(true)
    const text = await env.core.api.searchSessions(`text:"${TODO_TITLES[0]}"`)
    expect(text.map((result) => result.sessionId).sort()).toEqual([first, second].sort())
    expect(await env.core.api.searchSessions('text:"no such to-do anywhere"')).toEqual([])
  })

  it('is auditable: the typed email is found, shown redacted, never whole', async () => {
    const view = await auditOf(first)
    const emails = view.findings.filter((finding) => finding.kind === 'email')
    expect(emails.length).toBeGreaterThan(0)
    for (const finding of emails) {
      expect(finding.sessionId).toBe(first)
      expect(finding.excerpt.length).toBeGreaterThan(0)
      expect(finding.excerpt).not.toContain(EMAIL)
    }
    expect(JSON.stringify(view)).not.toContain(EMAIL)
    // The imported session is read as unmasked (a file says nothing of how it was masked).
    expect(view.masking?.config.maskLevel).toBe('lax')
    expect((await env.core.api.searchSessions('pii:email')).map((r) => r.sessionId).sort()).toEqual(
      [first, second].sort()
    )
  })

  it('is diffable against another imported visit: rows for the same steps', async () => {
    const diff = await env.core.api.diffSessions(first, second)
    expect(diff.rows.length).toBeGreaterThan(0)
    expect(diff.summary.rows).toBe(diff.rows.length)
    // The same visit twice: every step is on both sides.
    expect(diff.rows.filter((row) => row.a && row.b).length).toBeGreaterThan(0)
    const labels = diff.rows.map((row) => (row.a ?? row.b)!.label).join('\n')
    expect(labels).toMatch(/toggle/)
  })

  it('replays in the workspace (browser mode): the to-do shows in the replay iframe', async () => {
    const session = env.core.store.getSession(first)!
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } })
    try {
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      // Near the end: the first to-do ticked, the second (with the email) deleted.
      const at = Math.max(0, session.durationMs - 100)
      await page.goto(`${env.core.receiverUrl}/#token=${launchToken(env.core)}&/session/${first}?t=${at}`)
      await page.waitForSelector('[data-testid="load-status"][data-loaded="all"]')
      await expect.poll(() => replayFrameText(page), { timeout: 15_000 }).toContain(TODO_TITLES[0])
      expect(await page.locator('[role="alert"]').count()).toBe(0)
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})

// Last: the sessions it adds would also match the searches above.
describe('PostHog exports built from a real recording', () => {
  it('import with every event, each window of a recording its own session, in both export versions', async () => {
    const windows = splitIntoWindows(recorded, 2)
    for (const [format, file] of [
      ['posthog-2022-12-02', posthogExportV1(recorded, { windows: 2 })],
      ['posthog-2023-04-28', posthogExportV2(recorded, { windows: 2, gzip: true })]
    ] as const) {
      const imported = await env.core.files.importFile([fileSource(`${format}.json`, file)])
      expect(imported.map((session) => [session.format, session.events])).toEqual(
        windows.map((events) => [format, events.length])
      )
      imported.forEach(({ sessionId }, i) => {
        const session = env.core.store.getSession(sessionId)!
        expect(session.imported).toEqual(expect.objectContaining({ format, window: POSTHOG_WINDOW_IDS[i] }))
        // Version 2023-04-28 tags each event with its window; the events are stored as the file had them.
        const stored = env.core.store
          .getEvents(sessionId)
          .map(({ windowId: _windowId, ...event }: RecordedEvent & { windowId?: string }) => event)
        expect(stored).toEqual(windows[i])
      })
    }
  })
})
