// Table formatting for the CLI. Like the workspace's, every formatter takes any number and shows values out
// of range (NaN, negative, 1e20 from a hostile batch) as "?" instead of throwing.
import {
  formatBytes as formatSharedBytes,
  isAmount,
  isDateValue,
  MAX_SHOWN_DURATION_MS
} from '../../shared/display-values'

export { plural } from '../../shared/plural'

const UNKNOWN = '?'

/** 1234567 → "1.2 MB" */
export const formatBytes = (bytes: number): string => formatSharedBytes(bytes, UNKNOWN)

/** 83000 → "1m 23s" */
export function formatDuration(ms: number): string {
  if (!isAmount(ms, MAX_SHOWN_DURATION_MS)) return UNKNOWN
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`
}

/** Epoch ms → "2023-11-14 22:13:20" (UTC); "?" for a time outside what a Date can hold (a hostile recording). */
export function formatTimestamp(epochMs: number): string {
  return isDateValue(epochMs) ? new Date(epochMs).toISOString().replace('T', ' ').slice(0, 19) : UNKNOWN
}

/** "a long text" → "a long t…" when longer than `max`. */
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** Left-aligned columns separated by two spaces. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}
