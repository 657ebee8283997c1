import type { Migration } from './types'

// Deleted means deleted: a tab still recording a session the developer deleted keeps sending batches,
// which recreated the session from its later part. The ids of deleted sessions are remembered (a
// random id and a time, nothing of the recording) so the receiver can refuse those batches.
export const deletedSessions: Migration = {
  version: 5,
  name: 'deleted-sessions',
  up: (db) => {
    db.exec(`
      CREATE TABLE deleted_sessions (
        session_id TEXT PRIMARY KEY,
        deleted_at INTEGER NOT NULL  -- server clock
      ) WITHOUT ROWID;
    `)
  }
}
