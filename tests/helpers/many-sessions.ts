// Many small sessions in one transaction, as a large store looks to the session list: one 3-event batch
// each, a minute apart (the first is the newest), the user agents taken in turn, IPs 10.0.x.y.
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import type { Store } from '../../src/main/core/store/store'
import { gzipBatch, syntheticBatches } from './synthetic'

/** Stores `count` sessions named `${idPrefix}000000`, `${idPrefix}000001`, …; returns their ids. */
export function storeManySessions(
  store: Store,
  options: { count: number; idPrefix: string; userAgents: readonly string[]; now?: number }
): string[] {
  const ingestor = new Ingestor(store)
  const now = options.now ?? Date.now()
  const ids: string[] = []
  store.transaction(() => {
    for (let i = 0; i < options.count; i++) {
      const sessionId = `${options.idPrefix}${String(i).padStart(6, '0')}`
      const [batch] = syntheticBatches({
        seed: i,
        sessionId,
        events: 3,
        startAt: now - i * 60_000,
        meta: { userAgent: options.userAgents[i % options.userAgents.length]! }
      })
      ingestor.write(ingestor.prepare({ body: gzipBatch(batch!), ip: `10.0.${i >> 8}.${i & 255}`, receivedAt: now }))
      ids.push(sessionId)
    }
  })
  return ids
}
