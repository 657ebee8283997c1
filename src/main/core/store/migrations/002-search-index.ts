import type { Migration } from './types'

// The interaction index behind search (analysis/interaction-indexer.ts): derived from session_replay, so
// `reindex` can always rebuild it. Rows hang off sessions(id) with ON DELETE CASCADE, so deleting or pruning
// a session removes its index rows in the same statement. Distinct paths and texts are shared between
// sessions and outlive them until `reindex --all` drops the orphans.
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
        snapshot_seq INTEGER,               -- batch holding the newest full snapshot
        generation   INTEGER NOT NULL,      -- changes on every reindex: a mirror cached for another is stale
        PRIMARY KEY (session_id, segment)
      ) WITHOUT ROWID;

      -- Distinct recorded paths (element + ancestors at click/input time, JSON), shared by all sessions.
      -- AUTOINCREMENT: ids are never reused after orphans are dropped, so a search may cache paths by id.
      CREATE TABLE search_paths (
        id    INTEGER PRIMARY KEY AUTOINCREMENT,
        hash  INTEGER NOT NULL,
        path  TEXT NOT NULL,
        label TEXT NOT NULL                 -- short readable selector, e.g. "form.checkout > button.pay"
      );
      CREATE INDEX search_paths_by_hash ON search_paths (hash);
      -- Tags, classes, ids and attributes of each path: narrows the paths a selector is tested on.
      CREATE TABLE search_path_tokens (
        token   TEXT NOT NULL,
        path_id INTEGER NOT NULL REFERENCES search_paths (id) ON DELETE CASCADE,
        PRIMARY KEY (token, path_id)
      ) WITHOUT ROWID;
      CREATE INDEX search_path_tokens_by_path ON search_path_tokens (path_id);

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
      CREATE INDEX search_events_by_session ON search_events (session_id, segment, kind, ts);
      CREATE INDEX search_events_by_path ON search_events (path_id) WHERE path_id IS NOT NULL;
      CREATE INDEX search_events_by_kind ON search_events (kind, session_id);
      CREATE INDEX search_events_rage ON search_events (session_id) WHERE rage = 1;
      CREATE INDEX search_events_dead ON search_events (session_id) WHERE dead = 1;
      CREATE INDEX search_events_undecided ON search_events (session_id, ts) WHERE dead = 2;

      -- Distinct visible texts (shared), with a trigram index for substring search.
      CREATE TABLE search_texts (
        id   INTEGER PRIMARY KEY,
        text TEXT NOT NULL UNIQUE
      );
      CREATE VIRTUAL TABLE search_texts_fts USING fts5 (
        text, content = 'search_texts', content_rowid = 'id', tokenize = 'trigram'
      );
      CREATE TRIGGER search_texts_insert AFTER INSERT ON search_texts BEGIN
        INSERT INTO search_texts_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER search_texts_delete AFTER DELETE ON search_texts BEGIN
        INSERT INTO search_texts_fts (search_texts_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      -- When each text was first present in a page load.
      CREATE TABLE search_text_seen (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        segment    INTEGER NOT NULL,
        text_id    INTEGER NOT NULL REFERENCES search_texts (id),
        ts         INTEGER NOT NULL,
        PRIMARY KEY (session_id, segment, text_id)
      ) WITHOUT ROWID;
      CREATE INDEX search_text_seen_by_text ON search_text_seen (text_id);
    `)
  }
}
