import type { WorkspaceApi } from '../../../shared/api'
import type { AppInfo } from '../../../shared/types'
import type { Store } from '../store/store'

/** The operations the workspace may call, composed from the store. Every front exposes exactly these. */
export function createWorkspaceService(store: Store, appInfo: () => AppInfo): WorkspaceApi {
  return {
    getAppInfo: async () => appInfo(),
    listSessions: async () => store.listSessions(),
    getSession: async (id) => store.getSession(id),
    getEvents: async (id) => store.getEvents(id)
  }
}
