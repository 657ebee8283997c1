import type { Store } from '../store/store'
import { cutoffForDays, DAY_MS } from '../store/retention'
import { logToStderr } from '../log'
import type { ChangeFeed } from './change-feed'

/** Deletes unpinned sessions last seen more than `days` days ago; tells the fronts; returns the ids. */
export function pruneOlderThan(store: Store, feed: ChangeFeed | undefined, days: number, now = Date.now()): string[] {
  const removed = store.pruneSessionsBefore(cutoffForDays(days, now))
  for (const sessionId of removed) feed?.publish({ kind: 'session-deleted', sessionId })
  return removed
}

export interface RetentionScheduleOptions {
  store: Store
  feed?: ChangeFeed
  /** Where a run that removed something is reported (default: stderr). */
  log?: (message: string) => void
  /** How often to apply the retention setting after the start-up run (default: daily). */
  intervalMs?: number
  now?: () => number
}

/** Applies the retention setting once; returns the removed ids ([] when retention is off). */
export function applyRetention(options: RetentionScheduleOptions): string[] {
  const { retentionDays } = options.store.getSettings()
  if (retentionDays === null) return []
  const removed = pruneOlderThan(options.store, options.feed, retentionDays, options.now?.() ?? Date.now())
  if (removed.length > 0) {
    const log = options.log ?? logToStderr
    log(
      `retention: pruned ${removed.length} unpinned session(s) last seen more than ${retentionDays} day(s) ago: ${removed.join(', ')}`
    )
  }
  return removed
}

/**
 * Applies retention now and then every `intervalMs` (daily). The setting is read on every run, so a
 * change takes effect at the next run. The timer is unref'd: it never keeps the process alive.
 * A failing run (e.g. the database busy for longer than busy_timeout) is logged and retried next time.
 */
export function startRetentionSchedule(options: RetentionScheduleOptions): { stop(): void } {
  const log = options.log ?? logToStderr
  const run = () => {
    try {
      applyRetention({ ...options, log })
    } catch (error) {
      log(`retention: pruning failed: ${(error as Error).message}`)
    }
  }
  run()
  const timer = setInterval(run, options.intervalMs ?? DAY_MS)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
