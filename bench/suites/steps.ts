// The shared step model's cost: reading the long session (200k events built from a real Chromium recording)
// into steps, as the replay does chunk by chunk, against JSON.parse of the same events in the same run. The
// step model runs on every event the replay streams in and the indexer stores, so it should cost no more
// than parsing them did.
import { SessionSteps } from '../../src/shared/events/session-steps'
import type { RecordedEvent } from '../../src/shared/types'
import { launchChromium } from '../../tests/helpers/browser'
import { startTestCore } from '../../tests/helpers/test-core'
import { LONG_SESSION_ID, recordRealSession, storeLongSession } from '../long-session'
import { median, ratioRow, timed, type BenchRow } from '../table'

const RUNS = 7

export async function run(): Promise<BenchRow[]> {
  const core = await startTestCore({ indexers: () => [] })
  try {
    const browser = await launchChromium()
    let recording
    try {
      recording = await recordRealSession(core, browser)
    } finally {
      await browser.close()
    }
    const { events, pageLoads } = storeLongSession(core, recording)
    const outline = core.store.getSessionOutline(LONG_SESSION_ID)!
    const chunks = outline.chunks.map((chunk) => ({
      segment: chunk.segment,
      json: JSON.stringify(core.store.getEventChunk(LONG_SESSION_ID, chunk.index))
    }))
    const parsed = chunks.map((chunk) => ({
      segment: chunk.segment,
      events: JSON.parse(chunk.json) as RecordedEvent[]
    }))
    let steps = 0
    const parseTimes: number[] = []
    const stepTimes: number[] = []
    // Interleaved runs, so drift (GC, CPU frequency) hits both alike; medians.
    for (let i = 0; i < RUNS; i++) {
      parseTimes.push(timed(() => chunks.forEach((chunk) => JSON.parse(chunk.json))))
      stepTimes.push(
        timed(() => {
          const reader = new SessionSteps()
          for (const chunk of parsed) reader.feed(chunk.events, chunk.segment)
          steps = reader.steps.length
        })
      )
    }
    const perSecond = (ms: number) => events.length / (ms / 1000)
    return [
      ratioRow(
        `step model: ${(events.length / 1000).toFixed(0)}k events (real recording, ${pageLoads} page loads) read into ${steps} steps, events/s`,
        perSecond(median(stepTimes)),
        'events/s',
        'JSON.parse of the same events',
        perSecond(median(parseTimes)),
        { atLeast: 1.0 }
      )
    ]
  } finally {
    await core.dispose()
  }
}
