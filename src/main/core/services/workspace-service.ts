import type { WorkspaceApi } from '../../../shared/api'
import { BadArgumentError } from '../../../shared/api-errors'
import type { AppInfo } from '../../../shared/types'
import type { Store } from '../store/store'
import { noSession } from './no-session'

export { noSession } from './no-session'
import type { AuditService } from './audit-service'
import type { ChangeFeed } from './change-feed'
import { createDiffOperations } from './diff-service'
import { redactSession, type RedactionDeps } from './redaction-service'
import { pruneOlderThan } from './retention-service'
import { createSearchOperation } from './search-operation'

/** `value`, or noSession when the store found nothing. */
function found<T>(value: T | null, operation: string, id: string): T {
  if (value === null) throw noSession(operation, id)
  return value
}

/** Throws noSession unless the session exists. */
export function requireSession(store: Store, operation: string, id: string): void {
  if (!store.hasSession(id)) throw noSession(operation, id)
}

/** The privacy audit's parts of the API (app-core composes them; see services/audit-service.ts). */
export interface PrivacyOperations {
  audit: AuditService
  redaction: RedactionDeps
}

/**
 * The operations the workspace may call, composed from the store. Every front exposes exactly these, and
 * calls them through api-dispatch (argument checks). Changes are published on `feed` so every open
 * workspace updates live.
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
    throw new BadArgumentError(`${operation}: session ${id} has ${outline.chunks.length} chunks, ${what}`)
  }

  return {
    getAppInfo: async () => appInfo(),
    listSessions: async () => store.listSessions(),
    getSessionSummaries: async (ids) => store.getSessionSummaries(ids),
    getSession: async (id) => found(store.getSession(id), 'getSession', id),
    getSessionOutline: async (id) => found(store.getSessionOutline(id), 'getSessionOutline', id),
    getEventChunk: async (id, index) =>
      store.getEventChunk(id, index) ?? noChunk('getEventChunk', id, `no chunk ${index}`),
    getEventChunks: async (id, from, count) =>
      store.getEventChunks(id, from, count) ?? noChunk('getEventChunks', id, `none from ${from}`),
    pinSession: async (id, name, note) => {
      const pin = found(store.pinSession(id, name, note), 'pinSession', id)
      feed?.publish({ kind: 'session-updated', sessionId: id })
      return pin
    },
    unpinSession: async (id) => {
      requireSession(store, 'unpinSession', id)
      const unpinned = store.unpinSession(id)
      if (unpinned) feed?.publish({ kind: 'session-updated', sessionId: id })
      return unpinned
    },
    deleteSession: async (id) => {
      if (!store.deleteSession(id)) throw noSession('deleteSession', id)
      feed?.publish({ kind: 'session-deleted', sessionId: id })
    },
    pruneSessions: async (olderThanDays) => pruneOlderThan(store, feed, olderThanDays),
    getSettings: async () => store.getSettings(),
    updateSettings: async (patch) => store.updateSettings(patch),
    rotateIngestKey: async () => store.rotateIngestKey(),
    searchSessions: createSearchOperation(store, search?.prepare),
    ...createDiffOperations(store),
    getSessionAudit: async (id) => {
      requireSession(store, 'getSessionAudit', id)
      return found(privacy.audit.sessionAudit(id), 'getSessionAudit', id)
    },
    auditSessions: async (ids) => privacy.audit.report(ids),
    redactSession: async (id, options) => {
      const result = redactSession(privacy.redaction, id, options)
      if (!result) throw noSession('redactSession', id)
      feed?.publish({ kind: 'session-updated', sessionId: result.sessionId })
      return result
    }
  }
}
