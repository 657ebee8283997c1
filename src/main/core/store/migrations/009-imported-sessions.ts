import type { Migration } from './types'

// Sessions opened from files (issue 10): where each came from. NULL for a session the receiver recorded;
// for an imported one a JSON object {file, format, importedAt, window?} (shared/types.ts ImportedFrom). One
// nullable column, so the list and detail queries (SELECT s.*) carry it without a join.
export const importedSessions: Migration = {
  version: 9,
  name: 'imported-sessions',
  up: (db) => {
    db.exec('ALTER TABLE sessions ADD COLUMN import_json TEXT')
  }
}
