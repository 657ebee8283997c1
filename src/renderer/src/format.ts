// Display formatting for the workspace.
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export function formatDuration(ms: number): string {
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
  return DATE_TIME.format(epochMs)
}

export function formatCount(count: number): string {
  return INTEGER.format(count)
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

/** A playhead position: "4:07", "1:02:09"; tenths with `precise` ("4:07.3"). */
export function formatClock(ms: number, precise = false): string {
  const safe = Math.max(0, ms)
  const totalSeconds = Math.floor(safe / 1000)
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor((totalSeconds % 3600) / 60)
  const seconds = totalSeconds % 60
  const tenths = precise ? `.${Math.floor((safe % 1000) / 100)}` : ''
  const mmss = `${hours ? String(minutes).padStart(2, '0') : minutes}:${String(seconds).padStart(2, '0')}${tenths}`
  return hours ? `${hours}:${mmss}` : mmss
}
