import type Database from 'better-sqlite3'
import type { Transactions } from './transactions'

export const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Deleting sessions, one by one or by age. A session's rows (batches, pages, pin, and any derived
 * index table) hang off sessions(id) with ON DELETE CASCADE, so deleting the sessions row inside one
 * transaction removes everything or nothing. Tables added later must declare the same cascade.
 */
export class RetentionQueries {
  private readonly statements

  constructor(
    db: Database.Database,
    private readonly transactions: Transactions
  ) {
    this.statements = {
      deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE id = ?'),
      remember: db.prepare<[string, number]>(
        'INSERT OR REPLACE INTO deleted_sessions (session_id, deleted_at) VALUES (?, ?)'
      ),
      wasDeleted: db.prepare<[string], { found: number }>(
        'SELECT 1 AS found FROM deleted_sessions WHERE session_id = ?'
      ),
      // search_paths rows are shared by every session that clicked the same element path, so they cannot
      // cascade; but a path names attributes (href, data-*) that may carry personal data, so it goes
      // with the last session that referred to it.
      pathsOf: db.prepare<[string], { id: number }>(
        'SELECT DISTINCT path_id AS id FROM search_events WHERE session_id = ? AND path_id IS NOT NULL'
      ),
      dropPathIfUnused: db.prepare<[number, number]>(
        'DELETE FROM search_paths WHERE id = ? AND NOT EXISTS (SELECT 1 FROM search_events WHERE path_id = ?)'
      ),
      // Age is measured on the server clock (when the last batch arrived), never on event timestamps:
      // a client whose clock is years behind must not get a session it is still recording pruned at once.
      prunable: db.prepare<[number], { id: string }>(`
        SELECT s.id FROM sessions s
        WHERE s.last_seen_at < ?
          AND NOT EXISTS (SELECT 1 FROM session_replay_saved v WHERE v.session_id = s.id)
        ORDER BY s.last_seen_at, s.id`)
    }
  }

  /** true when the session existed. */
  deleteSession(sessionId: string): boolean {
    return this.transactions.immediate(() => this.deleteOne(sessionId))
  }

  /** Whether the session was deleted (or pruned): the receiver refuses its later batches. */
  wasDeleted(sessionId: string): boolean {
    return this.statements.wasDeleted.get(sessionId) !== undefined
  }

  /**
   * The session row (its own rows cascade) and the shared search paths only it referred to; the id is
   * remembered as deleted in the same transaction.
   */
  private deleteOne(sessionId: string): boolean {
    const paths = this.statements.pathsOf.all(sessionId)
    const existed = this.statements.deleteSession.run(sessionId).changes > 0
    for (const { id } of paths) this.statements.dropPathIfUnused.run(id, id)
    if (existed) this.statements.remember.run(sessionId, Date.now())
    return existed
  }

  /** Unpinned sessions whose last batch arrived before `cutoff` (epoch ms, server clock), oldest first. */
  prunableBefore(cutoff: number): string[] {
    return this.statements.prunable.all(cutoff).map((row) => row.id)
  }

  /**
   * Deletes the unpinned sessions last seen before `cutoff` and returns their ids. Selection and
   * deletion share one IMMEDIATE transaction, so a pin (or a batch that makes the session recent)
   * commits either before it, and the session is kept, or after it.
   */
  pruneBefore(cutoff: number): string[] {
    return this.transactions.immediate(() => {
      const ids = this.prunableBefore(cutoff)
      for (const id of ids) this.deleteOne(id)
      return ids
    })
  }
}

/** The cutoff for "older than `days` days" at `now`. */
export const cutoffForDays = (days: number, now: number): number => now - days * DAY_MS
