export { plural } from '../../shared/plural'

/** 1234567 → "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?'
  if (bytes < 1024) return `${bytes} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

/** 83000 → "1m 23s" */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?'
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`
}

/** Epoch ms → "2023-11-14 22:13:20" (UTC); "?" for a time outside what a Date can hold (a hostile recording). */
export function formatTimestamp(ms: number): string {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? '?' : date.toISOString().replace('T', ' ').slice(0, 19)
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
