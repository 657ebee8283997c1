// Runs a search query (query-parser.ts) over the interaction index: each term yields the sessions it matches
// and the moments that matched (hits); AND intersects sessions, OR unites them, and every hit of a matching
// session is kept. Sessions come newest first, hits in time order.
import type { SearchHit, SearchResult } from '../../../shared/types'
import type { AuditIndexStore } from '../store/audit-index'
import type { SearchIndexStore } from '../store/search-index'
import type { EventHitRow, RequestHitRow, SearchQueries } from '../store/search-queries'
import { requestSummary } from '../../../shared/events/step-labels'
import type { Store } from '../store/store'
import { INDEX_VERSION } from './interaction-indexer'
import { parseQuery, type QueryNode, type Term } from './query-parser'
import { pathLabel, type RecordedPath } from '../../../shared/events/recorded-path'
import { CLICK_KINDS, consoleKind, INPUT_KINDS } from './step-rows'
import type { CompiledSelector } from './selector-match'

/** Hits kept per session (the earliest); a session's match does not depend on it. */
const MAX_HITS_PER_SESSION = 1000
/** Parsed paths kept between queries (a path never changes once stored). */
const PATH_CACHE_SIZE = 100_000

type Matches = Map<string, SearchHit[]>

/** Hit lists merged from more than one term: only these can hold the same moment twice. */
const merged = new WeakSet<SearchHit[]>()
const concat = (a: SearchHit[], b: SearchHit[]): SearchHit[] => {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const both = [...a, ...b]
  merged.add(both)
  return both
}

/** Rows grouped by session, each made a hit. */
function bySession<Row extends { session_id: string }>(rows: Iterable<Row>, toHit: (row: Row) => SearchHit): Matches {
  const matches: Matches = new Map()
  for (const row of rows) {
    const hit = toHit(row)
    const hits = matches.get(row.session_id)
    if (hits) hits.push(hit)
    else matches.set(row.session_id, [hit])
  }
  return matches
}

const fromRows = (rows: readonly EventHitRow[], kind?: string): Matches =>
  bySession(rows, (row) => ({ timestamp: row.ts, kind: kind ?? row.kind, selector: row.label, text: row.text }))

/** Requests as hits: `POST /api/checkout → 500 (120 ms)`. */
const fromRequests = (rows: readonly RequestHitRow[], kind: string): Matches =>
  bySession(rows, (row) => ({
    timestamp: row.ts,
    kind,
    selector: null,
    text: requestSummary(row)
  }))

const sessionsOnly = (ids: Iterable<string>): Matches => new Map([...ids].map((id) => [id, []]))

function compare(operator: string, left: number, right: number): boolean {
  switch (operator) {
    case '>':
      return left > right
    case '>=':
      return left >= right
    case '<':
      return left < right
    case '<=':
      return left <= right
    default:
      return left === right
  }
}

export class SearchService {
  private readonly queries: SearchQueries
  private readonly index: SearchIndexStore
  private readonly audit: AuditIndexStore
  private readonly pathCache = new Map<number, RecordedPath>()
  /** A read-only store (CLI on a read-only file) answers from the index as it is. */
  private readonly readonly: boolean

  /**
   * `prepare` runs before every search, to bring the index up to date: the app drains its indexer's queue,
   * a separate process (the CLI) catches up with batches stored by the app.
   */
  constructor(
    store: Store,
    private readonly options: { prepare?: (query: string) => void } = {}
  ) {
    this.queries = store.searchQueries
    this.index = store.searchIndex
    this.readonly = store.readonly
    this.audit = store.auditIndex
  }

  /** Throws QueryError for an invalid query. */
  search(query: string): SearchResult[] {
    const parsed = parseQuery(query)
    this.options.prepare?.(query)
    // The FTS indexes catch up with what was indexed since the last search (or idle-time sync).
    if (!this.readonly) this.index.syncFullText()
    const matches = this.evaluate(parsed)
    const starts = this.queries.sessionStarts([...matches.keys()])
    starts.sort((a, b) => b.started_at - a.started_at || (a.id < b.id ? -1 : 1))
    return starts.map(({ id }) => ({ sessionId: id, hits: finishHits(matches.get(id) ?? []) }))
  }

  /** Sessions the index does not cover yet (never indexed, or by an older index version): run reindex. */
  staleSessionCount(): number {
    return this.index.countStale(INDEX_VERSION)
  }

  private evaluate(node: QueryNode): Matches {
    if (node.type === 'term') return this.term(node.term)
    const parts = node.items.map((item) => this.evaluate(item))
    if (node.type === 'or') {
      const union: Matches = new Map()
      for (const part of parts) {
        for (const [id, hits] of part) union.set(id, concat(union.get(id) ?? [], hits))
      }
      return union
    }
    parts.sort((a, b) => a.size - b.size)
    const [smallest, ...rest] = parts
    const result: Matches = new Map()
    for (const [id, hits] of smallest!) {
      if (!rest.every((part) => part.has(id))) continue
      result.set(
        id,
        rest.reduce((all, part) => concat(all, part.get(id)!), hits)
      )
    }
    return result
  }

  private term(term: Term): Matches {
    switch (term.kind) {
      case 'clicked':
        return this.onPaths(term.selector, CLICK_KINDS)
      case 'input':
        return this.onPaths(term.selector, INPUT_KINDS)
      case 'url':
        return fromRows(this.queries.navigations(term.pattern))
      case 'text':
        return bySession(this.queries.textSeen(term.text), (row) => ({
          timestamp: row.ts,
          kind: 'text',
          selector: null,
          text: row.text
        }))
      case 'rage':
        return fromRows(this.queries.rageClicks(), 'rage')
      case 'dead':
        return fromRows(this.queries.deadClicks(), 'dead')
      case 'error':
        return fromRows(this.queries.errors())
      case 'pii':
        // The privacy audit's findings (analysis/audit): their excerpt, never the value.
        return bySession(
          this.audit.findingsOfKind(term.pii).map((finding) => ({ ...finding, session_id: finding.sessionId })),
          (finding) => ({
            timestamp: finding.timestamp,
            kind: 'pii',
            selector: finding.selector,
            text: `${finding.kind} ${finding.excerpt} (${finding.name ? `${finding.where} ${finding.name}` : finding.where})`
          })
        )
      case 'browser':
        return sessionsOnly(this.queries.sessionsByBrowser(term.name))
      case 'os':
        return sessionsOnly(this.queries.sessionsByOs(term.name))
      case 'ip':
        return sessionsOnly(this.queries.sessionsByIpPrefix(term.prefix))
      case 'console':
        return fromRows(
          term.level ? this.queries.consoleOfKind(consoleKind(term.level)) : this.queries.consoleContaining(term.text!)
        )
      case 'network':
        return fromRequests(this.queries.requestsToUrl(term.pattern), 'network')
      case 'status':
        return fromRequests(this.queries.requestsWithStatus(term.min, term.max), 'network')
      case 'failed':
        return fromRequests(this.queries.failedRequests(), 'failed')
      case 'slow':
        return fromRequests(this.queries.slowRequests(term.ms, term.operator === '>='), 'slow')
      case 'duration':
        return sessionsOnly(
          this.queries
            .sessionDurations()
            .filter((row) => compare(term.operator, row.duration, term.ms))
            .map((row) => row.id)
        )
    }
  }

  /** Events of `kinds` whose recorded path matches the selector (css-select over each candidate path). */
  private onPaths(selector: CompiledSelector, kinds: readonly string[]): Matches {
    const candidates = selector.requirements
      ? [...this.queries.pathIdsWithTokens(selector.requirements)]
      : this.queries.allPathIds()
    const paths = this.paths(candidates)
    const matched = candidates.filter((id) => {
      const path = paths.get(id)
      return path !== undefined && selector.matchesPath(path)
    })
    const labels = new Map<number, string>()
    return bySession(this.queries.eventsOnPaths(matched, kinds), (row) => {
      let label = labels.get(row.path_id)
      if (label === undefined) labels.set(row.path_id, (label = pathLabel(paths.get(row.path_id)!)))
      return { timestamp: row.ts, kind: row.kind, selector: label, text: row.text }
    })
  }

  /** Parsed paths by id: from the cache, the rest read in one query (the first search after start-up). */
  private paths(ids: readonly number[]): Map<number, RecordedPath> {
    const found = new Map<number, RecordedPath>()
    const missing: number[] = []
    for (const id of ids) {
      const cached = this.pathCache.get(id)
      if (cached) found.set(id, cached)
      else missing.push(id)
    }
    for (const row of this.queries.paths(missing)) {
      const path = JSON.parse(row.path) as RecordedPath
      found.set(row.id, path)
      if (this.pathCache.size >= PATH_CACHE_SIZE) this.pathCache.delete(this.pathCache.keys().next().value!)
      this.pathCache.set(row.id, path)
    }
    return found
  }
}

/** Time order, one hit per moment and kind (an OR of overlapping terms finds some twice), capped. */
function finishHits(hits: SearchHit[]): SearchHit[] {
  hits.sort((a, b) => a.timestamp - b.timestamp)
  if (!merged.has(hits)) return hits.length > MAX_HITS_PER_SESSION ? hits.slice(0, MAX_HITS_PER_SESSION) : hits
  const seen = new Set<string>()
  const unique: SearchHit[] = []
  for (const hit of hits) {
    const key = `${hit.timestamp}\u0000${hit.kind}\u0000${hit.selector ?? ''}\u0000${hit.text ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    unique.push(hit)
    if (unique.length >= MAX_HITS_PER_SESSION) break
  }
  return unique
}
