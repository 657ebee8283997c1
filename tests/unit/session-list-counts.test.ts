// The session list's per-session counts (errors, rage clicks) and the pin's name, read by the list query from
// the search index and the pins table: real SQLite file, real Ingestor and indexer.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import type { IngestBatch } from '../../src/shared/types'
import { click, custom, documentWith, el, meta, sessionBatches, snapshot, text } from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const T = 1_700_000_000_000
const page = () => documentWith(el(10, 'button', { id: 'buy' }, [text(11, 'Buy')]), el(12, 'a', { href: '/' }))

let dir: ReturnType<typeof tempDir>
let store: Store
let indexer: InteractionIndexer
let ingestor: Ingestor

beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
  indexer = new InteractionIndexer(store)
  indexer.stop() // drained by the test, not by a timer
  ingestor = new Ingestor(store, [indexer])
})
afterEach(() => {
  store.close()
  dir.remove()
})

const ingest = (batches: IngestBatch[]) => {
  for (const batch of batches) ingestor.ingest({ body: gzipBatch(batch), ip: '10.0.0.1', receivedAt: Date.now() })
}
const summary = (id: string) => store.listSessions().find((session) => session.id === id)!

describe('session list counts', () => {
  it('counts recorded errors and rage clicks per session once indexed, and names the pin', () => {
    ingest(
      sessionBatches('counts-angry-1', [
        {
          events: [
            meta(T, 'http://shop.test/'),
            snapshot(T + 1, page()),
            // A rage burst of four clicks (3+ within 1 s and 30 px), one calm click later.
            click(T + 1000, 10),
            click(T + 1200, 10, 104, 102),
            click(T + 1400, 10),
            click(T + 1600, 10, 98, 100),
            click(T + 9000, 12, 400, 400),
            custom(T + 9100, 'error', { name: 'TypeError', message: 'x is undefined' }),
            custom(T + 9200, 'error', { name: 'TypeError', message: 'y is undefined' })
          ]
        }
      ])
    )
    ingest(
      sessionBatches('counts-calm-01', [
        { events: [meta(T, 'http://shop.test/'), snapshot(T + 1, page()), click(T + 5000, 10)] }
      ])
    )
    // Stored but not indexed yet: the list says 0, not an error.
    expect(summary('counts-angry-1')).toMatchObject({ errorCount: 0, rageCount: 0 })
    indexer.drain()
    expect(summary('counts-angry-1')).toMatchObject({ errorCount: 2, rageCount: 4, pinned: false, pinName: null })
    expect(summary('counts-calm-01')).toMatchObject({ errorCount: 0, rageCount: 0 })
    // The summaries a live list patches with say the same.
    expect(store.getSessionSummaries(['counts-angry-1'])[0]).toMatchObject({ errorCount: 2, rageCount: 4 })

    store.pinSession('counts-calm-01', 'Calm checkout', 'nothing wrong')
    expect(summary('counts-calm-01')).toMatchObject({ pinned: true, pinName: 'Calm checkout' })
    store.pinSession('counts-angry-1', '', 'no name given')
    expect(summary('counts-angry-1')).toMatchObject({ pinned: true, pinName: '' })
    store.unpinSession('counts-calm-01')
    expect(summary('counts-calm-01')).toMatchObject({ pinned: false, pinName: null })
  })
})
