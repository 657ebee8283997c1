import type { AuditIndexer } from './audit-indexer'

/** Work per turn of the event loop, and the pause between turns, so ingest and the workspace keep going. */
const SLICE_MS = 25
const PAUSE_MS = 5
/** How often idle sessions' open typing bursts are read once start-up work is done. */
const IDLE_EVERY_MS = 5000
const RETRY_FIRST_MS = 1000
const RETRY_MAX_MS = 60_000

/**
 * The audit's work outside ingest, for the app: sessions the audit index does not cover (stored while the
 * app was not running, recorded before the audit existed, audited by an older AUDIT_VERSION) are audited
 * from the store a slice at a time after start-up; afterwards idle sessions' open typing bursts are read
 * every few seconds. A failing turn is retried with backoff (batches that break analysis are quarantined by
 * the auditor itself). Returns a stop function that audits what is queued.
 */
export function startBackgroundAudit(
  auditor: AuditIndexer,
  log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)
): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let retryMs = RETRY_FIRST_MS
  const later = (step: () => void, ms: number) => {
    timer = setTimeout(step, ms)
    timer.unref?.()
  }
  const turn = (): void => {
    if (stopped) return
    try {
      if (auditor.catchUp(SLICE_MS) > 0) return later(turn, PAUSE_MS)
      auditor.peekIdle()
      retryMs = RETRY_FIRST_MS
      later(turn, IDLE_EVERY_MS)
    } catch (error) {
      if (!auditor.store.isOpen) return
      log(`privacy audit: background audit failed, retrying in ${retryMs / 1000} s: ${(error as Error).name}`)
      later(turn, retryMs)
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2)
    }
  }
  later(turn, PAUSE_MS)
  return () => {
    stopped = true
    clearTimeout(timer)
    auditor.stop()
    try {
      auditor.drain()
    } catch (error) {
      log(`privacy audit: could not audit the last batches (the next start will): ${(error as Error).name}`)
    }
  }
}
