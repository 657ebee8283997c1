import type Database from 'better-sqlite3'
import { CONSOLE_ROWS } from './search-index'
import type { SessionPage, SessionSummary } from '../../../shared/types'
import { toSessionSummary, type SessionRow } from './session-rows'

export interface StoredBatchRow {
  seq: number
  segment: number
  first_ts: number
  last_ts: number
  event_count: number
  data: Buffer
}

// Pages as a JSON array, in the order they were seen, and the pin's name; shared by the list and detail queries.
// Pages as a JSON array, in the order they were seen; shared by the list and detail queries. The error and
// rage counts come from the search index (migration 002): each is one lookup in its partial index
// (search_events_errors and search_events_console for console errors, which `error` also finds;
// search_events_rage), so the list of 10,000 sessions stays one quick statement.
const SESSION_SELECT = `
  SELECT s.*,
    (SELECT json_group_array(url) FROM (SELECT url FROM session_pages p WHERE p.session_id = s.id ORDER BY segment, at)) AS urls_json,
    v.session_id IS NOT NULL AS pinned,
    v.name AS pin_name,
    (SELECT count(*) FROM search_events e WHERE e.session_id = s.id AND e.kind = 'error')
      + (SELECT count(*) FROM search_events e WHERE ${CONSOLE_ROWS} AND e.kind = 'console-error' AND e.session_id = s.id)
      AS error_count,
    (SELECT count(*) FROM search_events e WHERE e.session_id = s.id AND e.rage = 1) AS rage_count,
    (SELECT finding_count FROM audit_state a WHERE a.session_id = s.id) AS finding_count
  FROM sessions s LEFT JOIN session_replay_saved v ON v.session_id = s.id`

/** Reads of sessions, their pages and batches (tables sessions, session_pages, session_replay). */
export class SessionReads {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      hasSession: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM sessions WHERE id = ?'),
      listSessions: db.prepare<[], SessionRow>(`${SESSION_SELECT} ORDER BY s.started_at DESC, s.id`),
      getSession: db.prepare<[string], SessionRow>(`${SESSION_SELECT} WHERE s.id = ?`),
      getSessions: db.prepare<[string], SessionRow>(
        `${SESSION_SELECT} WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY s.started_at DESC, s.id`
      ),
      getPages: db.prepare<[string], SessionPage>(
        'SELECT url, segment, at FROM session_pages WHERE session_id = ? ORDER BY segment, at'
      ),
      getBatches: db.prepare<[string], StoredBatchRow>(
        'SELECT seq, segment, first_ts, last_ts, event_count, data FROM session_replay WHERE session_id = ? ORDER BY segment, first_ts, seq'
      ),
      countBatches: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM session_replay'),
      // What the list shows can only change with these: a new batch (last_seen_at, batch_count), the audit's
      // finding count, a pin.
      sessionSignatures: db
        .prepare<[], [id: string, signature: string]>(
          `SELECT s.id, s.last_seen_at || ' ' || s.batch_count || ' ' || coalesce(a.finding_count, '-') || ' ' ||
             coalesce(p.saved_at || ' ' || p.name || ' ' || p.note, '')
           FROM sessions s LEFT JOIN session_replay_saved p ON p.session_id = s.id
           LEFT JOIN audit_state a ON a.session_id = s.id`
        )
        .raw()
    }
  }

  hasSession(id: string): boolean {
    return this.statements.hasSession.get(id) !== undefined
  }

  listSessions(): SessionSummary[] {
    return this.statements.listSessions.all().map(toSessionSummary)
  }

  summaries(ids: readonly string[]): SessionSummary[] {
    return this.statements.getSessions.all(JSON.stringify(ids)).map(toSessionSummary)
  }

  sessionRow(id: string): SessionRow | undefined {
    return this.statements.getSession.get(id)
  }

  pages(id: string): SessionPage[] {
    return this.statements.getPages.all(id)
  }

  batches(sessionId: string): StoredBatchRow[] {
    return this.statements.getBatches.all(sessionId)
  }

  countBatches(): number {
    return this.statements.countBatches.get()!.n
  }

  sessionSignatures(): Map<string, string> {
    return new Map(this.statements.sessionSignatures.all())
  }
}
