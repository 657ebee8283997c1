import type { DeviceType, ImportedFrom, MaskLevel, RecorderConfig, SessionSummary } from '../../../shared/types'

/** A `sessions` row as SQLite returns it (snake_case columns) plus the joined extras. */
export interface SessionRow {
  id: string
  first_seen_at: number
  last_seen_at: number
  started_at: number
  ended_at: number
  ip: string | null
  user_agent: string
  browser_name: string | null
  browser_version: string | null
  os_name: string | null
  os_version: string | null
  device_type: string
  language: string
  timezone: string
  screen_width: number
  screen_height: number
  viewport_width: number
  viewport_height: number
  referrer: string
  mask_level: string
  config_json: string
  event_count: number
  batch_count: number
  segment_count: number
  bytes_raw: number
  bytes_stored: number
  /** JSON array of page URLs in order (json_group_array in the list query). */
  urls_json: string | null
  pinned: number
  pin_name: string | null
  error_count: number
  rage_count: number
  /** Findings of the privacy audit (null: not audited yet). */
  finding_count: number | null
  /** ImportedFrom as JSON (migration 9); null for a recorded session. */
  import_json: string | null
}

export function toSessionSummary(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    durationMs: Math.max(0, row.ended_at - row.started_at),
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    eventCount: row.event_count,
    batchCount: row.batch_count,
    segmentCount: row.segment_count,
    bytesStored: row.bytes_stored,
    bytesRaw: row.bytes_raw,
    ip: row.ip,
    userAgent: row.user_agent,
    browser: { name: row.browser_name, version: row.browser_version },
    os: { name: row.os_name, version: row.os_version },
    device: { type: row.device_type as DeviceType },
    language: row.language,
    timezone: row.timezone,
    screen: { width: row.screen_width, height: row.screen_height },
    viewport: { width: row.viewport_width, height: row.viewport_height },
    referrer: row.referrer,
    urls: row.urls_json ? (JSON.parse(row.urls_json) as string[]) : [],
    maskLevel: row.mask_level as MaskLevel,
    pinned: row.pinned === 1,
    pinName: row.pin_name,
    errorCount: row.error_count,
    rageCount: row.rage_count,
    findings: row.finding_count ?? null,
    imported: row.import_json ? (JSON.parse(row.import_json) as ImportedFrom) : null
  }
}

export function parseConfig(row: SessionRow): RecorderConfig {
  return JSON.parse(row.config_json) as RecorderConfig
}
