import { InteractionIndexer } from '../analysis/interaction-indexer'
import type { Logger } from '../log'
import type { Store } from '../store/store'

/** The search indexer over a store, reporting to the logger: the app, `search` and `reindex` build it here. */
export function createSearchIndexer(
  store: Store,
  logger: Logger,
  timing?: { quietMs?: number; maxDelayMs?: number }
): InteractionIndexer {
  const indexer = new InteractionIndexer(store, timing)
  indexer.onError = (message) => logger.warn(`search index: ${message}`)
  return indexer
}
