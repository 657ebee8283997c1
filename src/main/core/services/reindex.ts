import type { ReindexProgress, ReindexResult } from '../analysis/interaction-indexer'
import type { Logger } from '../log'
import type { Store } from '../store/store'
import { checkArgument, sessionIdSchema } from './api-dispatch'
import { createSearchIndexer } from './search-indexing'
import { requireSession } from './workspace-service'

/** Which sessions to rebuild: one, all, or (default) those the index does not cover at this version. */
export type ReindexScope = { sessionId: string } | { all: true } | { stale: true }

/**
 * Rebuilds the search index of the sessions in `scope`, one transaction each (one failing does not stop the
 * others); returns their ids and the ones that failed.
 */
export function reindexSessions(
  store: Store,
  logger: Logger,
  scope: ReindexScope,
  onProgress?: (progress: ReindexProgress) => void
): { ids: string[]; failed: ReindexResult['failed'] } {
  const indexer = createSearchIndexer(store, logger)
  let ids: string[]
  if ('sessionId' in scope) {
    const id = checkArgument('reindex', 'id', sessionIdSchema, scope.sessionId)
    requireSession(store, 'reindex', id)
    ids = [id]
  } else {
    ids = 'all' in scope ? indexer.index.allSessionIds() : indexer.staleSessionIds()
  }
  const { failed } = indexer.reindexSessions(ids, onProgress)
  return { ids, failed }
}
