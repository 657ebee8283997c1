import type { InteractionIndexer } from './interaction-indexer'

/** Pause between two sessions, so ingest and the workspace keep getting their turns. */
const PAUSE_MS = 5

/**
 * Brings sessions the index does not cover (recorded before indexing existed, or indexed by an older
 * INDEX_VERSION) up to date in the background after start-up, one session per transaction, so an updated
 * app finds old recordings without anyone running `reindex`. Returns a stop function.
 */
export function reindexStaleInBackground(
  indexer: InteractionIndexer,
  log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)
): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending: string[] | null = null
  let done = 0
  const step = () => {
    if (stopped) return
    try {
      pending ??= indexer.staleSessionIds()
      const sessionId = pending.shift()
      if (sessionId === undefined) {
        if (done > 0) {
          indexer.index.dropOrphans()
          log(`search index: reindexed ${done} sessions`)
        }
        return
      }
      indexer.reindexSession(sessionId)
      done++
    } catch (error) {
      // A session deleted meanwhile, or the store closing: try again at the next start.
      log(`search index: background reindex stopped: ${(error as Error).message}`)
      return
    }
    timer = setTimeout(step, PAUSE_MS)
    timer.unref?.()
  }
  timer = setTimeout(step, PAUSE_MS)
  timer.unref?.()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
