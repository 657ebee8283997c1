import type { WorkspaceApi } from '../../../shared/api'
import type { AppInfo } from '../../../shared/types'
import type { Store } from '../store/store'
import { ApiArgumentError, noSession } from './api-dispatch'
import type { ChangeFeed } from './change-feed'
import { createDiffOperations } from './diff-service'
import { pruneOlderThan } from './retention-service'
import { createSearchOperation } from './search-operation'

/**
 * The operations the workspace may call, composed from the store. Every front exposes exactly these.
 * Changes are published on `feed` so every open workspace updates live.
 */
export function createWorkspaceService(
  store: Store,
  appInfo: () => AppInfo,
  feed?: ChangeFeed,
  search?: { prepare?: () => void }
): WorkspaceApi {
  /** Why a chunk request found nothing: an unknown session, or an index past its chunks. */
  const noChunk = (operation: string, id: string, what: string): never => {
    const outline = store.getSessionOutline(id)
    if (!outline) throw noSession(operation, id)
    throw new ApiArgumentError(`${operation}: session ${id} has ${outline.chunks.length} chunks, ${what}`)
  }

  return {
    getAppInfo: async () => appInfo(),
    listSessions: async () => store.listSessions(),
    getSessionSummaries: async (ids) => store.getSessionSummaries(ids),
    getSession: async (id) => store.getSession(id),
    getEvents: async (id) => store.getEvents(id),
    getSessionOutline: async (id) => store.getSessionOutline(id),
    getEventChunk: async (id, index) =>
      store.getEventChunk(id, index) ?? noChunk('getEventChunk', id, `no chunk ${index}`),
    getEventChunks: async (id, from, count) =>
      store.getEventChunks(id, from, count) ?? noChunk('getEventChunks', id, `none from ${from}`),
    pinSession: async (id, name, note) => {
      const pin = store.pinSession(id, name, note)
      if (!pin) throw noSession('pinSession', id)
      feed?.publish({ kind: 'session-updated', sessionId: id })
      return pin
    },
    unpinSession: async (id) => {
      if (store.unpinSession(id)) feed?.publish({ kind: 'session-updated', sessionId: id })
    },
    deleteSession: async (id) => {
      const existed = store.deleteSession(id)
      if (existed) feed?.publish({ kind: 'session-deleted', sessionId: id })
      return existed
    },
    pruneSessions: async (olderThanDays) => pruneOlderThan(store, feed, olderThanDays),
    getSettings: async () => store.getSettings(),
    updateSettings: async (patch) => store.updateSettings(patch),
    searchSessions: createSearchOperation(store, search?.prepare),
    ...createDiffOperations(store)
  }
}
