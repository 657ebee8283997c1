import type { WorkspaceApi } from '../../../shared/api'
import type { AppInfo } from '../../../shared/types'
import type { Store } from '../store/store'

const notYet = (operation: string) => async (): Promise<never> => {
  throw new Error(`${operation} is not implemented yet`)
}

/** The operations the workspace may call, composed from the store. Every front exposes exactly these. */
export function createWorkspaceService(store: Store, appInfo: () => AppInfo): WorkspaceApi {
  return {
    getAppInfo: async () => appInfo(),
    listSessions: async () => store.listSessions(),
    getSession: async (id) => store.getSession(id),
    getEvents: async (id) => store.getEvents(id),
    // Filled in by the workspace issue (outline/chunks, pins, prune, settings) and the search issue.
    getSessionOutline: notYet('getSessionOutline'),
    getEventChunk: notYet('getEventChunk'),
    pinSession: notYet('pinSession'),
    unpinSession: notYet('unpinSession'),
    deleteSession: notYet('deleteSession'),
    pruneSessions: notYet('pruneSessions'),
    getSettings: notYet('getSettings'),
    updateSettings: notYet('updateSettings'),
    searchSessions: notYet('searchSessions')
  }
}
