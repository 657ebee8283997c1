// Sorting and filtering of the session list: pure functions, so 10,000 rows are filtered in one pass
// and the rules are testable without a DOM.
import type { SessionSummary } from '../../../shared/types'
import { browserLabel, osLabel } from '../../../shared/session-labels'

export type SortKey =
  | 'startedAt'
  | 'durationMs'
  | 'pages'
  | 'browser'
  | 'os'
  | 'device'
  | 'ip'
  | 'eventCount'
  | 'bytesStored'
  | 'issues'
  | 'pinned'

/** Columns that sort biggest/newest first when first clicked (the others A→Z). */
export const DESCENDING_FIRST: ReadonlySet<SortKey> = new Set([
  'startedAt',
  'durationMs',
  'eventCount',
  'bytesStored',
  'issues',
  'pinned'
])

export interface SortState {
  key: SortKey
  descending: boolean
}

export interface SessionFilter {
  /** Words that must all appear in the URLs, browser, OS, IP or pin name (case-insensitive). */
  text: string
  /** Inclusive day range on the start time, as `YYYY-MM-DD` in local time ('' = open). */
  from: string
  to: string
  pinnedOnly: boolean
  /** Only sessions in which the privacy audit found something. */
  withFindings: boolean
}

export const EMPTY_FILTER: SessionFilter = { text: '', from: '', to: '', pinnedOnly: false, withFindings: false }

function sortValue(session: SessionSummary, key: SortKey): string | number {
  switch (key) {
    case 'pages':
      return session.urls[0] ?? ''
    case 'browser':
      return browserLabel(session).toLowerCase()
    case 'os':
      return osLabel(session).toLowerCase()
    case 'device':
      return session.device.type
    case 'ip':
      return session.ip ?? ''
    case 'issues':
      return session.errorCount + session.rageCount + (session.findings ?? 0)
    case 'pinned':
      return session.pinned ? 1 : 0
    default:
      return session[key]
  }
}

/** The day range cannot match anything: its From day is after its To day. */
export function isInvertedRange(filter: SessionFilter): boolean {
  const from = dayStart(filter.from)
  const to = dayStart(filter.to)
  return from !== null && to !== null && from > to
}

/** Local midnight of a `YYYY-MM-DD` day (plus `addDays`), or null when the input is empty or malformed. */
export function dayStart(day: string, addDays = 0): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return null
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).getTime()
}

function haystack(session: SessionSummary): string {
  return [...session.urls, browserLabel(session), osLabel(session), session.ip ?? '', session.pinName ?? '']
    .join('\n')
    .toLowerCase()
}

export function filterSessions(sessions: readonly SessionSummary[], filter: SessionFilter): SessionSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean)
  const from = dayStart(filter.from)
  // The `to` day is inclusive: stop at the next local midnight (DST-safe, unlike adding 24 h).
  const to = dayStart(filter.to, 1)
  return sessions.filter((session) => {
    if (filter.pinnedOnly && !session.pinned) return false
    if (filter.withFindings && !session.findings) return false
    if (from !== null && session.startedAt < from) return false
    if (to !== null && session.startedAt >= to) return false
    if (words.length) {
      const text = haystack(session)
      if (!words.every((word) => text.includes(word))) return false
    }
    return true
  })
}

export function sortSessions(sessions: SessionSummary[], sort: SortState): SessionSummary[] {
  const direction = sort.descending ? -1 : 1
  return sessions.sort((a, b) => {
    const left = sortValue(a, sort.key)
    const right = sortValue(b, sort.key)
    const order =
      typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right))
    // Ties: newest first, so the order is stable across live refreshes.
    return order * direction || b.startedAt - a.startedAt
  })
}
