import type { WorkspaceApi } from '../../../shared/api'
import type { AppInfo } from '../../../shared/types'
import type { Store } from '../store/store'
import { ApiArgumentError } from './api-dispatch'
import type { AuditService } from './audit-service'
import type { ChangeFeed } from './change-feed'
import { redactSession, type RedactionDeps } from './redaction-service'
import { pruneOlderThan } from './retention-service'
import { createSearchOperation } from './search-operation'

/** The privacy audit's parts of the API (app-core composes them; see services/audit-service.ts). */
export interface PrivacyOperations {
  audit: AuditService
  redaction: RedactionDeps
}

// An id that names no session is a bad argument (HTTP 400 with this message, an Error over IPC).
const noSession = (operation: string, id: string) => new ApiArgumentError(`${operation}: no session ${id}`)

/**
 * The operations the workspace may call, composed from the store. Every front exposes exactly these.
 * Changes are published on `feed` so every open workspace updates live.
 */
export function createWorkspaceService(
  store: Store,
  appInfo: () => AppInfo,
  feed: ChangeFeed | undefined,
  search: { prepare?: (query: string) => void } | undefined,
  privacy: PrivacyOperations
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
    getSessionAudit: async (id) => privacy.audit.sessionAudit(id),
    auditSessions: async (ids) => privacy.audit.report(ids),
    redactSession: async (id, options) => {
      const result = redactSession(privacy.redaction, id, options)
      if (!result) throw noSession('redactSession', id)
      feed?.publish({ kind: 'session-updated', sessionId: result.sessionId })
      return result
    }
  }
}
