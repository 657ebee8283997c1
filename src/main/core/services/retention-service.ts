import { plural } from '../../../shared/plural'
import { intervalDisposable, type Disposable } from '../disposable'
import type { Logger } from '../log'
import type { Store } from '../store/store'
import { cutoffForDays, DAY_MS } from '../store/retention'
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
  /** Where a run that removed something (or failed) is reported. */
  logger: Logger
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
    options.logger.info(
      `retention: pruned ${plural(removed.length, 'unpinned session')} last seen more than ${plural(retentionDays, 'day')} ago: ${removed.join(', ')}`
    )
  }
  return removed
}

/**
 * Applies retention now and then every `intervalMs` (daily). The setting is read on every run, so a
 * change takes effect at the next run. The timer is unref'd: it never keeps the process alive.
 * A failing run (e.g. the database busy for longer than busy_timeout) is logged and retried next time.
 */
export function startRetentionSchedule(options: RetentionScheduleOptions): Disposable {
  const run = () => {
    try {
      applyRetention(options)
    } catch (error) {
      options.logger.warn(`retention: pruning failed: ${(error as Error).message}`)
    }
  }
  run()
  return intervalDisposable(run, options.intervalMs ?? DAY_MS)
}
