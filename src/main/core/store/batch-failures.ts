import type Database from 'better-sqlite3'

/** A stage of processing a stored batch can fail in (migration 006; 'audit': the privacy audit). */
export type BatchStage = 'index' | 'compact' | 'audit'

export interface BatchFailure {
  sessionId: string
  seq: number
  stage: BatchStage
  error: string
  /** Server clock, epoch ms. */
  failedAt: number
  attempts: number
}

/** Longest error message kept: enough to say what broke, never a whole payload. */
const MAX_ERROR_LENGTH = 500

/**
 * Quarantined batches: a batch that broke a stage is recorded here and skipped by that stage from then on
 * (every other batch goes on, and a restart does not run into it again).
 */
export class BatchFailuresTable {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      record: db.prepare<[string, number, string, string, number]>(
        `INSERT INTO batch_failures (session_id, seq, stage, error, failed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, seq, stage) DO UPDATE SET error = excluded.error,
           failed_at = excluded.failed_at, attempts = attempts + 1`
      ),
      seqs: db.prepare<[string, string], { seq: number }>(
        'SELECT seq FROM batch_failures WHERE session_id = ? AND stage = ?'
      ),
      ofSession: db.prepare<[string], FailureRow>(
        'SELECT * FROM batch_failures WHERE session_id = ? ORDER BY seq, stage'
      ),
      all: db.prepare<[], FailureRow>('SELECT * FROM batch_failures ORDER BY failed_at DESC, session_id, seq')
    }
  }

  record(sessionId: string, seq: number, stage: BatchStage, error: string, now = Date.now()): void {
    this.statements.record.run(sessionId, seq, stage, error.slice(0, MAX_ERROR_LENGTH), now)
  }

  /** The seqs of a session's batches that `stage` skips. */
  seqs(sessionId: string, stage: BatchStage): Set<number> {
    return new Set(this.statements.seqs.all(sessionId, stage).map((row) => row.seq))
  }

  list(sessionId?: string): BatchFailure[] {
    const rows = sessionId === undefined ? this.statements.all.all() : this.statements.ofSession.all(sessionId)
    return rows.map((row) => ({
      sessionId: row.session_id,
      seq: row.seq,
      stage: row.stage as BatchStage,
      error: row.error,
      failedAt: row.failed_at,
      attempts: row.attempts
    }))
  }
}

interface FailureRow {
  session_id: string
  seq: number
  stage: string
  error: string
  failed_at: number
  attempts: number
}
