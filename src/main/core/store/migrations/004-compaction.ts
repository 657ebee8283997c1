import type { Migration } from './types'

// Idle-time compaction (store/compactor.ts) re-encodes batches stored as received. The flag and its
// partial index let it find the batches still to do without reading any blob.
export const compactionFlag: Migration = {
  version: 4,
  name: 'compaction-flag',
  up: (db) => {
    db.exec(`
      ALTER TABLE session_replay ADD COLUMN compacted INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX session_replay_to_compact ON session_replay (received_at) WHERE compacted = 0;
    `)
  }
}
