// The interaction index end to end below the API: batches go through the real Ingestor into a real SQLite
// file with the real indexer, and the real search service answers queries.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startBackgroundIndexing } from '../../src/main/core/analysis/background-indexing'
import { INDEX_VERSION, InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { SearchService } from '../../src/main/core/analysis/search-service'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import type { IngestBatch, SearchResult } from '../../src/shared/types'
import {
  click,
  consoleError,
  custom,
  documentWith,
  el,
  input,
  meta,
  mouseMove,
  mutation,
  sessionBatches,
  snapshot,
  text,
  viewport
} from '../helpers/rrweb-events'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const T = 1_700_000_000_000
const URL0 = 'http://shop.test/cart'

let dir: ReturnType<typeof tempDir>
let dbPath: string
let store: Store
let indexer: InteractionIndexer
let ingestor: Ingestor
let search: SearchService

function open(): void {
  store = Store.open(dbPath)
  indexer = new InteractionIndexer(store)
  ingestor = new Ingestor(store, [indexer])
  // As in the app: a search first indexes what is queued.
  search = new SearchService(store, { prepare: () => indexer.drain() })
}

beforeEach(() => {
  dir = tempDir()
  dbPath = join(dir.path, 'search.db')
  open()
})
afterEach(() => {
  store.close()
  dir.remove()
})

const ingest = (batches: IngestBatch[], via = ingestor, ip = '10.1.2.3') => {
  for (const batch of batches) via.ingest({ body: gzipBatch(batch), ip, receivedAt: Date.now() })
}
/** session id -> [kind@ms-after-T selector] */
const brief = (results: SearchResult[]) =>
  Object.fromEntries(
    results.map((r) => [
      r.sessionId,
      r.hits.map((h) => `${h.kind}@${h.timestamp - T}${h.selector ? ` ${h.selector}` : ''}`)
    ])
  )

// body > main > [button#b.btn "Buy"(11), form.checkout > [input#email(21), button.pay "Pay"(23)]]
const shop = () =>
  documentWith(
    el(5, 'main', {}, [
      el(10, 'button', { id: 'b', class: 'btn' }, [text(11, 'Buy')]),
      el(20, 'form', { class: 'checkout' }, [
        el(21, 'input', { id: 'email', name: 'email', type: 'email' }),
        el(22, 'button', { class: 'pay', type: 'submit' }, [text(23, 'Pay')])
      ])
    ])
  )

describe('clicks are matched as the DOM was at click time', () => {
  it('a class change between two clicks on the same node: each click matches its own classes', () => {
    ingest(
      sessionBatches('session-class-1', [
        { events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 100, 10)] },
        {
          events: [
            mutation(T + 3000, { attributes: [{ id: 10, attributes: { class: 'btn active' } }] }),
            click(T + 5000, 10)
          ]
        }
      ])
    )
    expect(brief(search.search('clicked:.active'))).toEqual({
      'session-class-1': ['click@5000 main > button#b.btn.active']
    })
    expect(brief(search.search('clicked:button.btn:not(.active)'))).toEqual({
      'session-class-1': ['click@100 main > button#b.btn']
    })
    expect(brief(search.search('clicked:"form.checkout button"'))).toEqual({})
  })

  it('a new page load restarts node ids: a click resolves in its own page load', () => {
    const page2 = documentWith(el(10, 'a', { class: 'link', href: '/next' }, [text(11, 'Next')]))
    ingest(
      sessionBatches('session-pages-1', [
        { segment: 0, events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 100, 10)] },
        {
          segment: 1,
          events: [meta(T + 2000, 'http://shop.test/next'), snapshot(T + 2001, page2), click(T + 2100, 10)]
        }
      ])
    )
    expect(brief(search.search('clicked:a.link'))).toEqual({ 'session-pages-1': ['click@2100 body > a.link'] })
    expect(brief(search.search('clicked:#b'))).toEqual({ 'session-pages-1': ['click@100 main > button#b.btn'] })
  })

  it('a new full snapshot in the same page load replaces the mirror', () => {
    const redrawn = documentWith(el(10, 'section', { class: 'redrawn' }))
    ingest(
      sessionBatches('session-checkout-1', [
        { events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 100, 10)] },
        {
          events: [meta(T + 30_000, URL0), snapshot(T + 30_001, redrawn), click(T + 30_100, 10), click(T + 30_200, 22)]
        }
      ])
    )
    expect(brief(search.search('clicked:.redrawn'))).toEqual({
      'session-checkout-1': ['click@30100 body > section.redrawn']
    })
    expect(brief(search.search('clicked:.pay'))).toEqual({})
    // The checkout's repeated Meta is not a navigation.
    expect(search.search(`url:${URL0}`)[0]!.hits).toHaveLength(1)
  })

  it('the mirror survives batches and a restart: it is rebuilt from the stored batches', () => {
    const [first, second, third] = sessionBatches('session-restart-1', [
      { events: [meta(T, URL0), snapshot(T + 1, shop())] },
      {
        events: [
          mutation(T + 500, {
            adds: [
              { parentId: 31, nextId: null, node: text(32, 'Thanks!') },
              { parentId: 30, nextId: null, node: el(31, 'button', { class: 'added', 'data-testid': 'confirm' }) },
              { parentId: 5, nextId: null, node: el(30, 'div', { class: 'dialog' }) }
            ]
          })
        ]
      },
      { events: [click(T + 1000, 31)] }
    ])
    ingest([first!, second!])
    indexer.drain()
    store.close()
    open() // a new process: no cached mirror
    ingest([third!])
    expect(brief(search.search('clicked:"div.dialog > [data-testid=confirm]"'))).toEqual({
      'session-restart-1': ['click@1000 div.dialog > button.added']
    })
    expect(search.search('clicked:.added')[0]!.hits[0]!.text).toBe('Thanks!')
  })

  it('a batch that arrives after its successor is indexed in order (the session is rebuilt)', () => {
    const [first, second, third] = sessionBatches('session-late-01', [
      { events: [meta(T, URL0), snapshot(T + 1, shop())] },
      {
        events: [
          mutation(T + 500, { adds: [{ parentId: 5, nextId: null, node: el(40, 'button', { class: 'late' }) }] })
        ]
      },
      { events: [click(T + 1000, 40)] }
    ])
    ingest([first!, third!])
    expect(search.search('clicked:.late')).toEqual([])
    ingest([second!])
    expect(brief(search.search('clicked:.late'))).toEqual({
      'session-late-01': ['click@1000 main > button.late']
    })
  })

  it('after a rolled-back batch, its retry is indexed once and correctly', () => {
    const [first, second] = sessionBatches('session-rollback', [
      { events: [meta(T, URL0), snapshot(T + 1, shop())] },
      { events: [mutation(T + 10, { attributes: [{ id: 10, attributes: { class: 'btn once' } }] }), click(T + 20, 10)] }
    ])
    ingest([first!])
    let failNext = true
    const flaky = new Ingestor(store, [
      indexer,
      {
        indexBatch() {
          if (failNext) throw new Error('later indexer failed')
        },
        indexStoredBatch() {}
      }
    ])
    expect(() => ingest([second!], flaky)).toThrow('later indexer failed')
    failNext = false
    ingest([second!], flaky)
    expect(brief(search.search('clicked:.once'))).toEqual({
      'session-rollback': ['click@20 main > button#b.btn.once']
    })
  })
})

describe('inputs, navigations and the rest', () => {
  it('inputs: the field path always, the value only when it was not masked; typing is one row', () => {
    ingest(
      sessionBatches('session-input-1', [
        {
          events: [
            meta(T, URL0),
            snapshot(T + 1, shop()),
            input(T + 100, 21, 'a'),
            input(T + 200, 21, 'al'),
            input(T + 300, 21, 'ali'),
            input(T + 9000, 21, '*****')
          ]
        }
      ])
    )
    const [result] = search.search('input:"form.checkout input[type=email]"')
    expect(result!.hits.map((h) => [h.timestamp - T, h.text])).toEqual([
      [100, 'ali'],
      [9000, null]
    ])
    expect(result!.hits[0]!.selector).toBe('form.checkout > input#email')
    expect(search.search('clicked:input')).toEqual([])
  })

  it('url: substring (case-insensitive) or glob over the page URLs, in order', () => {
    ingest(
      sessionBatches('session-url-001', [
        { segment: 0, events: [meta(T, 'http://shop.test/Cart?step=1'), snapshot(T + 1, shop())] },
        { segment: 1, events: [meta(T + 5000, 'http://shop.test/orders/42/done'), snapshot(T + 5001, shop())] }
      ])
    )
    expect(brief(search.search('url:cart'))).toEqual({ 'session-url-001': ['navigation@0'] })
    expect(brief(search.search('url:*/orders/*/done'))).toEqual({ 'session-url-001': ['navigation@5000'] })
    expect(search.search('url:*/orders/*/nope')).toEqual([])
    expect(search.search('url:orders/%')).toEqual([])
  })

  it('text: visible text present at some point (added, changed), not scripts, not masked text', () => {
    ingest(
      sessionBatches('session-text-01', [
        {
          events: [
            meta(T, URL0),
            snapshot(
              T + 1,
              documentWith(el(5, 'p', {}, [text(6, 'Hello')]), el(7, 'script', {}, [text(8, 'var secretCode = 1')]))
            ),
            mutation(T + 2000, {
              adds: [
                { parentId: 4, nextId: null, node: el(9, 'div', { class: 'toast' }, [text(10, ' Order   placed ')]) }
              ]
            }),
            mutation(T + 3000, { texts: [{ id: 6, value: 'Goodbye' }] }),
            mutation(T + 4000, {
              adds: [{ parentId: 4, nextId: null, node: el(11, 'span', {}, [text(12, '*******')]) }]
            })
          ]
        }
      ])
    )
    expect(brief(search.search('text:"order placed"'))).toEqual({ 'session-text-01': ['text@2000'] })
    expect(search.search('text:"Order placed"')[0]!.hits[0]!.text).toBe('Order placed')
    expect(brief(search.search('text:Hello'))).toEqual({ 'session-text-01': ['text@1'] })
    expect(brief(search.search('text:bye'))).toEqual({ 'session-text-01': ['text@3000'] })
    expect(brief(search.search('text:"Or"'))).toEqual({ 'session-text-01': ['text@2000'] }) // shorter than a trigram
    expect(search.search('text:secretCode')).toEqual([])
    expect(search.search('text:"***"')).toEqual([])
  })

  it('errors from the console plugin and custom "error" events; viewport and custom events are indexed', () => {
    ingest(
      sessionBatches('session-error-1', [
        {
          events: [
            meta(T, URL0),
            snapshot(T + 1, shop()),
            consoleError(T + 10, '"TypeError: x is undefined"'),
            custom(T + 20, 'error', { message: 'checkout failed' }),
            custom(T + 30, 'cart-updated', { items: 2 }),
            viewport(T + 40, 390, 844)
          ]
        }
      ])
    )
    expect(brief(search.search('error'))).toEqual({ 'session-error-1': ['error@10', 'error@20'] })
    const kinds = store.db
      .prepare('SELECT kind, text FROM search_events WHERE session_id = ? ORDER BY ts')
      .all('session-error-1')
    expect(kinds).toContainEqual({ kind: 'custom', text: 'cart-updated {"items":2}' })
    expect(kinds).toContainEqual({ kind: 'viewport', text: '390x844' })
  })
})

describe('rage and dead clicks', () => {
  const clicks = (sessionId: string, batches: Parameters<typeof sessionBatches>[1]) =>
    ingest(sessionBatches(sessionId, [{ events: [meta(T, URL0), snapshot(T + 1, shop())] }, ...batches]))

  it('rage: 3 clicks within 1 s within 30 px, also across a batch boundary; not when spread out or slow', () => {
    clicks('session-rage-01', [
      { events: [click(T + 1000, 10, 100, 100), click(T + 1300, 10, 110, 105)] },
      { events: [click(T + 1600, 10, 95, 120), mouseMove(T + 5000)] }
    ])
    clicks('session-spread-1', [
      { events: [click(T + 1000, 10, 100, 100), click(T + 1200, 10, 140, 100), click(T + 1400, 10, 180, 100)] }
    ])
    clicks('session-slow-001', [{ events: [click(T + 1000, 10), click(T + 1600, 10), click(T + 2200, 10)] }])
    expect(brief(search.search('rage'))).toEqual({
      'session-rage-01': [
        'rage@1000 main > button#b.btn',
        'rage@1300 main > button#b.btn',
        'rage@1600 main > button#b.btn'
      ]
    })
  })

  it('dead: no mutation, input or navigation within 1 s — decided by a later batch; the last click stays undecided', () => {
    clicks('session-dead-01', [
      { events: [click(T + 1000, 10)] }, // nothing within 1 s; the next batch shows it
      {
        events: [
          mouseMove(T + 2500),
          click(T + 3000, 22),
          mutation(T + 3400, { texts: [{ id: 23, value: 'Paying…' }] })
        ]
      },
      { events: [click(T + 6000, 10), input(T + 6500, 21, 'x')] },
      { events: [click(T + 9000, 10)] } // the recording ends: undecided, not dead
    ])
    clicks('session-nav-0001', [
      { events: [click(T + 1000, 22)] },
      { segment: 1, events: [meta(T + 1600, 'http://shop.test/paid'), snapshot(T + 1601, shop()), mouseMove(T + 5000)] }
    ])
    // A page load more than 1 s after the click: the click was dead.
    clicks('session-nav-slow', [
      { events: [click(T + 1000, 22)] },
      { segment: 1, events: [meta(T + 2500, 'http://shop.test/paid'), snapshot(T + 2501, shop())] }
    ])
    expect(brief(search.search('dead'))).toEqual({
      'session-dead-01': ['dead@1000 main > button#b.btn'],
      'session-nav-slow': ['dead@1000 form.checkout > button.pay']
    })
    const states = store.db.prepare(
      "SELECT ts - ? AS at, dead FROM search_events WHERE kind = 'click' AND session_id = ? ORDER BY ts"
    )
    expect(states.all(T, 'session-dead-01')).toEqual([
      { at: 1000, dead: 1 },
      { at: 3000, dead: 0 },
      { at: 6000, dead: 0 },
      { at: 9000, dead: 2 }
    ])
    expect(states.all(T, 'session-nav-0001')).toEqual([{ at: 1000, dead: 0 }])
    expect(states.all(T, 'session-nav-slow')).toEqual([{ at: 1000, dead: 1 }])
  })
})

describe('queries combine terms and session facts', () => {
  beforeEach(() => {
    const firefox = { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0' }
    ingest(
      sessionBatches('session-combo-a', [
        { events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 10, 10), mouseMove(T + 40_000)] }
      ]),
      ingestor,
      '192.168.1.7'
    )
    ingest(
      sessionBatches(
        'session-combo-b',
        [{ events: [meta(T + 100, URL0), snapshot(T + 101, shop()), click(T + 110, 22)] }],
        firefox
      ),
      ingestor,
      '10.0.0.1'
    )
    ingest(
      sessionBatches('session-combo-c', [
        { events: [meta(T + 200, URL0), snapshot(T + 201, shop()), click(T + 210, 10), click(T + 220, 22)] }
      ]),
      ingestor,
      '10.0.0.2'
    )
  })
  const ids = (query: string) => search.search(query).map((r) => r.sessionId)

  it('AND, OR, parentheses, session filters; newest first', () => {
    expect(ids('clicked:#b')).toEqual(['session-combo-c', 'session-combo-a'])
    expect(ids('clicked:#b clicked:.pay')).toEqual(['session-combo-c'])
    expect(ids('clicked:#b OR clicked:.pay')).toEqual(['session-combo-c', 'session-combo-b', 'session-combo-a'])
    expect(ids('browser:firefox')).toEqual(['session-combo-b'])
    expect(ids('os:mac OR os:linux')).toEqual(['session-combo-c', 'session-combo-b', 'session-combo-a'])
    expect(ids('os:linux clicked:.pay')).toEqual(['session-combo-c'])
    expect(ids('ip:10.')).toEqual(['session-combo-c', 'session-combo-b'])
    expect(ids('ip:192.168.1.7')).toEqual(['session-combo-a'])
    expect(ids('duration>30s')).toEqual(['session-combo-a'])
    expect(ids('duration<30s (clicked:.pay OR rage)')).toEqual(['session-combo-c', 'session-combo-b'])
    expect(search.search('browser:chrome clicked:#b')[0]!.hits.map((h) => h.kind)).toEqual(['click'])
    expect(search.search('clicked:#b OR clicked:button')[0]!.hits).toHaveLength(2) // one hit per click, not per term
  })

  it('an invalid query throws a QueryError naming the position', () => {
    expect(() => search.search('clicked:#b foo:1')).toThrow('invalid query at column 12: unknown filter "foo:"')
  })

  it('deleting a session removes its index rows', () => {
    store.deleteSession('session-combo-a')
    const count = (table: string) =>
      (
        store.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE session_id = ?`).get('session-combo-a') as {
          n: number
        }
      ).n
    expect(['search_events', 'search_text_batches', 'search_segments', 'search_index_state'].map(count)).toEqual([
      0, 0, 0, 0
    ])
    expect(ids('clicked:#b')).toEqual(['session-combo-c'])
  })
})

describe('indexing after ingest', () => {
  it('batches stored but never indexed (the process stopped first) are found by catchUp', () => {
    const batches = sessionBatches('session-crash-01', [
      { events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 10, 10)] },
      { events: [mutation(T + 500, { attributes: [{ id: 22, attributes: { class: 'pay ready' } }] })] },
      { events: [click(T + 1000, 22)] }
    ])
    ingest([batches[0]!])
    indexer.drain()
    ingest(batches.slice(1)) // queued, and then the app stops without draining
    store.close()
    open()
    const plain = new SearchService(store)
    expect(brief(plain.search('clicked:.ready'))).toEqual({})
    expect(indexer.catchUp()).toBe(2)
    expect(brief(plain.search('clicked:.ready'))).toEqual({
      'session-crash-01': ['click@1000 form.checkout > button.pay.ready']
    })
    expect(indexer.catchUp()).toBe(0)
  })

  it('a long queue keeps only the keys and reads the events back from the store', () => {
    const events = [meta(T, URL0), snapshot(T + 1, shop())]
    for (let i = 0; i < 600; i++) events.push(i % 100 === 99 ? click(T + 10 + i, 10, i, i) : mouseMove(T + 10 + i))
    ingest(
      sessionBatches(
        'session-long-01',
        events.map((event) => ({ events: [event] }))
      )
    )
    expect(indexer.queued).toBe(602)
    expect(indexer.drain()).toBe(602)
    expect(search.search('clicked:#b')[0]!.hits).toHaveLength(6)
  })

  it('in the app, indexing waits for a burst of batches to end (or 3 s at most); at start-up, gaps and stale sessions are indexed in the background', () => {
    // Fake clocks: the queue's timing is tested exactly, whatever the machine's load.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] })
    try {
      const app = new InteractionIndexer(store)
      const indexed: string[] = []
      app.onIndexed = (sessions) => indexed.push(...sessions)
      const receiver = new Ingestor(store, [app])
      const batch = (id: string) =>
        sessionBatches(id, [{ events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 10, 10)] }])
      // A batch every 10 ms: nothing is indexed while they keep coming...
      for (let i = 0; i < 5; i++) {
        ingest(batch(`session-burst-${i}`), receiver)
        vi.advanceTimersByTime(10)
      }
      expect(app.queued).toBe(5)
      ingest(batch('session-auto-01'), receiver)
      vi.advanceTimersByTime(49)
      expect(app.queued).toBe(6)
      // ...and all of it once they stop for 50 ms.
      vi.advanceTimersByTime(2)
      expect(app.queued).toBe(0)
      // Told after the commit, so the list's counts are fetched once they are there.
      expect(indexed.sort()).toEqual(['session-auto-01', ...Array.from({ length: 5 }, (_, i) => `session-burst-${i}`)])
      // Steady traffic never pauses for 50 ms: the oldest batch waits 3 s at most.
      for (let i = 0; i < 310; i++) {
        ingest(batch(`session-steady-${i}`), receiver)
        vi.advanceTimersByTime(10)
      }
      expect(app.queued).toBeLessThan(310)
      app.stop()
      app.drain()

      ingest(
        sessionBatches('session-plain-old', [{ events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 10, 22)] }]),
        new Ingestor(store)
      )
      expect(indexer.staleSessionIds()).toEqual(['session-plain-old'])
      const stop = startBackgroundIndexing(indexer, () => {})
      try {
        vi.advanceTimersByTime(100)
        expect(indexer.staleSessionIds()).toEqual([])
        const found = new SearchService(store).search('clicked:button').map((r) => r.sessionId)
        expect(found).toEqual(expect.arrayContaining(['session-auto-01', 'session-burst-4', 'session-plain-old']))
        expect(found).toHaveLength(6 + 310 + 1)
      } finally {
        stop()
      }
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('reindex', () => {
  it('sessions stored with indexing off are stale and found after reindex', () => {
    const plain = new Ingestor(store) // indexing off
    for (let i = 0; i < 3; i++) {
      ingest(syntheticBatches({ seed: i, sessionId: `session-plain-${i}`, events: 300, pageLoads: 2 }), plain)
    }
    expect(search.search('clicked:.add-to-cart')).toEqual([])
    expect(search.staleSessionCount()).toBe(3)
    const progress: number[] = []
    expect(indexer.reindexSessions(indexer.staleSessionIds(), (p) => progress.push(p.done))).toEqual({
      reindexed: 3,
      failed: []
    })
    expect(progress).toEqual([1, 2, 3])
    expect(search.staleSessionCount()).toBe(0)
    expect(
      search
        .search('clicked:"main .card button.add-to-cart"')
        .map((r) => r.sessionId)
        .sort()
    ).toEqual(['session-plain-0', 'session-plain-1', 'session-plain-2'])
    expect(search.search('text:"Add to cart"')).toHaveLength(3)
  })

  it('sessions indexed by an older index version are stale; reindex rebuilds them exactly once', () => {
    ingest(
      sessionBatches('session-old-0001', [{ events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 10, 10)] }])
    )
    ingest(
      sessionBatches('session-new-0001', [{ events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 10, 10)] }])
    )
    indexer.drain()
    // What an older app version left behind: its own rows and its version number.
    store.db
      .prepare('UPDATE search_index_state SET version = ? WHERE session_id = ?')
      .run(INDEX_VERSION - 1, 'session-old-0001')
    store.db.prepare("DELETE FROM search_events WHERE session_id = 'session-old-0001'").run()
    expect(search.search('clicked:#b').map((r) => r.sessionId)).toEqual(['session-new-0001'])
    expect(indexer.staleSessionIds()).toEqual(['session-old-0001'])
    indexer.reindexSessions(indexer.staleSessionIds())
    expect(
      search
        .search('clicked:#b')
        .map((r) => r.sessionId)
        .sort()
    ).toEqual(['session-new-0001', 'session-old-0001'])
    indexer.reindexSessions(indexer.index.allSessionIds())
    expect(search.search('clicked:#b').map((r) => r.sessionId)).toHaveLength(2)
    expect(store.db.prepare("SELECT count(*) AS n FROM search_events WHERE kind = 'click'").get()).toEqual({ n: 2 })
  })

  it('a new batch for a stale session reindexes the whole session', () => {
    const [first, second] = sessionBatches('session-stale-01', [
      { events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 10, 10)] },
      { events: [click(T + 5000, 22)] }
    ])
    ingest([first!], new Ingestor(store))
    ingest([second!])
    expect(brief(search.search('clicked:button'))).toEqual({
      'session-stale-01': ['click@10 main > button#b.btn', 'click@5000 form.checkout > button.pay']
    })
  })
})
