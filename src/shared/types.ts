// Data types shared by the recorder, the core, the CLI, the preload and the renderer.
// No runtime code and no imports with side effects: every runtime may import this file.

/** How much the recorder masks before anything leaves the browser. */
export type MaskLevel = 'lax' | 'moderate' | 'strict'

export const MASK_LEVELS: readonly MaskLevel[] = ['lax', 'moderate', 'strict']

/** Which console calls the recorder records (`data-console`): none, warn and error, or every level. */
export type ConsoleCapture = 'off' | 'errors' | 'all'

export const CONSOLE_CAPTURES: readonly ConsoleCapture[] = ['off', 'errors', 'all']

/** The recorder's effective configuration, sent with every batch so a session says how it was made. */
export interface RecorderConfig {
  maskLevel: MaskLevel
  blockSelector: string | null
  maskSelector: string | null
  sampleRate: number
  maxDurationMs: number
  /** `data-console`. Absent in sessions recorded before console capture existed. */
  console: ConsoleCapture
  /**
   * `data-network-bodies`: URL patterns (substring, or glob with `*` / `?`) whose request and response headers
   * and bodies are recorded. Empty: none. Absent in sessions recorded before network capture existed.
   */
  networkBodies: string[]
  version: string
}

export interface Size {
  width: number
  height: number
}

/** What the browser says about itself; collected by the recorder, attached to every batch. */
export interface ClientMeta {
  userAgent: string
  language: string
  timezone: string
  screen: Size
  viewport: Size
  url: string
  referrer: string
  config: RecorderConfig
}

/**
 * A minimal structural view of an rrweb event (`eventWithTime` in @rrweb/types).
 * The core validates this shape at ingest; `data` is opaque to everything but analysis.
 */
export interface RecordedEvent {
  type: number
  timestamp: number
  data: unknown
  delay?: number
}

/** One POST from the recorder to the receiver, before gzip. Wire version 1. */
export interface IngestBatch {
  v: 1
  /** Random per tab session; survives reloads and same-tab navigations (sessionStorage). */
  sessionId: string
  /** 0, 1, 2 … per session across page loads; (sessionId, seq) identifies a batch so retries are stored once. */
  seq: number
  /** Page-load index within the session: rrweb node ids restart on every page load. */
  segment: number
  /** The client's clock when the batch was sent (client clocks are wrong; kept for reference). */
  sentAt: number
  meta: ClientMeta
  events: RecordedEvent[]
}

export interface BrowserInfo {
  name: string | null
  version: string | null
}
export interface OsInfo {
  name: string | null
  version: string | null
}
export type DeviceType = 'desktop' | 'mobile' | 'tablet' | 'tv' | 'bot' | 'unknown'

/** A page the session visited, in order. */
export interface SessionPage {
  url: string
  segment: number
  /** Event timestamp (client clock) at which the page was seen. */
  at: number
}

/** One row of the session list (CLI `sessions --json` prints exactly this). */
export interface SessionSummary {
  id: string
  /** Earliest event timestamp (epoch ms, client clock). */
  startedAt: number
  /** Latest event timestamp (epoch ms, client clock). */
  endedAt: number
  durationMs: number
  /** Server receive times (epoch ms, server clock). */
  firstSeenAt: number
  lastSeenAt: number
  eventCount: number
  batchCount: number
  segmentCount: number
  bytesStored: number
  bytesRaw: number
  ip: string | null
  userAgent: string
  browser: BrowserInfo
  os: OsInfo
  device: { type: DeviceType }
  language: string
  timezone: string
  screen: Size
  viewport: Size
  referrer: string
  urls: string[]
  maskLevel: MaskLevel
  pinned: boolean
  /** The pin's name when pinned ('' for a pin without one), else null. */
  pinName: string | null
  /** Recorded JavaScript errors, from the search index (0 until the session is indexed). */
  errorCount: number
  /** Clicks that were part of a rage burst, from the search index (0 until the session is indexed). */
  rageCount: number
  /** Findings of the privacy audit (README, “Masking inspection and the privacy audit”); null until the session has been audited. */
  findings: number | null
  /** Where an imported session came from; null for a session the receiver recorded. */
  imported: ImportedFrom | null
}

/** File formats the import reads (README, "Opening, importing and exporting files"). */
export const IMPORT_FORMATS = [
  'replay-investigator',
  'rrweb',
  'posthog-2022-12-02',
  'posthog-2023-04-28',
  'umami'
] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** What an imported session remembers of its file. */
export interface ImportedFrom {
  /** The file's name (no directory), or the first chunk's for Umami chunks. */
  file: string
  format: ImportFormat
  /** Server clock. */
  importedAt: number
  /** PostHog: the window (browser tab) this session is; each window of a recording becomes its own session. */
  window?: string
}

/** One imported session, as `import --json`, the HTTP import and IPC report it. */
export interface ImportedSession {
  sessionId: string
  events: number
  file: string
  format: ImportFormat
}

/** How far an import is: bytes of the file read so far (of `totalBytes` when known) and events found. */
export interface ImportProgress {
  bytes: number
  totalBytes: number | null
  events: number
}

/** Work on a stored batch that can fail: idle compaction, search indexing, the privacy audit. */
export type BatchFailureStage = 'compact' | 'index' | 'audit'

/** A batch whose compaction or analysis failed: kept as stored, flagged with its error, not retried forever. */
export interface BatchFailure {
  sessionId: string
  seq: number
  stage: BatchFailureStage
  error: string
  /** Server clock, last failure. */
  at: number
  attempts: number
}

/** Everything the metadata panel shows. */
export interface SessionDetail extends SessionSummary {
  pages: SessionPage[]
  config: RecorderConfig
  pin: PinInfo | null
  /** The session's batches whose compaction or analysis failed (quarantined), by seq. */
  quarantined: Omit<BatchFailure, 'sessionId'>[]
}

export interface PinInfo {
  name: string
  note: string
  savedAt: number
}

/** What the workspace needs to show the snippet and say where it listens. */
export interface AppInfo {
  version: string
  receiverUrl: string
  snippet: string
  dbPath: string
}

/** Pushed to the workspace whenever stored data changes (IPC event in Electron, SSE in browser mode). */
export interface ChangeNotice {
  kind: 'session-updated' | 'session-deleted'
  sessionId: string
}

/** Workspace settings kept in the database. */
export interface Settings {
  /** Prune unpinned sessions older than this many days (start-up and daily); null keeps everything. */
  retentionDays: number | null
  /**
   * The per-install ingest key: the snippet carries it (data-key) and the recorder sends it with every batch;
   * batches without it are refused (401), so a page the developer merely visits cannot write. null until a
   * receiver first started on this database. Changed only by rotateIngestKey.
   */
  ingestKey: string | null
  /** Origins (scheme://host[:port]) allowed to send batches; empty: any origin that has the key. */
  allowedOrigins: string[]
}

/** What updateSettings may change (the ingest key changes only by rotation). */
export type SettingsPatch = Partial<Pick<Settings, 'retentionDays' | 'allowedOrigins'>>

/** One stored batch as the player's progressive loader sees it: fetch chunk by chunk, first segment first. */
export interface EventChunkInfo {
  /** Position in the session's playback order (segment, then time). Pass to getEventChunk. */
  index: number
  segment: number
  firstTs: number
  lastTs: number
  eventCount: number
}

/** The shape of a session's recording without its events: enough to draw a timeline and load progressively. */
export interface SessionOutline {
  sessionId: string
  startedAt: number
  endedAt: number
  eventCount: number
  chunks: EventChunkInfo[]
}

/** A moment in a session that matched a search (issue: search by what users did). */
export interface SearchHit {
  timestamp: number
  kind: string
  selector: string | null
  text: string | null
}

export interface SearchResult {
  sessionId: string
  hits: SearchHit[]
}
