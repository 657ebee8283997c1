// Display formatting for the workspace. Every formatter takes any number: values out of range (NaN,
// negative, 1e20 from a hostile batch) show as NO_VALUE, never throw (src/shared/display-values.ts).
import { isAmount, isDateValue, MAX_SHOWN_DURATION_MS, NO_VALUE } from '../../shared/display-values'

export { formatBytes } from '../../shared/display-values'

/**
 * Whole seconds of a duration or an offset: the one rounding rule of every duration the workspace shows
 * (list, replay header, player clock), down like a clock, so "5s" and "0:05" always agree.
 */
function wholeSeconds(ms: number): number {
  return Math.floor(Math.max(0, ms) / 1000)
}

export function formatDuration(ms: number): string {
  if (!isAmount(ms, MAX_SHOWN_DURATION_MS)) return NO_VALUE
  const seconds = wholeSeconds(ms)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}

// Formatters are built once: toLocaleString with options builds a new one per call (slow in long lists).
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit'
})
/** The list's start time: to the minute (the tooltip and the replay header have the seconds). */
const DAY_TIME = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit'
})
const FULL_DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
const INTEGER = new Intl.NumberFormat()

export function formatDateTime(epochMs: number): string {
  return isDateValue(epochMs) ? DATE_TIME.format(epochMs) : NO_VALUE
}

export function formatDayTime(epochMs: number): string {
  return isDateValue(epochMs) ? DAY_TIME.format(epochMs) : NO_VALUE
}

export function formatFullDateTime(epochMs: number): string {
  return isDateValue(epochMs) ? FULL_DATE_TIME.format(epochMs) : NO_VALUE
}

export function formatCount(count: number): string {
  return Number.isFinite(count) ? INTEGER.format(count) : NO_VALUE
}

/**
 * A URL as the list shows it: the host (which may shrink away) and the path with its query (the useful end,
 * kept when space runs out). "http://localhost:3000/shop/cart?x=1" → { host: "localhost:3000", path: "/shop/cart?x=1" }
 */
export function urlParts(url: string): { host: string; path: string } {
  try {
    const parsed = new URL(url)
    return { host: parsed.host, path: `${parsed.pathname}${parsed.search}${parsed.hash}` }
  } catch {
    return { host: '', path: url }
  }
}

/** "http://localhost:3000/shop/cart?x=1" → "localhost:3000/shop/cart" */
export function shortUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.host}${parsed.pathname}`
  } catch {
    return url
  }
}

/** A playhead position: "4:07", "1:02:09"; tenths with `precise` ("4:07.3"). Negative shows as 0:00. */
export function formatClock(ms: number, precise = false): string {
  if (Number.isNaN(ms) || ms > MAX_SHOWN_DURATION_MS) return NO_VALUE
  const safe = Math.max(0, ms)
  const totalSeconds = wholeSeconds(safe)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const tenths = precise ? `.${Math.floor((safe % 1000) / 100)}` : ''
  const mmss = `${hours ? String(minutes).padStart(2, '0') : minutes}:${String(seconds).padStart(2, '0')}${tenths}`
  return hours ? `${hours}:${mmss}` : mmss
}
