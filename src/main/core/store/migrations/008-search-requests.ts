import type { Migration } from './types'

// The devtools signals in the search index (issue 13): requests (fetch, XHR, beacons, static resources) get a
// table of their own, so `status>=500`, `slow>2s` and `failed` compare numbers in an index instead of parsing
// row text; console calls are search_events rows (kind `console-<level>`), found by one partial index.
// Derived from session_replay like the rest of the index (INDEX_VERSION 4 rebuilds it); rows cascade with
// their session.
export const searchRequests: Migration = {
  version: 8,
  name: 'search-requests',
  up: (db) => {
    db.exec(`
      CREATE TABLE search_requests (
        id         INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        segment    INTEGER NOT NULL,
        ts         INTEGER NOT NULL,        -- client clock: when the request started
        initiator  TEXT NOT NULL,           -- fetch | xmlhttprequest | beacon | img | script | …
        method     TEXT,                    -- null for static resources
        url        TEXT NOT NULL,           -- query values masked by the recorder
        status     INTEGER,                 -- null: no response (see error), opaque, or a beacon
        error      TEXT,                    -- network | abort | timeout
        duration   INTEGER,                 -- ms until it settled as the page saw it; null for beacons
        failed     INTEGER NOT NULL         -- a network error, an abort, a timeout, or a 5xx
      );
      CREATE INDEX search_requests_by_session ON search_requests (session_id, segment, ts);
      -- One index per comparison the query language makes: written on the ingest path, so kept few.
      CREATE INDEX search_requests_by_status ON search_requests (status) WHERE status IS NOT NULL;
      CREATE INDEX search_requests_by_duration ON search_requests (duration) WHERE duration IS NOT NULL;
      CREATE INDEX search_requests_failed ON search_requests (session_id) WHERE failed = 1;

      -- console:<level> and console:"text": the console rows only (the IN list is the one search-queries.ts
      -- repeats, so SQLite can prove the partial index applies).
      CREATE INDEX search_events_console ON search_events (kind, session_id)
        WHERE kind IN ('console-debug', 'console-log', 'console-info', 'console-warn', 'console-error');
    `)
  }
}
