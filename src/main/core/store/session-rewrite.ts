import type Database from 'better-sqlite3'

// Rewriting a stored session for redaction (services/redaction-service.ts): its batches replaced by
// redacted ones (stored compacted), or copied under a new id; and afterwards, for an in-place redaction,
// the database file scrubbed so no byte of the old content survives in freed pages or the write-ahead log.

/** A batch as redaction writes it back: the same place in the session, new bytes. */
export interface RewrittenBatch {
  seq: number
  data: Buffer
}

export interface RewrittenPage {
  segment: number
  at: number
  url: string
}

export interface ScrubResult {
  /** Whether the write-ahead log was checkpointed and truncated to zero bytes. */
  walTruncated: boolean
}

export class SessionRewrites {
  private readonly statements

  constructor(private readonly db: Database.Database) {
    this.statements = {
      replaceBatch: db.prepare<[Buffer, string, number]>(
        'UPDATE session_replay SET data = ?, compacted = 1 WHERE session_id = ? AND seq = ?'
      ),
      clearPages: db.prepare<[string]>('DELETE FROM session_pages WHERE session_id = ?'),
      insertPage: db.prepare<[string, number, number, string]>(
        'INSERT OR IGNORE INTO session_pages (session_id, segment, at, url) VALUES (?, ?, ?, ?)'
      ),
      setReferrerAndSize: db.prepare<[string, string]>(
        `UPDATE sessions SET referrer = ?,
           bytes_stored = (SELECT coalesce(sum(length(data)), 0) FROM session_replay r WHERE r.session_id = sessions.id)
         WHERE id = ?`
      ),
      copySession: db.prepare<[string, number, string]>(
        `INSERT INTO sessions (id, first_seen_at, last_seen_at, started_at, ended_at, ip, user_agent, browser_name,
           browser_version, os_name, os_version, device_type, language, timezone, screen_width, screen_height,
           viewport_width, viewport_height, referrer, mask_level, config_json, event_count, batch_count,
           segment_count, bytes_raw, bytes_stored)
         SELECT ?, ?, last_seen_at, started_at, ended_at, ip, user_agent, browser_name, browser_version, os_name,
           os_version, device_type, language, timezone, screen_width, screen_height, viewport_width, viewport_height,
           '', mask_level, config_json, event_count, batch_count, segment_count, bytes_raw, 0
         FROM sessions WHERE id = ?`
      ),
      copyBatch: db.prepare<[string, Buffer, string, number]>(
        `INSERT INTO session_replay (session_id, seq, segment, first_ts, last_ts, event_count, raw_bytes, received_at,
           data, compacted)
         SELECT ?, seq, segment, first_ts, last_ts, event_count, raw_bytes, received_at, ?, 1
         FROM session_replay WHERE session_id = ? AND seq = ?`
      )
    }
  }

  /** Replaces the session's stored bytes, pages and referrer. Call inside the store's transaction. */
  replace(
    sessionId: string,
    batches: readonly RewrittenBatch[],
    pages: readonly RewrittenPage[],
    referrer: string
  ): void {
    for (const batch of batches) this.statements.replaceBatch.run(batch.data, sessionId, batch.seq)
    this.writePages(sessionId, pages)
    this.statements.setReferrerAndSize.run(referrer, sessionId)
  }

  /** A new session `copyId` with the rows of `sessionId` and the given bytes. Call inside a transaction. */
  copy(
    sessionId: string,
    copyId: string,
    batches: readonly RewrittenBatch[],
    pages: readonly RewrittenPage[],
    referrer: string,
    now = Date.now()
  ): void {
    this.statements.copySession.run(copyId, now, sessionId)
    for (const batch of batches) this.statements.copyBatch.run(copyId, batch.data, sessionId, batch.seq)
    this.writePages(copyId, pages)
    this.statements.setReferrerAndSize.run(referrer, copyId)
  }

  private writePages(sessionId: string, pages: readonly RewrittenPage[]): void {
    this.statements.clearPages.run(sessionId)
    for (const page of pages) this.statements.insertPage.run(sessionId, page.segment, page.at, page.url)
  }

  /**
   * Leaves no byte of deleted or overwritten content in the file: the full-text indexes are merged (deleted
   * entries dropped), the write-ahead log checkpointed into the main file and truncated, the main file
   * rebuilt by VACUUM (free pages and the free space inside pages are gone with it), and the log truncated
   * again. Outside any transaction; another process reading at that moment can keep the log from emptying
   * (walTruncated: false; running it again finishes the job).
   */
  scrubFile(): ScrubResult {
    this.db.exec(`INSERT INTO search_text_fts (search_text_fts) VALUES ('optimize');
      INSERT INTO search_path_tokens (search_path_tokens) VALUES ('optimize');`)
    this.checkpoint()
    this.db.exec('VACUUM')
    return { walTruncated: this.checkpoint() }
  }

  private checkpoint(): boolean {
    const [row] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[]
    return row !== undefined && row.busy === 0 && row.log <= 0
  }

  /** Runs `work` with secure_delete on: what it deletes or overwrites is zeroed in the file, not just freed. */
  withSecureDelete<T>(work: () => T): T {
    const previous = this.db.pragma('secure_delete', { simple: true }) as number
    this.db.pragma('secure_delete = ON')
    try {
      return work()
    } finally {
      this.db.pragma(`secure_delete = ${previous}`)
    }
  }
}
