// The CLI's `events` export writes a session as one JSON array, chunk by chunk: what is in memory at a
// time is one chunk's events, and the concatenation is exactly the session's events in playback order.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { exportSessionEvents } from '../../src/main/core/services/events-export'
import { Store } from '../../src/main/core/store/store'
import { BadArgumentError, NotFoundError } from '../../src/shared/api-errors'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const dir = tempDir()
let store: Store
beforeAll(() => {
  store = Store.open(join(dir.path, 'export.db'))
  const ingestor = new Ingestor(store)
  const batches = syntheticBatches({
    seed: 4,
    sessionId: 'export-session-1',
    events: 2000,
    batchSize: 100,
    pageLoads: 3
  })
  for (const batch of batches) ingestor.ingest({ body: gzipBatch(batch), ip: null, receivedAt: Date.now() })
})
afterAll(() => {
  store.close()
  dir.remove()
})

describe('events export', () => {
  it('writes one chunk per write, the largest no bigger than one chunk, and the whole equals the stored events', async () => {
    const writes: string[] = []
    const count = await exportSessionEvents(store, 'export-session-1', async (text) => {
      writes.push(text)
    })
    const events = store.getEvents('export-session-1')
    expect(count).toBe(events.length)
    const outline = store.getSessionOutline('export-session-1')!
    expect(writes).toHaveLength(outline.chunks.length + 2) // "[", one write per chunk, "]"
    expect(JSON.parse(writes.join(''))).toEqual(events)
    // Each chunk's write holds that chunk's events and nothing more (one line each, a comma between).
    outline.chunks.forEach((chunk, i) => {
      const chunkEvents = store.getEventChunk('export-session-1', chunk.index)!
      const expected = chunkEvents.map((event) => JSON.stringify(event)).join(',\n')
      expect(writes[i + 1]).toBe(`${i === 0 ? '\n' : ',\n'}${expected}`)
    })
    expect(writes.join('').split('\n')).toHaveLength(events.length + 3)
  })

  it('checks the id as the API does, and an unknown session is not-found', async () => {
    const sink = async () => {}
    await expect(exportSessionEvents(store, '../etc/passwd', sink)).rejects.toBeInstanceOf(BadArgumentError)
    await expect(exportSessionEvents(store, 'no-such-session', sink)).rejects.toThrow(
      new NotFoundError('events: no session no-such-session')
    )
  })
})
