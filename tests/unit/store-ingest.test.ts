import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DecodeError } from '../../src/main/core/codec/gzip-json'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { ValidationError } from '../../src/main/core/ingest/validate-batch'
import { Store } from '../../src/main/core/store/store'
import { clientMeta, gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

let dir: ReturnType<typeof tempDir>
let store: Store
let ingestor: Ingestor
/** A client clock time near now: the receiver refuses event times more than 10 years from the receive time. */
const T = 1_700_000_000_000
const ingest = (batch: unknown, ip = '127.0.0.1') =>
  ingestor.ingest({ body: gzipBatch(batch), ip, receivedAt: Date.now() })

beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
  ingestor = new Ingestor(store)
})
afterEach(() => {
  store.close()
  dir.remove()
})

describe('ingest into the store', () => {
  it('stores a session with parsed client metadata, counts and pages', () => {
    const batches = syntheticBatches({ seed: 1, sessionId: 'session-aaaa-1', events: 250, pageLoads: 2 })
    for (const batch of batches) expect(ingest(batch).stored).toBe(true)
    const [session] = store.listSessions()
    expect(session).toMatchObject({
      id: 'session-aaaa-1',
      ip: '127.0.0.1',
      browser: { name: 'Chrome' },
      os: { name: 'Linux' },
      device: { type: 'desktop' },
      language: 'en-US',
      timezone: 'Europe/Berlin',
      screen: { width: 1920, height: 1080 },
      viewport: { width: 1280, height: 800 },
      urls: ['http://localhost:3000/page-0', 'http://localhost:3000/page-1'],
      maskLevel: 'moderate',
      pinned: false,
      batchCount: batches.length,
      segmentCount: 2
    })
    const total = batches.reduce((sum, batch) => sum + batch.events.length, 0)
    expect(session!.eventCount).toBe(total)
    expect(session!.bytesStored).toBeGreaterThan(0)
    expect(session!.bytesRaw).toBeGreaterThan(session!.bytesStored)
    const detail = store.getSession('session-aaaa-1')!
    expect(detail.config.blockSelector).toBe('.no-record')
    expect(detail.pages.map((page) => page.segment)).toEqual([0, 1])
  })

  it('counts a page once per visit: periodic snapshots repeat the Meta event, a real navigation does not', () => {
    const meta = clientMeta()
    const base = { v: 1 as const, sessionId: 'session-pages-1', sentAt: 0, meta }
    const page = (timestamp: number, href: string) => ({ type: 4, timestamp, data: { href, width: 1, height: 1 } })
    ingest({ ...base, seq: 0, segment: 0, events: [page(T + 1000, 'http://a/'), page(T + 31_000, 'http://a/')] })
    ingest({
      ...base,
      seq: 1,
      segment: 0,
      events: [page(T + 61_000, 'http://a/'), page(T + 62_000, 'http://a/#/cart')]
    })
    ingest({ ...base, seq: 2, segment: 0, events: [page(T + 92_000, 'http://a/#/cart')] })
    ingest({ ...base, seq: 3, segment: 1, events: [page(T + 100_000, 'http://a/')] }) // a reload is a new visit
    expect(store.getSession('session-pages-1')!.urls).toEqual(['http://a/', 'http://a/#/cart', 'http://a/'])
  })

  it("lists a single-page app's route changes as pages, at their time, from the recorder's navigation events", () => {
    const base = { v: 1 as const, sessionId: 'session-pages-spa', sentAt: 0, meta: clientMeta() }
    const page = (timestamp: number, href: string) => ({ type: 4, timestamp, data: { href, width: 1, height: 1 } })
    const route = (timestamp: number, href: string) => ({
      type: 5,
      timestamp,
      data: { tag: 'navigation', payload: { href, via: 'pushState' } }
    })
    ingest({ ...base, seq: 0, segment: 0, events: [page(T + 1000, 'http://a/'), route(T + 2000, 'http://a/products')] })
    ingest({
      ...base,
      seq: 1,
      segment: 0,
      events: [route(T + 3000, 'http://a/products/7'), page(T + 31_000, 'http://a/products/7')]
    })
    const detail = store.getSession('session-pages-spa')!
    expect(detail.urls).toEqual(['http://a/', 'http://a/products', 'http://a/products/7'])
    expect(detail.pages.map((visit) => visit.at - T)).toEqual([1000, 2000, 3000])
  })

  it('stores a retried batch once', () => {
    const [batch] = syntheticBatches({ seed: 2, sessionId: 'session-retry-1', events: 50 })
    expect(ingest(batch).stored).toBe(true)
    expect(ingest(batch).stored).toBe(false)
    expect(store.countBatches()).toBe(1)
    expect(store.listSessions()[0]!.eventCount).toBe(50)
  })

  it('returns events in timestamp order within a segment, stable for equal timestamps, segment by segment', () => {
    const meta = clientMeta()
    // Client clock times near now (the receiver refuses times more than 10 years away), as offsets from one start.
    const start = Date.now() - 60_000
    const event = (offset: number, marker: string) => ({
      type: 5,
      timestamp: start + offset,
      data: { tag: marker, payload: {} }
    })
    const base = { v: 1 as const, sessionId: 'session-order-1', sentAt: 0, meta }
    // Batches arrive out of order; segment 1's client clock is behind segment 0's.
    ingest({ ...base, seq: 1, segment: 0, events: [event(3000, 'c'), event(2000, 'b2')] })
    ingest({ ...base, seq: 0, segment: 0, events: [event(1000, 'a'), event(2000, 'b1')] })
    ingest({ ...base, seq: 2, segment: 1, events: [event(500, 'd')] })
    const order = store.getEvents('session-order-1').map((e) => (e.data as { tag: string }).tag)
    expect(order).toEqual(['a', 'b1', 'b2', 'c', 'd'])
  })

  it('rejects malformed input with a typed error and stores nothing', () => {
    const [valid] = syntheticBatches({ seed: 3, sessionId: 'session-bad-01', events: 10 })
    expect(() => ingestor.ingest({ body: Buffer.from('not gzip'), ip: null, receivedAt: 1 })).toThrow(DecodeError)
    expect(() => ingest({ ...valid, events: [{ type: 99, timestamp: 1, data: {} }] })).toThrow(ValidationError)
    expect(() => ingest({ ...valid, seq: 'one' })).toThrow(/seq/)
    expect(store.countBatches()).toBe(0)
    expect(store.listSessions()).toEqual([])
  })

  it('rolls the batch back when an indexer fails inside the transaction', () => {
    const failing = new Ingestor(store, [
      {
        indexStoredBatch: () => {},
        indexBatch: () => {
          throw new Error('index failed')
        }
      }
    ])
    const [batch] = syntheticBatches({ seed: 4, sessionId: 'session-rollback', events: 10 })
    expect(() => failing.ingest({ body: gzipBatch(batch), ip: null, receivedAt: Date.now() })).toThrow('index failed')
    expect(store.countBatches()).toBe(0)
    expect(store.listSessions()).toEqual([])
  })
})
