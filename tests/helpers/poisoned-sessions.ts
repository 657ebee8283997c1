// Sessions the door refuses today, written straight into a real SQLite file through the Store (as an older
// version, a hand-edited file or a bug could have left them): what the workspace, the API and the CLI must
// survive. Each is one or two batches of an otherwise ordinary recording.
import { gzipSync } from 'node:zlib'
import type { BatchRecord, Store } from '../../src/main/core/store/store'
import type { IngestBatch, RecordedEvent } from '../../src/shared/types'
import { deepJson, SPLICE } from './hostile-payloads'
import { syntheticBatches } from './synthetic'

const FACTS = {
  ip: '203.0.113.66',
  browserName: 'Chrome',
  browserVersion: '126.0.0.0',
  osName: 'Linux',
  osVersion: null,
  deviceType: 'desktop'
}

/** Writes `batch` (its JSON, with `splice` in place of the SPLICE string) as stored, without any check. */
function writeUnchecked(store: Store, batch: IngestBatch, receivedAt: number, splice?: string): void {
  const json = JSON.stringify(batch)
  const data = gzipSync(splice === undefined ? json : json.replace(JSON.stringify(SPLICE), () => splice))
  const timestamps = batch.events.map((event) => event.timestamp)
  const record: BatchRecord = {
    sessionId: batch.sessionId,
    seq: batch.seq,
    segment: batch.segment,
    receivedAt,
    firstTs: Math.min(...timestamps),
    lastTs: Math.max(...timestamps),
    eventCount: batch.events.length,
    rawBytes: json.length,
    data,
    meta: batch.meta,
    client: FACTS,
    pages: batch.events.flatMap((event) =>
      event.type === 4 ? [{ url: (event.data as { href: string }).href, at: event.timestamp }] : []
    )
  }
  store.transaction(() => store.recordBatch(record))
}

export interface PoisonedSessions {
  /** Every event at 1e20 ms: past the range of Date. */
  farFuture: string
  /** A normal first page load, then a batch holding a custom payload nested 30,000 levels deep. */
  deep: string
  /** A good recording whose stored recorder config reads as JSON null (a hand-edited file): its metadata panel throws. */
  nullConfig: string
}

/** Stores the poisoned sessions, received at `receivedAt`; returns their ids. */
export function storePoisonedSessions(store: Store, receivedAt = Date.now()): PoisonedSessions {
  const ids: PoisonedSessions = {
    farFuture: 'poisoned-far-future',
    deep: 'poisoned-deep-payload',
    nullConfig: 'poisoned-null-config'
  }

  const [far] = syntheticBatches({ seed: 66, sessionId: ids.farFuture, events: 40, batchSize: 40 })
  const farEvents = far!.events.map((event, i): RecordedEvent => ({ ...event, timestamp: 1e20 + i }))
  writeUnchecked(store, { ...far!, events: farEvents }, receivedAt)

  const [first] = syntheticBatches({ seed: 67, sessionId: ids.deep, events: 20, batchSize: 20 })
  writeUnchecked(store, first!, receivedAt)
  const last = first!.events.at(-1)!.timestamp
  const deepEvent: RecordedEvent = { type: 5, timestamp: last + 10, data: { tag: 'deep', payload: SPLICE } }
  writeUnchecked(store, { ...first!, seq: 1, events: [deepEvent] }, receivedAt, deepJson(30_000))

  const [plain] = syntheticBatches({ seed: 68, sessionId: ids.nullConfig, events: 30, batchSize: 30 })
  writeUnchecked(store, plain!, receivedAt)
  store.db.prepare("UPDATE sessions SET config_json = 'null' WHERE id = ?").run(ids.nullConfig)
  return ids
}
