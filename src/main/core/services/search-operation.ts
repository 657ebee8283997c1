import { BadArgumentError } from '../../../shared/api-errors'
import type { SearchResult } from '../../../shared/types'
import { QueryError } from '../analysis/query-parser'
import { SearchService } from '../analysis/search-service'
import type { Store } from '../store/store'

/**
 * The API's searchSessions (`prepare` brings the index up to date first: the app drains its indexer, the
 * CLI catches up with what the app stored). An invalid query is a bad argument (HTTP 400, a
 * BadArgumentError over IPC) whose message says what is wrong and at which column, so the workspace can
 * show it under the search box; the QueryError stays its cause (the CLI draws a caret under the column).
 */
export function createSearchOperation(
  store: Store,
  prepare?: (query: string) => void
): (query: string) => Promise<SearchResult[]> {
  let service: SearchService | null = null
  return async (query) => {
    service ??= new SearchService(store, { prepare })
    try {
      return service.search(query)
    } catch (error) {
      if (error instanceof QueryError) throw new BadArgumentError(error.message, { cause: error })
      throw error
    }
  }
}
