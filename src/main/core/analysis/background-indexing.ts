import type { InteractionIndexer } from './interaction-indexer'

/** Work per turn of the event loop, and the pause between turns, so ingest and the workspace keep going. */
const SLICE_MS = 25
const PAUSE_MS = 5
/** How often idle-time work (FTS catch-up) runs once start-up work is done. */
const IDLE_EVERY_MS = 5000
/** After a failed turn (the database busy or full), the same work is tried again this much later, doubling. */
const RETRY_FIRST_MS = 1000
const RETRY_MAX_MS = 60_000

/**
 * The indexer's work outside ingest, for the app: after start-up, batches stored but never indexed
 * (the app stopped before draining) are indexed, then sessions the index does not cover (recorded before
 * indexing existed, or indexed by an older INDEX_VERSION) are reindexed, one per turn, so an updated app
 * finds old recordings without anyone running `reindex`; afterwards the FTS indexes catch up every few
 * seconds, so searches find them ready. A failing turn never stops this: batches that break analysis are
 * quarantined by the indexer itself, and anything else (a busy or full database) is retried with backoff.
 * Returns a stop function that drains what is queued.
 */
export function startBackgroundIndexing(
  indexer: InteractionIndexer,
  log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)
): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let stale: string[] | null = null
  let reindexed = 0
  const later = (step: () => void, ms: number) => {
    timer = setTimeout(step, ms)
    timer.unref?.()
  }
  let retryMs = RETRY_FIRST_MS
  const guarded = (work: () => void, again: () => void) => {
    if (stopped) return
    try {
      work()
      retryMs = RETRY_FIRST_MS
    } catch (error) {
      if (!indexer.isOpen) return
      log(`search index: background indexing failed, retrying in ${retryMs / 1000} s: ${(error as Error).message}`)
      later(again, retryMs)
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2)
    }
  }
  const idle = (): void =>
    guarded(() => {
      indexer.index.syncFullText()
      later(idle, IDLE_EVERY_MS)
    }, idle)
  const reindexStale = (): void =>
    guarded(() => {
      stale ??= indexer.staleSessionIds()
      const started = performance.now()
      while (stale.length > 0 && performance.now() - started < SLICE_MS) {
        indexer.reindexSession(stale.shift()!)
        reindexed++
      }
      if (stale.length > 0) return later(reindexStale, PAUSE_MS)
      if (reindexed > 0) {
        indexer.index.dropOrphans()
        log(`search index: reindexed ${reindexed} sessions`)
      }
      later(idle, PAUSE_MS)
    }, reindexStale)
  const catchUp = (): void =>
    guarded(() => {
      if (indexer.catchUp(SLICE_MS) > 0) return later(catchUp, PAUSE_MS)
      later(reindexStale, PAUSE_MS)
    }, catchUp)
  later(catchUp, PAUSE_MS)
  return () => {
    stopped = true
    clearTimeout(timer)
    indexer.stop()
    try {
      indexer.drain()
    } catch (error) {
      log(`search index: could not index the last batches (the next start will): ${(error as Error).message}`)
    }
  }
}
