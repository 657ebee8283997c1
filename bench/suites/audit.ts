// The privacy audit: precision and recall of its detectors on the labelled corpus (tests/helpers/pii-corpus:
// planted values of every kind in every place a person could read them, and look-alike decoys), per
// detector and overall; and its throughput over the long session (200k events built from a real Chromium
// recording) against JSON.parse of the same events in the same run. The audit reads every event the
// receiver stores (in the background), so it should cost no more than twice what parsing them does.
import { SessionAudit } from '../../src/main/core/analysis/audit/session-audit'
import { PII_KINDS } from '../../src/shared/audit'
import type { RecordedEvent } from '../../src/shared/types'
import { launchChromium } from '../../tests/helpers/browser'
import { buildCorpus, scoreCorpus, type KindScore } from '../../tests/helpers/pii-corpus'
import { startTestCore } from '../../tests/helpers/test-core'
import { LONG_SESSION_ID, recordRealSession, storeLongSession } from '../long-session'
import { median, ratioRow, timed, type BenchRow } from '../table'

const RUNS = 5

function qualityRows(): BenchRow[] {
  const corpus = buildCorpus()
  const audit = new SessionAudit({ config: corpus.config, language: 'en-US' })
  audit.feed(corpus.events, 0)
  audit.finish()
  const score = scoreCorpus(corpus, audit.all())
  const rows = (name: string, each: KindScore) => [
    ratioRow(
      `audit precision, ${name} (${each.truePositives} found, ${each.falsePositives} false)`,
      each.precision,
      '',
      'perfect',
      1,
      { atLeast: 0.95 }
    ),
    ratioRow(
      `audit recall, ${name} (${each.truePositives} found, ${each.falseNegatives} missed)`,
      each.recall,
      '',
      'perfect',
      1,
      { atLeast: 0.95 }
    )
  ]
  return [
    ...PII_KINDS.flatMap((kind) => rows(kind, score.perKind[kind])),
    ...rows(`overall: ${corpus.planted.length} planted, ${corpus.decoys.length} decoys`, score.overall)
  ]
}

async function throughputRow(): Promise<BenchRow> {
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
    const detail = core.store.getSession(LONG_SESSION_ID)!
    const outline = core.store.getSessionOutline(LONG_SESSION_ID)!
    const chunks = outline.chunks.map((chunk) => ({
      segment: chunk.segment,
      json: JSON.stringify(core.store.getEventChunk(LONG_SESSION_ID, chunk.index))
    }))
    const parsed = chunks.map((chunk) => ({
      segment: chunk.segment,
      events: JSON.parse(chunk.json) as RecordedEvent[]
    }))
    let findings = 0
    const parseTimes: number[] = []
    const auditTimes: number[] = []
    // Interleaved runs, so drift (GC, CPU frequency) hits both alike; medians.
    for (let i = 0; i < RUNS; i++) {
      parseTimes.push(timed(() => chunks.forEach((chunk) => JSON.parse(chunk.json))))
      auditTimes.push(
        timed(() => {
          const audit = new SessionAudit({ config: detail.config, language: detail.language })
          for (const chunk of parsed) audit.feed(chunk.events, chunk.segment)
          audit.finish()
          findings = audit.findingCount
        })
      )
    }
    const perSecond = (ms: number) => events.length / (ms / 1000)
    return ratioRow(
      `privacy audit: ${(events.length / 1000).toFixed(0)}k events (real recording, ${pageLoads} page loads, ${findings} findings), events/s`,
      perSecond(median(auditTimes)),
      'events/s',
      'JSON.parse of the same events',
      perSecond(median(parseTimes)),
      { atLeast: 0.5 }
    )
  } finally {
    await core.dispose()
  }
}

export async function run(): Promise<BenchRow[]> {
  return [...qualityRows(), await throughputRow()]
}
