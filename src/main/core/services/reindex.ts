import type { ReindexProgress } from '../analysis/interaction-indexer'
import type { Logger } from '../log'
import type { Store } from '../store/store'
import { checkArgument, sessionIdSchema } from './api-dispatch'
import { createSearchIndexer } from './search-indexing'
import { requireSession } from './workspace-service'

/** Which sessions to rebuild: one, all, or (default) those the index does not cover at this version. */
export type ReindexScope = { sessionId: string } | { all: true } | { stale: true }

/** Rebuilds the search index of the sessions in `scope`, one transaction each; returns their ids. */
export function reindexSessions(
  store: Store,
  logger: Logger,
  scope: ReindexScope,
  onProgress?: (progress: ReindexProgress) => void
): string[] {
  const indexer = createSearchIndexer(store, logger)
  let ids: string[]
  if ('sessionId' in scope) {
    const id = checkArgument('reindex', 'id', sessionIdSchema, scope.sessionId)
    requireSession(store, 'reindex', id)
    ids = [id]
  } else {
    ids = 'all' in scope ? indexer.index.allSessionIds() : indexer.staleSessionIds()
  }
  indexer.reindexSessions(ids, onProgress)
  return ids
}
