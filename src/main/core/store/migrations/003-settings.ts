import type { Migration } from './types'

// The investigator workspace: settings kept with the recordings (so the CLI, browser mode and the
// desktop app share them), and an index for retention pruning, which selects by server receive time.
export const settingsAndRetention: Migration = {
  version: 3,
  name: 'settings-and-retention',
  up: (db) => {
    db.exec(`
      -- One row per setting; value is JSON so a setting can be null, a number or an object
      -- without a schema change. Unknown keys are ignored by readers (store/settings.ts).
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;

      CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at);
    `)
  }
}
