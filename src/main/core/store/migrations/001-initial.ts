import type { Migration } from './types'

// The ingest spine: sessions with their client metadata, one row per received batch, pages in order, pins.
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE sessions (
        id              TEXT PRIMARY KEY,
        first_seen_at   INTEGER NOT NULL,  -- server clock, first batch received
        last_seen_at    INTEGER NOT NULL,  -- server clock, last batch received
        started_at      INTEGER NOT NULL,  -- client clock, earliest event
        ended_at        INTEGER NOT NULL,  -- client clock, latest event
        ip              TEXT,
        user_agent      TEXT NOT NULL,
        browser_name    TEXT,
        browser_version TEXT,
        os_name         TEXT,
        os_version      TEXT,
        device_type     TEXT NOT NULL,
        language        TEXT NOT NULL,
        timezone        TEXT NOT NULL,
        screen_width    INTEGER NOT NULL,
        screen_height   INTEGER NOT NULL,
        viewport_width  INTEGER NOT NULL,
        viewport_height INTEGER NOT NULL,
        referrer        TEXT NOT NULL,
        mask_level      TEXT NOT NULL,
        config_json     TEXT NOT NULL,     -- RecorderConfig of the first batch
        event_count     INTEGER NOT NULL DEFAULT 0,
        batch_count     INTEGER NOT NULL DEFAULT 0,
        segment_count   INTEGER NOT NULL DEFAULT 0,
        bytes_raw       INTEGER NOT NULL DEFAULT 0,
        bytes_stored    INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX sessions_by_start ON sessions (started_at DESC);

      -- One row per batch. (session_id, seq) is the retry key: a re-sent batch is recognised and stored once.
      CREATE TABLE session_replay (
        session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        segment     INTEGER NOT NULL,
        first_ts    INTEGER NOT NULL,
        last_ts     INTEGER NOT NULL,
        event_count INTEGER NOT NULL,
        raw_bytes   INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        data        BLOB NOT NULL,         -- gzip, see store/replay-codec.ts
        PRIMARY KEY (session_id, seq)
      );
      CREATE INDEX session_replay_by_time ON session_replay (session_id, segment, first_ts);

      -- Pages in the order they were seen: one row per rrweb Meta event (page load or SPA navigation).
      CREATE TABLE session_pages (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        segment    INTEGER NOT NULL,
        at         INTEGER NOT NULL,
        url        TEXT NOT NULL,
        PRIMARY KEY (session_id, segment, at, url)
      );

      CREATE TABLE session_replay_saved (
        session_id TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        saved_at   INTEGER NOT NULL
      );
    `)
  }
}
