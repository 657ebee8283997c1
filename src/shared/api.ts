// The typed API contract between the workspace and the core.
// The same operations travel over IPC (Electron: one `ipcRenderer.invoke` per operation)
// or HTTP (browser mode: POST /api/<operation> with a JSON array of arguments and the launch token).
// Errors are ApiErrors (./api-errors): an id that names no session is a NotFoundError for every operation
// that takes one (getSessionSummaries excepted: it answers with the sessions that exist).

import type { PageComparison, SessionDiff } from './diff/diff-types'
import type { AuditReport, RedactionOptions, RedactionResult, SessionAuditView } from './audit'
import type {
  AppInfo,
  ChangeNotice,
  ImportedSession,
  ImportProgress,
  PinInfo,
  RecordedEvent,
  SearchResult,
  SessionDetail,
  SessionOutline,
  SessionSummary,
  Settings,
  SettingsPatch
} from './types'

export interface WorkspaceApi {
  getAppInfo(): Promise<AppInfo>
  listSessions(): Promise<SessionSummary[]>
  /**
   * The sessions among `ids` that exist (at most MAX_SUMMARIES_PER_CALL): a live list fetches only the
   * sessions a change notice named, not the whole list again.
   */
  getSessionSummaries(ids: string[]): Promise<SessionSummary[]>
  getSession(id: string): Promise<SessionDetail>
  /** Chunk list for progressive loading (the replay view loads chunk 0 first, the rest in the background). */
  getSessionOutline(id: string): Promise<SessionOutline>
  /** The events of one chunk, in time order (an index past the session's chunks is a bad argument). */
  getEventChunk(id: string, index: number): Promise<RecordedEvent[]>
  /**
   * Chunks from..from+count-1 (fewer at the session's end), each in time order: a long session streams in
   * a few dozen requests instead of one per chunk.
   */
  getEventChunks(id: string, from: number, count: number): Promise<RecordedEvent[][]>
  /** Pins the session, or edits its pin (name and note both replace what was there). */
  pinSession(id: string, name: string, note: string): Promise<PinInfo>
  /** true when the session was pinned. */
  unpinSession(id: string): Promise<boolean>
  deleteSession(id: string): Promise<void>
  /** Deletes unpinned sessions that ended more than `olderThanDays` days ago; returns their ids. */
  pruneSessions(olderThanDays: number): Promise<string[]>
  getSettings(): Promise<Settings>
  updateSettings(patch: SettingsPatch): Promise<Settings>
  /**
   * Replaces the ingest key with a new random one and returns the settings now in force: pages still
   * carrying the old snippet are refused from now on (their recorder stops).
   */
  rotateIngestKey(): Promise<Settings>
  /** Query language: see README "Searching sessions". Newest sessions first. */
  searchSessions(query: string): Promise<SearchResult[]>
  /** Two different sessions' steps lined up row by row (docs/architecture.md, "The session diff"). */
  diffSessions(a: string, b: string): Promise<SessionDiff>
  /** Session a's page at `aTs` next to session b's at `bTs` (epoch ms), with what differs. */
  comparePages(a: string, aTs: number, b: string, bTs: number): Promise<PageComparison>
  /** A session's privacy audit: findings, what the recorder masked, its site's suggested snippet . */
  getSessionAudit(id: string): Promise<SessionAuditView | null>
  /** Findings of these sessions (every session when null) and one suggested snippet per site. */
  auditSessions(ids: string[] | null): Promise<AuditReport>
  /**
   * A redacted copy as a new session (`copy`), or the session rewritten irreversibly (`in-place`: the
   * workspace asks for confirmation first). Every finding's value is masked; `maskAllText` masks all page text.
   */
  redactSession(id: string, options: RedactionOptions): Promise<RedactionResult>
}

export type ApiOperation = keyof WorkspaceApi

/** Every operation, in one list: the preload, the IPC registration and the HTTP router iterate it. */
export const API_OPERATIONS = [
  'getAppInfo',
  'listSessions',
  'getSessionSummaries',
  'getSession',
  'getSessionOutline',
  'getEventChunk',
  'getEventChunks',
  'pinSession',
  'unpinSession',
  'deleteSession',
  'pruneSessions',
  'getSettings',
  'updateSettings',
  'rotateIngestKey',
  'searchSessions',
  'diffSessions',
  'comparePages',
  'getSessionAudit',
  'auditSessions',
  'redactSession'
] as const satisfies readonly ApiOperation[]

/**
 * The operations of WorkspaceApi that `List` leaves out (`never` when none): `satisfies` above keeps
 * names that are not operations out of the list; this keeps every operation in it.
 */
export type UnlistedOperations<List extends readonly string[]> = Exclude<ApiOperation, List[number]>

/** Compiles only while API_OPERATIONS lists every operation of WorkspaceApi (the error names the missing one). */
export const API_OPERATIONS_ARE_COMPLETE: [UnlistedOperations<typeof API_OPERATIONS>] extends [never]
  ? true
  : { missingFromApiOperations: UnlistedOperations<typeof API_OPERATIONS> } = true

/** The IPC channel name of an operation. */
export const ipcChannel = (op: ApiOperation): string => `api:${op}`
/** The IPC channel on which the core pushes ChangeNotice to the window. */
export const IPC_CHANGES_CHANNEL = 'api:changes'

/**
 * What the workspace hears: the core's change notices, and `resync` when the browser-mode bridge's change
 * stream reconnected (notices may have been missed meanwhile, so lists are loaded again).
 */
export type BridgeNotice = ChangeNotice | { kind: 'resync' }

/**
 * Recording files in and out (README, "Opening, importing and exporting files"). Files are streams, not JSON
 * arguments, so they travel beside WorkspaceApi: browser mode uploads to POST /api/files/import and downloads
 * from GET /api/files/export; Electron hands the files' paths to the main process over IPC. Both end in the
 * core's FileTransfer (services/file-transfer.ts), with its argument checks.
 */
export interface FileBridge {
  /**
   * Imports one file, or with `umamiChunks` the chunks of one Umami recording. `done` rejects with an ApiError
   * naming the problem when the file is refused (nothing imported), with ImportCancelled after `cancel()`.
   * (A cancel function, not an AbortSignal: Electron's context bridge cannot carry a signal.)
   */
  importFiles(
    files: File[],
    options: { umamiChunks: boolean; onProgress(progress: ImportProgress): void }
  ): { done: Promise<ImportedSession[]>; cancel(): void }
  /** Saves the sessions as files: one `.replay.json.gz`, or one `.zip` of them for several. */
  exportSessions(ids: string[]): Promise<void>
}

/** What `done` rejects with after `cancel()`. */
export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled: nothing was imported')
    this.name = 'ImportCancelled'
  }
}

/**
 * Browser mode's file routes (core/receiver/file-routes.ts). Here, not in limits.ts's ROUTES: the recorder
 * bundles that file and has no use for them.
 */
export const FILE_ROUTES = {
  import: '/api/files/import',
  importProgress: '/api/files/import-progress',
  export: '/api/files/export'
} as const

/** IPC channels of the file bridge (Electron). */
export const IPC_FILES = {
  import: 'files:import',
  cancelImport: 'files:cancel-import',
  progress: 'files:progress',
  export: 'files:export'
} as const

/** What the preload exposes on `window.replayInvestigator`. */
export interface PreloadBridge {
  api: WorkspaceApi
  files: FileBridge
  onChange(listener: (notice: BridgeNotice) => void): () => void
}

/**
 * Browser mode: a workspace document opened with `?remote-assets=<sessionId>` is served with a Content-Security-Policy
 * that lets that one session's replay fetch the recorded site's images, styles and fonts. Every other document keeps
 * the strict policy: remote assets stay off unless the user asks, per session.
 */
export const REMOTE_ASSETS_PARAM = 'remote-assets'
