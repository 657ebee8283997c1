import type Database from 'better-sqlite3'
import type { ClientMeta, ImportedFrom } from '../../../shared/types'

/** Client facts derived at ingest (parsed user agent, socket IP). */
export interface ClientFacts {
  ip: string | null
  browserName: string | null
  browserVersion: string | null
  osName: string | null
  osVersion: string | null
  deviceType: string
}

/** Everything the ingest writes for one validated batch. */
export interface BatchRecord {
  sessionId: string
  seq: number
  segment: number
  receivedAt: number
  firstTs: number
  lastTs: number
  eventCount: number
  rawBytes: number
  data: Uint8Array
  meta: ClientMeta
  client: ClientFacts
  pages: { url: string; at: number }[]
}

/**
 * The ingest's writes: a session row (created by its first batch, totals updated by every batch), the
 * batch itself and the pages it saw. Statements are prepared once: the receiver writes for every POST.
 */
export class BatchWrites {
  private readonly statements

  constructor(db: Database.Database) {
    this.statements = {
      hasBatch: db.prepare<[string, number], { found: number }>(
        'SELECT 1 AS found FROM session_replay WHERE session_id = ? AND seq = ?'
      ),
      insertSession: db.prepare(`
        INSERT INTO sessions (id, first_seen_at, last_seen_at, started_at, ended_at, ip, user_agent,
          browser_name, browser_version, os_name, os_version, device_type, language, timezone,
          screen_width, screen_height, viewport_width, viewport_height, referrer, mask_level, config_json)
        VALUES (@id, @receivedAt, @receivedAt, @firstTs, @lastTs, @ip, @userAgent,
          @browserName, @browserVersion, @osName, @osVersion, @deviceType, @language, @timezone,
          @screenWidth, @screenHeight, @viewportWidth, @viewportHeight, @referrer, @maskLevel, @configJson)
        ON CONFLICT (id) DO NOTHING`),
      updateSessionTotals: db.prepare(`
        UPDATE sessions SET
          last_seen_at  = max(last_seen_at, @receivedAt),
          started_at    = min(started_at, @firstTs),
          ended_at      = max(ended_at, @lastTs),
          event_count   = event_count + @eventCount,
          batch_count   = batch_count + 1,
          segment_count = max(segment_count, @segment + 1),
          bytes_raw     = bytes_raw + @rawBytes,
          bytes_stored  = bytes_stored + @storedBytes
        WHERE id = @id`),
      insertBatch: db.prepare(`
        INSERT INTO session_replay (session_id, seq, segment, first_ts, last_ts, event_count, raw_bytes, received_at, data)
        VALUES (@sessionId, @seq, @segment, @firstTs, @lastTs, @eventCount, @rawBytes, @receivedAt, @data)`),
      insertPage: db.prepare('INSERT OR IGNORE INTO session_pages (session_id, segment, at, url) VALUES (?, ?, ?, ?)'),
      markImported: db.prepare(`
        UPDATE sessions SET import_json = @importJson,
          first_seen_at = coalesce(@firstSeenAt, first_seen_at), last_seen_at = coalesce(@lastSeenAt, last_seen_at)
        WHERE id = @id`),
      lastPageBefore: db.prepare<[string, number, number], { url: string }>(
        'SELECT url FROM session_pages WHERE session_id = ? AND segment = ? AND at <= ? ORDER BY at DESC LIMIT 1'
      )
    }
  }

  hasBatch(sessionId: string, seq: number): boolean {
    return this.statements.hasBatch.get(sessionId, seq) !== undefined
  }

  /**
   * Marks a session as imported from a file; `seen` restores the receive times an exported session had
   * (its batches were written with the import's time). Call inside the import's transaction.
   */
  markImported(sessionId: string, from: ImportedFrom, seen: { firstSeenAt: number; lastSeenAt: number } | null): void {
    this.statements.markImported.run({
      id: sessionId,
      importJson: JSON.stringify(from),
      firstSeenAt: seen?.firstSeenAt ?? null,
      lastSeenAt: seen?.lastSeenAt ?? null
    })
  }

  /** Writes one batch: session row (created on its first batch), batch row, pages. Call inside transaction(). */
  recordBatch(batch: BatchRecord): void {
    const { meta, client } = batch
    this.statements.insertSession.run({
      id: batch.sessionId,
      receivedAt: batch.receivedAt,
      firstTs: batch.firstTs,
      lastTs: batch.lastTs,
      ip: client.ip,
      userAgent: meta.userAgent,
      browserName: client.browserName,
      browserVersion: client.browserVersion,
      osName: client.osName,
      osVersion: client.osVersion,
      deviceType: client.deviceType,
      language: meta.language,
      timezone: meta.timezone,
      screenWidth: meta.screen.width,
      screenHeight: meta.screen.height,
      viewportWidth: meta.viewport.width,
      viewportHeight: meta.viewport.height,
      referrer: meta.referrer,
      maskLevel: meta.config.maskLevel,
      configJson: JSON.stringify(meta.config)
    })
    this.statements.updateSessionTotals.run({
      id: batch.sessionId,
      receivedAt: batch.receivedAt,
      firstTs: batch.firstTs,
      lastTs: batch.lastTs,
      eventCount: batch.eventCount,
      segment: batch.segment,
      rawBytes: batch.rawBytes,
      storedBytes: batch.data.byteLength
    })
    this.statements.insertBatch.run({
      sessionId: batch.sessionId,
      seq: batch.seq,
      segment: batch.segment,
      firstTs: batch.firstTs,
      lastTs: batch.lastTs,
      eventCount: batch.eventCount,
      rawBytes: batch.rawBytes,
      receivedAt: batch.receivedAt,
      data: batch.data
    })
    for (const page of batch.pages) {
      // rrweb repeats the Meta event with every periodic full snapshot (every 30 s): that is the same page
      // still, not a visit. A page counts when its URL differs from the one before it in the page load.
      const previous = this.statements.lastPageBefore.get(batch.sessionId, batch.segment, page.at)
      if (previous?.url !== page.url) this.statements.insertPage.run(batch.sessionId, batch.segment, page.at, page.url)
    }
  }
}
