import { InteractionIndexer } from '../analysis/interaction-indexer'
import type { Logger } from '../log'
import type { Store } from '../store/store'

/**
 * The search indexer over a store: the one place that hands it the connection itself (until the indexer
 * takes the Store and its transaction helpers). The app, `search` and `reindex` all build it here.
 */
export function createSearchIndexer(
  store: Store,
  logger: Logger,
  timing?: { quietMs?: number; maxDelayMs?: number }
): InteractionIndexer {
  const indexer = new InteractionIndexer(store.db, timing)
  indexer.onError = (message) => logger.warn(`search index: ${message}`)
  return indexer
}
