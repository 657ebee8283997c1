// The typed API contract between the workspace and the core.
// The same operations travel over IPC (Electron: one `ipcRenderer.invoke` per operation)
// or HTTP (browser mode: POST /api/<operation> with a JSON array of arguments and the launch token).

import type { AppInfo, ChangeNotice, RecordedEvent, SessionDetail, SessionSummary } from './types'

export interface WorkspaceApi {
  getAppInfo(): Promise<AppInfo>
  listSessions(): Promise<SessionSummary[]>
  getSession(id: string): Promise<SessionDetail | null>
  getEvents(id: string): Promise<RecordedEvent[]>
}

export type ApiOperation = keyof WorkspaceApi

/** Every operation, in one list: the preload, the IPC registration and the HTTP router iterate it. */
export const API_OPERATIONS = ['getAppInfo', 'listSessions', 'getSession', 'getEvents'] as const satisfies readonly ApiOperation[]

/** The IPC channel name of an operation. */
export const ipcChannel = (op: ApiOperation): string => `api:${op}`
/** The IPC channel on which the core pushes ChangeNotice to the window. */
export const IPC_CHANGES_CHANNEL = 'api:changes'

/** What the preload exposes on `window.replayInvestigator`. */
export interface PreloadBridge {
  api: WorkspaceApi
  onChange(listener: (notice: ChangeNotice) => void): () => void
}

/** The JSON shape of every API error, over HTTP and IPC alike. */
export interface ApiErrorBody {
  error: string
}
