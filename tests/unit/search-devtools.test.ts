// Searching by what the developer's devtools would have shown (issue 13): console calls and requests go
// through the real Ingestor into a real SQLite file, the real indexer writes their rows, and the real search
// service answers console:, network:, status, failed and slow, and `error` finds console errors too.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { SearchService } from '../../src/main/core/analysis/search-service'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { CONSOLE_ROWS } from '../../src/main/core/store/search-index'
import { Store } from '../../src/main/core/store/store'
import type { ConsoleLevel, NetworkPayload } from '../../src/shared/devtools-events'
import type { IngestBatch, RecordedEvent, SearchResult } from '../../src/shared/types'
import { custom, documentWith, el, meta, sessionBatches, snapshot, text } from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const T = 1_700_000_000_000

let dir: ReturnType<typeof tempDir>
let store: Store
let indexer: InteractionIndexer
let search: SearchService

beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'devtools.db'))
  indexer = new InteractionIndexer(store)
  search = new SearchService(store, { prepare: () => indexer.drain() })
})
afterEach(() => {
  store.close()
  dir.remove()
})

const ingest = (batches: IngestBatch[]) => {
  const ingestor = new Ingestor(store, [indexer])
  for (const batch of batches) ingestor.ingest({ body: gzipBatch(batch), ip: '10.0.0.1', receivedAt: Date.now() })
}

const request = (overrides: Partial<NetworkPayload>): NetworkPayload => ({
  initiator: 'fetch',
  method: 'GET',
  url: 'http://shop.test/api/cart',
  status: 200,
  error: null,
  start: T + 100,
  duration: 40,
  requestSize: null,
  responseSize: 120,
  ...overrides
})
const network = (ts: number, overrides: Partial<NetworkPayload>) => custom(ts, 'network', request(overrides))
const logged = (ts: number, level: ConsoleLevel, message: string) =>
  custom(ts, 'console', { level, message, truncated: false, source: null, line: null, column: null, repeats: 0 })

const page = (ts: number): RecordedEvent[] => [
  meta(ts, 'http://shop.test/checkout'),
  snapshot(ts + 1, documentWith(el(5, 'main', {}, [text(6, 'Checkout')])))
]

/** session id -> ["kind@ms-after-T text"] */
const brief = (results: SearchResult[]) =>
  Object.fromEntries(results.map((r) => [r.sessionId, r.hits.map((h) => `${h.kind}@${h.timestamp - T} ${h.text}`)]))

/** Two sessions: one checkout that failed (500, a network error, a slow request, console errors), one that went well. */
function twoCheckouts(): void {
  ingest(
    sessionBatches('bad-checkout', [
      {
        events: [
          ...page(T),
          logged(T + 50, 'log', 'cart ready with 3 items'),
          network(T + 200, { start: T + 100, url: 'http://shop.test/api/cart?user=****', duration: 40 }),
          network(T + 1300, {
            method: 'POST',
            url: 'http://shop.test/api/checkout',
            status: 500,
            start: T + 1180,
            duration: 120
          })
        ]
      },
      {
        events: [
          logged(T + 1400, 'error', 'Checkout failed: HTTP 500'),
          logged(T + 1500, 'warn', 'retrying checkout'),
          network(T + 1700, {
            method: 'POST',
            url: 'http://shop.test/api/checkout',
            status: null,
            error: 'network',
            start: T + 1600,
            duration: 90
          }),
          network(T + 6000, { url: 'http://shop.test/api/recommendations', start: T + 3500, duration: 2500 }),
          network(T + 6100, {
            initiator: 'img',
            method: null,
            url: 'http://cdn.test/missing.png',
            status: 404,
            start: T + 6050,
            duration: 12
          })
        ]
      }
    ])
  )
  ingest(
    sessionBatches('good-checkout', [
      {
        events: [
          ...page(T + 60_000),
          logged(T + 60_050, 'log', 'cart ready with 1 item'),
          network(T + 61_300, {
            method: 'POST',
            url: 'http://shop.test/api/checkout',
            status: 201,
            start: T + 61_200,
            duration: 100
          }),
          network(T + 62_000, { url: 'http://shop.test/api/recommendations', start: T + 61_990, duration: 2000 })
        ]
      }
    ])
  )
}

describe('devtools search terms', () => {
  beforeEach(twoCheckouts)

  it('status comparisons find requests by their HTTP status, with the request as the hit', () => {
    expect(brief(search.search('status>=500'))).toEqual({
      'bad-checkout': ['network@1180 POST /api/checkout → 500 (120 ms)']
    })
    expect(brief(search.search('status:404'))).toEqual({
      'bad-checkout': ['network@6050 img /missing.png → 404 (12 ms)']
    })
    expect(Object.keys(brief(search.search('status:2xx'))).sort()).toEqual(['bad-checkout', 'good-checkout'])
    expect(brief(search.search('status=201'))).toEqual({
      'good-checkout': ['network@61200 POST /api/checkout → 201 (100 ms)']
    })
    // A request without a status (a network error) has no status to compare.
    expect(brief(search.search('status<100'))).toEqual({})
  })

  it('failed finds network errors and 5xx, not 4xx', () => {
    expect(brief(search.search('failed'))).toEqual({
      'bad-checkout': [
        'failed@1180 POST /api/checkout → 500 (120 ms)',
        'failed@1600 POST /api/checkout → failed (90 ms)'
      ]
    })
  })

  it('slow compares the duration: > is strictly longer, >= includes it', () => {
    expect(brief(search.search('slow>2s'))).toEqual({
      'bad-checkout': ['slow@3500 GET /api/recommendations → 200 (2.5 s)']
    })
    expect(Object.keys(brief(search.search('slow>=2000ms'))).sort()).toEqual(['bad-checkout', 'good-checkout'])
  })

  it('network: matches a URL substring or a glob, query values as the recorder masked them', () => {
    expect(Object.keys(brief(search.search('network:/api/checkout'))).sort()).toEqual(['bad-checkout', 'good-checkout'])
    expect(brief(search.search('network:*user=*'))).toEqual({
      'bad-checkout': ['network@100 GET /api/cart?user=**** → 200 (40 ms)']
    })
    expect(brief(search.search('network:http://cdn.test/*.png'))).toEqual({
      'bad-checkout': ['network@6050 img /missing.png → 404 (12 ms)']
    })
    expect(brief(search.search('network:/api/nothing'))).toEqual({})
  })

  it('console: finds a level, or text in the message', () => {
    expect(brief(search.search('console:error'))).toEqual({
      'bad-checkout': ['console-error@1400 Checkout failed: HTTP 500']
    })
    expect(brief(search.search('console:warn'))).toEqual({ 'bad-checkout': ['console-warn@1500 retrying checkout'] })
    expect(Object.keys(brief(search.search('console:"cart ready"'))).sort()).toEqual(['bad-checkout', 'good-checkout'])
    expect(brief(search.search('console:"1 ITEM"'))).toEqual({
      'good-checkout': ['console-log@60050 cart ready with 1 item']
    })
    expect(brief(search.search('console:info'))).toEqual({})
  })

  it('error includes console errors, and the session list counts them', () => {
    expect(brief(search.search('error'))).toEqual({
      'bad-checkout': ['console-error@1400 Checkout failed: HTTP 500']
    })
    const counts = Object.fromEntries(store.listSessions().map((s) => [s.id, s.errorCount]))
    expect(counts).toEqual({ 'bad-checkout': 1, 'good-checkout': 0 })
  })

  it('terms combine: a session whose checkout failed and that logged a warning', () => {
    expect(Object.keys(brief(search.search('network:/api/checkout failed console:warn')))).toEqual(['bad-checkout'])
  })
})

describe('devtools rows in the index', () => {
  it('go with their session, and the console terms read the partial index', () => {
    twoCheckouts()
    search.search('failed')
    const count = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n
    expect(count("SELECT count(*) AS n FROM search_requests WHERE session_id = 'bad-checkout'")).toBe(5)
    expect(store.deleteSession('bad-checkout')).toBe(true)
    expect(count("SELECT count(*) AS n FROM search_requests WHERE session_id = 'bad-checkout'")).toBe(0)
    expect(count('SELECT count(*) AS n FROM search_requests')).toBe(2)

    // The query's console condition is the partial index's (CONSOLE_ROWS): SQLite proves it and uses it.
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT e.session_id FROM search_events e WHERE ${CONSOLE_ROWS} AND e.kind = 'console-warn'`
      )
      .all() as { detail: string }[]
    expect(plan.map((row) => row.detail).join('\n')).toContain('search_events_console')
  })
})
