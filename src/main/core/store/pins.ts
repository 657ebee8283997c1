import type Database from 'better-sqlite3'
import type { PinInfo } from '../../../shared/types'

interface PinRow {
  name: string
  note: string
  saved_at: number
}

const toPinInfo = (row: PinRow): PinInfo => ({ name: row.name, note: row.note, savedAt: row.saved_at })

/** Pinned ("saved") sessions: table session_replay_saved, one row per pinned session. */
export class PinsTable {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      sessionExists: db.prepare<[string], { found: number }>('SELECT 1 AS found FROM sessions WHERE id = ?'),
      // Re-pinning edits name and note but keeps saved_at: "saved at" is when the session was first kept.
      upsert: db.prepare<[string, string, string, number], PinRow>(`
        INSERT INTO session_replay_saved (session_id, name, note, saved_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (session_id) DO UPDATE SET name = excluded.name, note = excluded.note
        RETURNING name, note, saved_at`),
      remove: db.prepare<[string]>('DELETE FROM session_replay_saved WHERE session_id = ?'),
      get: db.prepare<[string], PinRow>('SELECT name, note, saved_at FROM session_replay_saved WHERE session_id = ?')
    }
  }

  /**
   * Pins a session (or edits its pin). Returns null when the session does not exist. The existence
   * check and the insert are one statement pair inside the caller's transaction, so a concurrent
   * delete cannot leave a pin without its session (the foreign key would refuse it anyway).
   */
  pin(sessionId: string, name: string, note: string, now: number): PinInfo | null {
    if (!this.statements.sessionExists.get(sessionId)) return null
    return toPinInfo(this.statements.upsert.get(sessionId, name, note, now)!)
  }

  /** true when a pin was removed. */
  unpin(sessionId: string): boolean {
    return this.statements.remove.run(sessionId).changes > 0
  }

  get(sessionId: string): PinInfo | null {
    const row = this.statements.get.get(sessionId)
    return row ? toPinInfo(row) : null
  }
}
