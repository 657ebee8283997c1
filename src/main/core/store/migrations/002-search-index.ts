import type { Migration } from './types'

// The interaction index behind search (analysis/interaction-indexer.ts): derived from session_replay, so
// `reindex` can always rebuild it. Rows hang off sessions(id) with ON DELETE CASCADE, so deleting or pruning
// a session removes its index rows in the same statement. Distinct paths are shared between sessions, so they
// cannot cascade: store/retention.ts drops a path with the last session that used it.
export const searchIndex: Migration = {
  version: 2,
  name: 'search-index',
  up: (db) => {
    db.exec(`
      -- Which version of the indexing code built a session's rows: older ones are stale (reindex).
      CREATE TABLE search_index_state (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        version    INTEGER NOT NULL,
        indexed_at INTEGER NOT NULL         -- server clock
      ) WITHOUT ROWID;

      -- Per page load: how far indexing got, and where a DOM mirror can be rebuilt from after a restart.
      CREATE TABLE search_segments (
        session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        segment      INTEGER NOT NULL,
        last_seq     INTEGER NOT NULL,      -- newest batch indexed
        batch_count  INTEGER NOT NULL,      -- batches indexed (tells a late batch below last_seq from a done one)
        snapshot_seq INTEGER,               -- batch holding the newest full snapshot
        generation   INTEGER NOT NULL,      -- changes on every reindex: a mirror cached for another is stale
        PRIMARY KEY (session_id, segment)
      ) WITHOUT ROWID;

      -- Distinct recorded paths (element + ancestors at click/input time, JSON), shared by all sessions.
      -- AUTOINCREMENT: ids are never reused, so a search may cache paths by id and the token index below
      -- can catch up by id.
      CREATE TABLE search_paths (
        id     INTEGER PRIMARY KEY AUTOINCREMENT,
        hash   INTEGER NOT NULL,
        path   TEXT NOT NULL,
        label  TEXT NOT NULL,               -- short readable selector, e.g. "form.checkout > button.pay"
        tokens TEXT NOT NULL                -- tags, classes, ids, attributes of the path's elements, as hashed words
      );
      CREATE INDEX search_paths_by_hash ON search_paths (hash);
      CREATE VIRTUAL TABLE search_path_tokens USING fts5 (
        tokens, content = 'search_paths', content_rowid = 'id', detail = 'none'
      );

      -- What users did: clicks, inputs, navigations, viewport changes, custom events, errors.
      CREATE TABLE search_events (
        id         INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        segment    INTEGER NOT NULL,
        ts         INTEGER NOT NULL,        -- client clock
        kind       TEXT NOT NULL,
        path_id    INTEGER,                 -- search_paths.id for clicks and inputs
        text       TEXT,                    -- excerpt, unmasked input value, URL, message
        masked     INTEGER NOT NULL DEFAULT 0,
        x          INTEGER,
        y          INTEGER,
        rage       INTEGER NOT NULL DEFAULT 0,
        dead       INTEGER                  -- clicks: 0 alive, 1 dead, 2 undecided yet; NULL otherwise
      );
      -- Few indexes, most of them partial: every index is written on the ingest path.
      CREATE INDEX search_events_by_session ON search_events (session_id, segment, ts);
      -- Covering for clicked:/input: hits (session, time, kind, excerpt): a search reads this index only,
      -- not one scattered table row per hit.
      CREATE INDEX search_events_by_path ON search_events (path_id, kind, session_id, ts, text) WHERE path_id IS NOT NULL;
      CREATE INDEX search_events_navigations ON search_events (session_id) WHERE kind = 'navigation';
      CREATE INDEX search_events_errors ON search_events (session_id) WHERE kind = 'error';
      CREATE INDEX search_events_rage ON search_events (session_id) WHERE rage = 1;
      CREATE INDEX search_events_dead ON search_events (session_id) WHERE dead = 1;

      -- Visible text: per batch, the texts a page load showed for the first time (one per line) and when
      -- (JSON array, same order), with a trigram index for substring search.
      CREATE TABLE search_text_batches (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        segment    INTEGER NOT NULL,
        text       TEXT NOT NULL,
        times      TEXT NOT NULL
      );
      CREATE INDEX search_text_batches_by_session ON search_text_batches (session_id);
      CREATE VIRTUAL TABLE search_text_fts USING fts5 (
        text, content = 'search_text_batches', content_rowid = 'id', tokenize = 'trigram'
      );

      -- The two FTS indexes are not written on the ingest path (a small FTS write per batch costs more than
      -- the batch): they catch up in bulk, by id, before every search and in idle time
      -- (SearchIndexStore.syncFullText). This is how far each has got.
      CREATE TABLE search_fts_progress (
        name    TEXT PRIMARY KEY,
        last_id INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO search_fts_progress (name, last_id) VALUES ('paths', 0), ('texts', 0);
      -- A row leaves its FTS index only if it got in (also run for the ON DELETE CASCADE of a session).
      CREATE TRIGGER search_paths_delete AFTER DELETE ON search_paths
      WHEN old.id <= (SELECT last_id FROM search_fts_progress WHERE name = 'paths') BEGIN
        INSERT INTO search_path_tokens (search_path_tokens, rowid, tokens) VALUES ('delete', old.id, old.tokens);
      END;
      CREATE TRIGGER search_text_batches_delete AFTER DELETE ON search_text_batches
      WHEN old.id <= (SELECT last_id FROM search_fts_progress WHERE name = 'texts') BEGIN
        INSERT INTO search_text_fts (search_text_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
    `)
  }
}
