// The plain-rrweb recording (tests/helpers/plain-rrweb.ts) that file import tests feed: recorded in real
// Chromium by the @rrweb/record bundle alone, it has what an rrweb file from another tool has.
import { EventType, IncrementalSource, MouseInteractions } from '@rrweb/types'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/browser'
import { addTodosVisit, recordWithPlainRrweb, TODO_TITLES } from '../helpers/plain-rrweb'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

type Incremental = { source: number; type?: number; text?: string }

describe('a visit recorded with plain rrweb', () => {
  it('has a Meta, a FullSnapshot, clicks, typed inputs and the to-dos as text, in time order', async () => {
    const events = await recordWithPlainRrweb(browser, addTodosVisit)
    const types = events.map((e) => e.type)
    expect(types).toContain(EventType.Meta)
    expect(types).toContain(EventType.FullSnapshot)
    expect(types.indexOf(EventType.Meta)).toBeLessThan(types.indexOf(EventType.FullSnapshot))
    const incremental = events.filter((e) => e.type === EventType.IncrementalSnapshot).map((e) => e.data as Incremental)
    const clicks = incremental.filter(
      (d) => d.source === IncrementalSource.MouseInteraction && d.type === MouseInteractions.Click
    )
    expect(clicks.length).toBeGreaterThanOrEqual(3) // the field, the checkbox, the × button
    const typed = incremental.filter((d) => d.source === IncrementalSource.Input).map((d) => d.text)
    for (const title of TODO_TITLES) expect(typed).toContain(title)
    const json = JSON.stringify(events)
    expect(json).toContain('jane.doe@example.com')
    const timestamps = events.map((e) => e.timestamp)
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b))
    // Nothing of our recorder: no custom events of ours.
    expect(types).not.toContain(EventType.Custom)
  })
})
