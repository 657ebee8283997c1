import type { SearchResult } from '../../../shared/types'
import { QueryError } from '../analysis/query-parser'
import { SearchService } from '../analysis/search-service'
import type { Store } from '../store/store'
import { ApiArgumentError } from './api-dispatch'

/**
 * The API's searchSessions (`prepare` brings the index up to date first: the app drains its indexer): an invalid query is a bad argument (HTTP 400 / a rejected IPC call) whose
 * message says what is wrong and at which column, so the workspace can show it under the search box.
 */
export function createSearchOperation(
  store: Store,
  prepare?: (query: string) => void
): (query: string) => Promise<SearchResult[]> {
  let service: SearchService | null = null
  return async (query) => {
    service ??= new SearchService(store.db, { prepare })
    try {
      return service.search(query)
    } catch (error) {
      if (error instanceof QueryError) throw new ApiArgumentError(error.message)
      throw error
    }
  }
}
