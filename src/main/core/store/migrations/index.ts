import type { Database } from 'better-sqlite3'
import { initialSchema } from './001-initial'
import { searchIndex } from './002-search-index'
import { settingsAndRetention } from './003-settings'
import { compactionFlag } from './004-compaction'
import { deletedSessions } from './005-deleted-sessions'
import { batchFailures } from './006-batch-failures'
import { auditIndex } from './007-audit-index'
import { searchRequests } from './008-search-requests'
import { importedSessions } from './009-imported-sessions'
import type { Migration } from './types'

export type { Migration } from './types'

/** Every migration in order. Append new ones; never reorder or edit shipped ones. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  searchIndex,
  settingsAndRetention,
  compactionFlag,
  deletedSessions,
  batchFailures,
  auditIndex,
  searchRequests,
  importedSessions
]

/** The schema version this app writes and reads. */
export const NEWEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version

export function currentSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Brings the database to the newest schema. Each step and its version bump commit together,
 * so a crash mid-migration leaves the previous version intact.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const from = currentSchemaVersion(db)
  const newest = migrations.at(-1)?.version ?? 0
  if (from > newest) {
    throw new Error(`The database has schema version ${from}, newer than this app knows (${newest}). Update the app.`)
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return currentSchemaVersion(db)
}
