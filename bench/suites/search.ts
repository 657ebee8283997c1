// Search at scale: 1,000 synthetic sessions (>= 2 million events, bench/search-sessions.ts) ingested through
// the real Ingestor into one SQLite store with the interaction index on, then queried.
//
// - ingest throughput with indexing on vs off: the same gzip bodies go into two stores, chunk by chunk,
//   alternating, so machine noise hits both alike (target >= 0.8). Indexing on queues each batch in the
//   ingest transaction; the queue is drained after each chunk, timed separately: the second row is the
//   whole cost (ingest + index) against ingest alone
// - `clicked:<class>` median latency (target < 50 ms) against a bare scan of every indexed click
// - `text:"..."` median latency (report) against a LIKE scan over the text rows
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { SearchService } from '../../src/main/core/analysis/search-service'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import { gzipBatch } from '../../tests/helpers/synthetic'
import { searchSessionBatches } from '../search-sessions'
import { median, ratioRow, timed, type BenchRow } from '../table'

const SESSIONS = Number(process.env.BENCH_SEARCH_SESSIONS ?? 1000)
const EVENTS_PER_SESSION = 2100
const CHUNK_SESSIONS = 20
const RUNS = 15

const CLASS_QUERY = 'clicked:.checkout-btn'
const BROAD_QUERY = 'clicked:.add-to-cart'
const TEXT_QUERIES = [
  'text:"Added Oak Chair"',
  'text:"Walnut Desk"',
  'text:"card declined"',
  'text:"Free shipping"',
  'text:"Velvet"'
]

const say = (message: string) => process.stderr.write(`bench: search: ${message}\n`)

/** Median of RUNS timed calls after one untimed warm-up (statement and page caches filled). */
function medianMs(work: () => void): number {
  work()
  return median(Array.from({ length: RUNS }, () => timed(work)))
}

function latencyRow(
  measure: string,
  figure: number,
  baseline: string,
  baselineFigure: number,
  targetMs: number | null
): BenchRow {
  const row = ratioRow(measure, figure, 'ms', baseline, baselineFigure, null)
  if (targetMs === null) return row
  return { ...row, target: `< ${targetMs} ms`, met: figure < targetMs }
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ri-bench-search-'))
  const on = Store.open(join(dir, 'indexed.db'))
  const off = Store.open(join(dir, 'plain.db'))
  try {
    const indexer = new InteractionIndexer(on)
    indexer.autoDrain = false // drained (and timed) after each chunk
    const indexed = new Ingestor(on, [indexer])
    const plain = new Ingestor(off)
    let events = 0
    let onMs = 0
    let offMs = 0
    let drainMs = 0
    const started = Date.now()
    for (let first = 0; first < SESSIONS; first += CHUNK_SESSIONS) {
      const bodies: Buffer[] = []
      for (let i = first; i < Math.min(SESSIONS, first + CHUNK_SESSIONS); i++) {
        const batches = searchSessionBatches({
          seed: i + 1,
          sessionId: `bench-search-${String(i).padStart(5, '0')}`,
          startAt: 1_700_000_000_000 + i * 600_000,
          events: EVENTS_PER_SESSION
        })
        for (const batch of batches) {
          events += batch.events.length
          bodies.push(gzipBatch(batch))
        }
      }
      const ingestAll = (ingestor: Ingestor) => () => {
        for (const body of bodies) ingestor.ingest({ body, ip: '10.0.0.1', receivedAt: Date.now() })
      }
      // Alternate which store goes first, so neither always gets the warmer caches.
      if ((first / CHUNK_SESSIONS) % 2 === 0) {
        offMs += timed(ingestAll(plain))
        onMs += timed(ingestAll(indexed))
      } else {
        onMs += timed(ingestAll(indexed))
        offMs += timed(ingestAll(plain))
      }
      drainMs += timed(() => indexer.drain())
      if ((first / CHUNK_SESSIONS) % 10 === 0)
        say(`${first + CHUNK_SESSIONS}/${SESSIONS} sessions (${Math.round((Date.now() - started) / 1000)} s)`)
    }
    say(`${SESSIONS} sessions, ${events} events stored twice in ${Math.round((Date.now() - started) / 1000)} s`)
    off.close()

    const db = on.db
    const syncMs = timed(() => indexer.index.syncFullText())
    const search = new SearchService(on, { prepare: () => indexer.drain() })
    const coldMs = timed(() => search.search(CLASS_QUERY))
    const classMs = medianMs(() => search.search(CLASS_QUERY))
    const broadMs = medianMs(() => search.search(BROAD_QUERY))
    const scanClicks = db.prepare(
      "SELECT session_id, path_id, ts FROM search_events WHERE kind IN ('click', 'dblclick', 'contextmenu', 'touch')"
    )
    const scanMs = medianMs(() => scanClicks.all())
    const textMs = median(TEXT_QUERIES.map((query) => medianMs(() => search.search(query))))
    const likeTexts = db.prepare('SELECT session_id, segment, text, times FROM search_text_batches WHERE text LIKE ?')
    const likeMs = median(TEXT_QUERIES.map((query) => medianMs(() => likeTexts.all(`%${/"(.*)"/.exec(query)![1]}%`))))
    const counts = db
      .prepare(
        "SELECT (SELECT count(*) FROM search_events WHERE kind = 'click') AS clicks, (SELECT count(*) FROM search_paths) AS paths, (SELECT count(*) FROM search_text_batches) AS texts"
      )
      .get() as { clicks: number; paths: number; texts: number }
    const classHits = search.search(CLASS_QUERY)
    say(
      `${counts.clicks} clicks, ${counts.paths} distinct paths, ${counts.texts} text rows; ${CLASS_QUERY}: ` +
        `${classHits.length} sessions, ${classHits.reduce((n, r) => n + r.hits.length, 0)} hits; first query ` +
        `${coldMs.toFixed(1)} ms; ingest on ${Math.round(onMs)} ms + drain ${Math.round(drainMs)} ms, off ` +
        `${Math.round(offMs)} ms; FTS catch-up after ingest ${Math.round(syncMs)} ms`
    )

    const perSecond = (ms: number) => (events / ms) * 1000
    return [
      ratioRow(
        `search: ingest with indexing on (${SESSIONS} sessions, ${(events / 1e6).toFixed(2)}M events)`,
        perSecond(onMs),
        'events/s',
        'indexing off (same bodies, same run)',
        perSecond(offMs),
        { atLeast: 0.8 }
      ),
      ratioRow(
        'search: ingest + indexing (queue drained), whole cost',
        perSecond(onMs + drainMs),
        'events/s',
        'indexing off',
        perSecond(offMs),
        null
      ),
      latencyRow(`search: ${CLASS_QUERY} median (${SESSIONS} sessions)`, classMs, 'scan of all clicks', scanMs, 50),
      latencyRow(`search: ${BROAD_QUERY} median (broad: most sessions)`, broadMs, 'scan of all clicks', scanMs, null),
      latencyRow(
        `search: text:"…" median of ${TEXT_QUERIES.length} queries`,
        textMs,
        'LIKE scan of distinct texts',
        likeMs,
        null
      )
    ]
  } finally {
    if (on.db.open) on.close()
    if (off.db.open) off.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
