import type { Migration } from './types'

// A batch that breaks a stage of processing (indexing, compaction) is quarantined instead of retried
// forever: one row per (batch, stage) with the error, so every other batch goes on, a restart does not
// stumble over it again, and the session's metadata and `doctor` can show it.
export const batchFailures: Migration = {
  version: 6,
  name: 'batch-failures',
  up: (db) => {
    db.exec(`
      CREATE TABLE batch_failures (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        stage      TEXT NOT NULL,          -- 'index' | 'compact'
        error      TEXT NOT NULL,
        failed_at  INTEGER NOT NULL,       -- server clock
        attempts   INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (session_id, seq, stage)
      ) WITHOUT ROWID;
    `)
  }
}
