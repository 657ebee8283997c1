import type { Migration } from './types'

// A batch that cannot be compacted or analysed is flagged here with its error instead of being retried
// forever (one hostile or corrupt batch used to stall idle compaction for every later batch). `stage` says
// which work failed: 'compact' (store/compactor.ts) or 'index' (the search indexer's quarantine).
// `attempts` counts failures of that work on that batch; after a few it is not tried again.
export const batchFailures: Migration = {
  version: 6,
  name: 'batch-failures',
  up: (db) => {
    db.exec(`
      CREATE TABLE batch_failures (
        session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        seq        INTEGER NOT NULL,
        stage      TEXT NOT NULL,
        error      TEXT NOT NULL,
        failed_at  INTEGER NOT NULL,  -- server clock, last failure
        attempts   INTEGER NOT NULL,
        PRIMARY KEY (session_id, seq, stage)
      ) WITHOUT ROWID;
    `)
  }
}
