// Which numbers from stored data can be shown. Any web page can send a batch, and older versions stored
// what passed their checks, so a timestamp can be 1e20 and a size negative: formatters show NO_VALUE for
// those instead of throwing (Date's RangeError once blanked the whole workspace).

/** What the workspace shows for a value that cannot be shown. */
export const NO_VALUE = '—'

/** The largest time a Date can hold (±100,000,000 days around 1970). */
const MAX_DATE_MS = 8.64e15

/** A time Date can format. */
export function isDateValue(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS
}

/** A count, size or duration: finite, not negative, at most `max` (exact integers by default). */
export function isAmount(value: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isFinite(value) && value >= 0 && value <= max
}

/** Longer than this is no session: a duration past it is a broken clock, shown as NO_VALUE. */
export const MAX_SHOWN_DURATION_MS = 100 * 365 * 24 * 60 * 60 * 1000

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB']

/** 1234567 → "1.2 MB"; `unknown` for what is not a size. The workspace and the CLI show sizes alike. */
export function formatBytes(bytes: number, unknown = NO_VALUE): string {
  if (!isAmount(bytes)) return unknown
  if (bytes < 1024) return `${bytes} B`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${BYTE_UNITS[unit]}`
}
