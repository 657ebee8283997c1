import { DisposableStack, intervalDisposable, type Disposable } from '../disposable'
import type { Logger } from '../log'
import type { Store } from '../store/store'
import type { ChangeFeed } from './change-feed'

/** How often the app looks for commits by other processes: the workspace promises changes within 1 s. */
const CHECK_EVERY_MS = 500

/**
 * Announces on the feed what other processes changed in the database: `npm run cli -- delete/prune/pin`
 * (or a second app on the same file) writes through its own connection, so none of this process's
 * notices fire, and an open workspace kept showing a deleted session. SQLite's data_version tells,
 * cheaply, that another connection committed; only then are the sessions compared with the last look,
 * and each one gone or changed is announced like the app's own changes.
 *
 * The last look does not know sessions this process created since (its own commits leave data_version
 * alone), so the sessions its own notices named count as known too: a session recorded after the last
 * look and then deleted by the CLI is announced as deleted. The comparison also sees this process's own
 * changes since the last look; announcing those again is harmless (the workspace coalesces notices).
 */
export function watchExternalChanges(
  store: Store,
  feed: ChangeFeed,
  logger: Logger,
  options: { intervalMs?: number } = {}
): Disposable {
  let version = store.dataVersion()
  let known = store.sessionSignatures()
  const touched = new Set<string>()
  const check = () => {
    try {
      const now = store.dataVersion()
      if (now === version) return
      version = now
      const current = store.sessionSignatures()
      for (const sessionId of new Set([...known.keys(), ...touched])) {
        if (!current.has(sessionId)) feed.publish({ kind: 'session-deleted', sessionId })
      }
      for (const [sessionId, signature] of current) {
        if (known.get(sessionId) !== signature) feed.publish({ kind: 'session-updated', sessionId })
      }
      known = current
      touched.clear()
    } catch (error) {
      // The store closing under a last tick, or busy: the next tick looks again.
      logger.warn(`could not check for changes by other processes: ${(error as Error).message}`)
    }
  }
  const running = new DisposableStack()
  running.add(feed.subscribe((notice) => notice.kind === 'session-updated' && touched.add(notice.sessionId)))
  running.add(intervalDisposable(check, options.intervalMs ?? CHECK_EVERY_MS))
  return running
}
