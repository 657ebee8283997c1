import type Database from 'better-sqlite3'
import { CONSOLE_ROWS, tokenWord, type SearchRequestRow } from './search-index'

// Read side of the interaction index (tables of migration 002), one named query per search term type.
// Lists of ids travel as one JSON array parameter (json_each), so no statement is built per call.
// The full-text indexes catch up in bulk before a search (SearchIndexStore.syncFullText); rows written
// since are also read here, by a scan of just those rows, so a search on a read-only file (which cannot
// sync) still finds everything that was indexed.

export interface EventHitRow {
  session_id: string
  ts: number
  kind: string
  label: string | null
  text: string | null
}

/** A request that matched (search_requests, migration 008): its row as the indexer wrote it. */
export type RequestHitRow = { session_id: string } & Pick<
  SearchRequestRow,
  'ts' | 'initiator' | 'method' | 'url' | 'status' | 'error' | 'duration'
>

export interface PathHitRow {
  path_id: number
  session_id: string
  ts: number
  kind: string
  text: string | null
}

export interface TextHitRow {
  session_id: string
  segment: number
  ts: number
  text: string
}

interface TextBatchRow {
  session_id: string
  segment: number
  text: string
  times: string
}

export interface PathRow {
  id: number
  path: string
  label: string
}

export interface SessionStartRow {
  id: string
  started_at: number
}

const EVENT_HIT = `SELECT e.session_id, e.ts, e.kind, p.label, e.text
  FROM search_events e LEFT JOIN search_paths p ON p.id = e.path_id`

const REQUEST_HIT = 'SELECT session_id, ts, initiator, method, url, status, error, duration FROM search_requests'

/** Escapes LIKE wildcards in user text (the statements say ESCAPE '\'). */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/** A glob (`*` any run, `?` one character) as an anchored LIKE pattern. */
const globToLike = (glob: string): string => escapeLike(glob).replace(/\*/g, '%').replace(/\?/g, '_')

/** `url:` and `network:`: a glob over the whole URL when the pattern has * or ?, else a substring. */
const urlLike = (pattern: string): string => (/[*?]/.test(pattern) ? globToLike(pattern) : `%${escapeLike(pattern)}%`)

export class SearchQueries {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      pathsWithTokens: db.prepare<[string], { id: number }>(
        'SELECT rowid AS id FROM search_path_tokens WHERE search_path_tokens MATCH ?'
      ),
      pathsNotInFullText: db.prepare<[], { id: number; tokens: string }>(
        "SELECT id, tokens FROM search_paths WHERE id > (SELECT last_id FROM search_fts_progress WHERE name = 'paths')"
      ),
      allPathIds: db.prepare<[], { id: number }>('SELECT id FROM search_paths'),
      paths: db.prepare<[string], PathRow>(
        'SELECT id, path, label FROM search_paths WHERE id IN (SELECT value FROM json_each(?))'
      ),
      // Answered from the covering index search_events_by_path: no table row is read.
      eventsOnPaths: db
        .prepare<[string], [path_id: number, session_id: string, ts: number, kind: string, text: string | null]>(
          `SELECT e.path_id, e.session_id, e.ts, e.kind, e.text
           FROM json_each(?) j JOIN search_events e INDEXED BY search_events_by_path ON e.path_id = j.value`
        )
        .raw(true),
      navigations: db.prepare<[string], EventHitRow>(
        `${EVENT_HIT} WHERE e.kind = 'navigation' AND e.text LIKE ? ESCAPE '\\'`
      ),
      rage: db.prepare<[], EventHitRow>(`${EVENT_HIT} WHERE e.rage = 1`),
      dead: db.prepare<[], EventHitRow>(`${EVENT_HIT} WHERE e.dead = 1`),
      // `error` finds console errors too: what the developer's console showed in red.
      errors: db.prepare<[], EventHitRow>(
        `${EVENT_HIT} WHERE e.kind = 'error' UNION ALL ${EVENT_HIT} WHERE ${CONSOLE_ROWS} AND e.kind = 'console-error'`
      ),
      consoleOfKind: db.prepare<[string], EventHitRow>(`${EVENT_HIT} WHERE ${CONSOLE_ROWS} AND e.kind = ?`),
      consoleLike: db.prepare<[string], EventHitRow>(
        `${EVENT_HIT} WHERE ${CONSOLE_ROWS} AND e.text LIKE ? ESCAPE '\\'`
      ),
      requestsLike: db.prepare<[string], RequestHitRow>(`${REQUEST_HIT} WHERE url LIKE ? ESCAPE '\\'`),
      requestsWithStatus: db.prepare<[number, number], RequestHitRow>(
        `${REQUEST_HIT} WHERE status IS NOT NULL AND status BETWEEN ? AND ?`
      ),
      requestsFailed: db.prepare<[], RequestHitRow>(`${REQUEST_HIT} WHERE failed = 1`),
      requestsSlowerThan: db.prepare<[number], RequestHitRow>(
        `${REQUEST_HIT} WHERE duration IS NOT NULL AND duration > ?`
      ),
      requestsAtLeast: db.prepare<[number], RequestHitRow>(
        `${REQUEST_HIT} WHERE duration IS NOT NULL AND duration >= ?`
      ),
      textBatchesMatching: db.prepare<[string], TextBatchRow>(
        `SELECT b.session_id, b.segment, b.text, b.times FROM search_text_fts f
         JOIN search_text_batches b ON b.id = f.rowid WHERE search_text_fts MATCH ?`
      ),
      textBatchesLike: db.prepare<[string], TextBatchRow>(
        "SELECT session_id, segment, text, times FROM search_text_batches WHERE text LIKE ? ESCAPE '\\'"
      ),
      textBatchesNotInFullTextLike: db.prepare<[string], TextBatchRow>(
        `SELECT session_id, segment, text, times FROM search_text_batches
         WHERE id > (SELECT last_id FROM search_fts_progress WHERE name = 'texts') AND text LIKE ? ESCAPE '\\'`
      ),
      sessionsByBrowser: db.prepare<[string], { id: string }>(
        "SELECT id FROM sessions WHERE browser_name LIKE ? ESCAPE '\\'"
      ),
      sessionsByOs: db.prepare<[string], { id: string }>("SELECT id FROM sessions WHERE os_name LIKE ? ESCAPE '\\'"),
      sessionsByIp: db.prepare<[string], { id: string }>("SELECT id FROM sessions WHERE ip LIKE ? ESCAPE '\\'"),
      sessionDurations: db.prepare<[], { id: string; duration: number }>(
        'SELECT id, max(0, ended_at - started_at) AS duration FROM sessions'
      ),
      sessionStarts: db.prepare<[string], SessionStartRow>(
        'SELECT id, started_at FROM sessions WHERE id IN (SELECT value FROM json_each(?))'
      )
    }
  }

  /** Paths carrying every token of at least one alternative. */
  pathIdsWithTokens(alternatives: string[][]): Set<number> {
    const result = new Set<number>()
    const wordLists = alternatives.map((tokens) => [...new Set(tokens.map(tokenWord))])
    for (const words of wordLists) {
      for (const row of this.statements.pathsWithTokens.all(words.join(' '))) result.add(row.id)
    }
    // Paths not yet in the FTS index (none after a sync): the same test on their token words.
    for (const row of this.statements.pathsNotInFullText.all()) {
      const has = new Set(row.tokens.split(' '))
      if (wordLists.some((words) => words.every((word) => has.has(word)))) result.add(row.id)
    }
    return result
  }

  allPathIds(): number[] {
    return this.statements.allPathIds.all().map((row) => row.id)
  }

  paths(ids: readonly number[]): PathRow[] {
    return ids.length === 0 ? [] : this.statements.paths.all(JSON.stringify(ids))
  }

  /** The events of `kinds` on the paths. */
  eventsOnPaths(pathIds: readonly number[], kinds: readonly string[]): PathHitRow[] {
    if (pathIds.length === 0) return []
    const wanted = new Set(kinds)
    const rows: PathHitRow[] = []
    for (const [path_id, session_id, ts, kind, text] of this.statements.eventsOnPaths.all(JSON.stringify(pathIds))) {
      if (wanted.has(kind)) rows.push({ path_id, session_id, ts, kind, text })
    }
    return rows
  }

  /** Navigations whose URL contains `pattern` (case-insensitive), or matches it as a glob when it has * or ?. */
  navigations(pattern: string): EventHitRow[] {
    return this.statements.navigations.all(urlLike(pattern))
  }

  rageClicks(): EventHitRow[] {
    return this.statements.rage.all()
  }

  deadClicks(): EventHitRow[] {
    return this.statements.dead.all()
  }

  errors(): EventHitRow[] {
    return this.statements.errors.all()
  }

  /** Console calls of one row kind (`console-error`, …: step-rows.ts consoleKind). */
  consoleOfKind(kind: string): EventHitRow[] {
    return this.statements.consoleOfKind.all(kind)
  }

  /** Console calls whose message contains `text` (case-insensitive). */
  consoleContaining(text: string): EventHitRow[] {
    return this.statements.consoleLike.all(`%${escapeLike(text)}%`)
  }

  /** Requests whose URL contains `pattern` (case-insensitive), or matches it as a glob when it has * or ?. */
  requestsToUrl(pattern: string): RequestHitRow[] {
    return this.statements.requestsLike.all(urlLike(pattern))
  }

  requestsWithStatus(min: number, max: number): RequestHitRow[] {
    return this.statements.requestsWithStatus.all(min, max)
  }

  failedRequests(): RequestHitRow[] {
    return this.statements.requestsFailed.all()
  }

  /** Requests that took longer than `ms` (`inclusive`: or exactly as long). */
  slowRequests(ms: number, inclusive: boolean): RequestHitRow[] {
    return inclusive ? this.statements.requestsAtLeast.all(ms) : this.statements.requestsSlowerThan.all(ms)
  }

  /** Each visible text containing `text` (case-insensitive), with when it was first present, per page load. */
  textSeen(text: string): TextHitRow[] {
    // The trigram index answers substrings of 3+ characters; shorter ones scan the text rows.
    const like = `%${escapeLike(text)}%`
    const batches =
      [...text].length >= 3
        ? [
            ...this.statements.textBatchesMatching.all(`"${text.replace(/"/g, '""')}"`),
            ...this.statements.textBatchesNotInFullTextLike.all(like)
          ]
        : this.statements.textBatchesLike.all(like)
    const needle = text.toLowerCase()
    const hits: TextHitRow[] = []
    for (const batch of batches) {
      const times = JSON.parse(batch.times) as number[]
      batch.text.split('\n').forEach((line, i) => {
        if (line.toLowerCase().includes(needle)) {
          hits.push({ session_id: batch.session_id, segment: batch.segment, ts: times[i]!, text: line })
        }
      })
    }
    return hits
  }

  sessionsByBrowser(name: string): string[] {
    return this.statements.sessionsByBrowser.all(`%${escapeLike(name)}%`).map((row) => row.id)
  }

  sessionsByOs(name: string): string[] {
    return this.statements.sessionsByOs.all(`%${escapeLike(name)}%`).map((row) => row.id)
  }

  sessionsByIpPrefix(prefix: string): string[] {
    return this.statements.sessionsByIp.all(`${escapeLike(prefix)}%`).map((row) => row.id)
  }

  sessionDurations(): { id: string; duration: number }[] {
    return this.statements.sessionDurations.all()
  }

  sessionStarts(ids: readonly string[]): SessionStartRow[] {
    return ids.length === 0 ? [] : this.statements.sessionStarts.all(JSON.stringify(ids))
  }
}
