import type Database from 'better-sqlite3'
import type { BatchFailure, BatchFailureStage } from '../../../shared/types'

/** Long messages (a stack, a hostile string) are cut: the row says what failed, it is no log. */
const MAX_ERROR_CHARS = 2000

interface FailureRow {
  session_id: string
  seq: number
  stage: BatchFailureStage
  error: string
  failed_at: number
  attempts: number
}

const toFailure = (row: FailureRow): BatchFailure => ({
  sessionId: row.session_id,
  seq: row.seq,
  stage: row.stage,
  error: row.error,
  at: row.failed_at,
  attempts: row.attempts
})

/** The `batch_failures` table (migration 6): per batch and stage, the last error and how often it failed. */
export class BatchFailuresTable {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      // Only for a session that still exists: a batch deleted while it was being worked on leaves no row.
      record: db.prepare<[string, number, string, string, number, string], { attempts: number }>(`
        INSERT INTO batch_failures (session_id, seq, stage, error, failed_at, attempts)
        SELECT ?, ?, ?, ?, ?, 1 WHERE EXISTS (SELECT 1 FROM sessions WHERE id = ?)
        ON CONFLICT (session_id, seq, stage) DO UPDATE SET
          error = excluded.error, failed_at = excluded.failed_at, attempts = attempts + 1
        RETURNING attempts`),
      clear: db.prepare<[string, number, string]>(
        'DELETE FROM batch_failures WHERE session_id = ? AND seq = ? AND stage = ?'
      ),
      seqs: db.prepare<[string, string], { seq: number }>(
        'SELECT seq FROM batch_failures WHERE session_id = ? AND stage = ?'
      ),
      ofSession: db.prepare<[string], FailureRow>(
        'SELECT * FROM batch_failures WHERE session_id = ? ORDER BY seq, stage'
      ),
      all: db.prepare<[], FailureRow>('SELECT * FROM batch_failures ORDER BY session_id, seq, stage')
    }
  }

  /** Records one more failure of `stage` on the batch; returns its attempts so far (0: the session is gone). */
  record(sessionId: string, seq: number, stage: BatchFailureStage, message: string, now = Date.now()): number {
    const error = message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS - 1)}…` : message
    return this.statements.record.get(sessionId, seq, stage, error, now, sessionId)?.attempts ?? 0
  }

  /** The work succeeded after all: the batch is no longer flagged for that stage. */
  clear(sessionId: string, seq: number, stage: BatchFailureStage): void {
    this.statements.clear.run(sessionId, seq, stage)
  }

  /** The seqs of a session's batches that `stage` skips (quarantined). */
  seqs(sessionId: string, stage: BatchFailureStage): Set<number> {
    return new Set(this.statements.seqs.all(sessionId, stage).map((row) => row.seq))
  }

  /** One session's failures, or every session's. */
  list(sessionId?: string): BatchFailure[] {
    const rows = sessionId === undefined ? this.statements.all.all() : this.statements.ofSession.all(sessionId)
    return rows.map(toFailure)
  }
}
