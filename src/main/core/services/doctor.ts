// `doctor`: what state a database file is in, read-only. Each part is read on its own, so a damaged page
// that breaks the counts still leaves the integrity report (the part that says what is wrong).
import { INDEX_VERSION } from '../analysis/interaction-indexer'
import type { DatabaseCounts, QuarantinedBatch } from '../store/database-health'
import { NEWEST_SCHEMA_VERSION } from '../store/migrations'
import type { Store } from '../store/store'

/** How far the search index is behind the stored recordings. */
export interface IndexStatus {
  /** Stored batches the index does not cover (indexed when the app runs, or by a search or `reindex`). */
  unindexedBatches: number
  /** Sessions never indexed, or by an older index version (`reindex` rebuilds them). */
  staleSessions: number
  /** Index rows not yet in the full-text indexes (the next search or idle moment adds them). */
  fullTextBehind: number
}

export function searchIndexStatus(store: Store): IndexStatus {
  return {
    unindexedBatches: store.health.unindexedBatches(INDEX_VERSION),
    staleSessions: store.searchIndex.countStale(INDEX_VERSION),
    fullTextBehind: store.health.fullTextBehind()
  }
}

/** True when every search would see every stored batch. */
export const indexIsCurrent = (status: IndexStatus): boolean =>
  status.unindexedBatches === 0 && status.staleSessions === 0 && status.fullTextBehind === 0

export interface DoctorReport {
  path: string
  /** SQLite's integrity_check: ["ok"] or what is damaged. */
  integrity: string[]
  ok: boolean
  schemaVersion: number
  /** The schema version this app writes; an older file is upgraded when the app (or a write command) opens it. */
  appSchemaVersion: number
  counts: DatabaseCounts | null
  quarantinedBatches: { total: number; first: QuarantinedBatch[] } | null
  index: IndexStatus | null
  /** Parts that could not be read, and why. */
  problems: string[]
}

/** Everything `doctor` prints; never writes. */
export function databaseReport(store: Store, path: string): DoctorReport {
  const problems: string[] = []
  const part = <T>(name: string, read: () => T): T | null => {
    try {
      return read()
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`)
      return null
    }
  }
  const integrity = part('integrity', () => store.health.integrityCheck()) ?? []
  const schemaVersion = store.health.schemaVersion()
  const report: DoctorReport = {
    path,
    integrity,
    ok: false,
    schemaVersion,
    appSchemaVersion: NEWEST_SCHEMA_VERSION,
    counts: part('counts', () => store.health.counts()),
    quarantinedBatches: part('quarantined batches', () => store.health.quarantinedBatches()),
    index: schemaVersion < NEWEST_SCHEMA_VERSION ? null : part('search index', () => searchIndexStatus(store)),
    problems
  }
  report.ok = integrity.length === 1 && integrity[0] === 'ok' && problems.length === 0
  return report
}
