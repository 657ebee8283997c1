// Display formatting for the workspace. Every formatter takes any number: values out of range (NaN,
// negative, 1e20 from a hostile batch) show as NO_VALUE, never throw (src/shared/display-values.ts).
import { isAmount, isDateValue, MAX_SHOWN_DURATION_MS, NO_VALUE } from '../../shared/display-values'

export { formatBytes } from '../../shared/display-values'

export function formatDuration(ms: number): string {
  if (!isAmount(ms, MAX_SHOWN_DURATION_MS)) return NO_VALUE
  const seconds = Math.round(ms / 1000)
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
const INTEGER = new Intl.NumberFormat()

export function formatDateTime(epochMs: number): string {
  return isDateValue(epochMs) ? DATE_TIME.format(epochMs) : NO_VALUE
}

export function formatCount(count: number): string {
  return Number.isFinite(count) ? INTEGER.format(count) : NO_VALUE
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
  const totalSeconds = Math.floor(safe / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const tenths = precise ? `.${Math.floor((safe % 1000) / 100)}` : ''
  const mmss = `${hours ? String(minutes).padStart(2, '0') : minutes}:${String(seconds).padStart(2, '0')}${tenths}`
  return hours ? `${hours}:${mmss}` : mmss
}
