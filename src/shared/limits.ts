// Wire limits shared by the recorder (which stays under them) and the receiver (which enforces them).

/** Largest request body the receiver reads, compressed. */
export const MAX_BODY_BYTES = 1024 * 1024
/** Largest body after gunzip: a gzip bomb stops here. */
export const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024
/** Most events one batch may carry. The recorder flushes at 100; the slack covers a flush racing new events. */
export const MAX_EVENTS_PER_BATCH = 5000

/** Recorder flush policy: whichever comes first. */
export const FLUSH_INTERVAL_MS = 5000
export const FLUSH_MAX_EVENTS = 100
export const FLUSH_MAX_RAW_BYTES = 256 * 1024
/** A full snapshot this often gives the player seek points. */
export const CHECKOUT_EVERY_MS = 30_000
export const DEFAULT_MAX_DURATION_MS = 5 * 60 * 1000

/** `data-network-bodies`: at most this many URL patterns, each at most this long (the recorder drops the rest). */
export const MAX_NETWORK_BODY_PATTERNS = 20
export const MAX_NETWORK_BODY_PATTERN_CHARS = 200

/** A session id: what the recorder generates and the receiver accepts. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/

export const DEFAULT_RECEIVER_PORT = 4477

/** Routes of the receiver (public, CORS) and of the workspace API (token). */
export const ROUTES = {
  recorderScript: '/recorder.js',
  ingest: '/ingest',
  api: '/api/',
  apiEvents: '/api/changes',
  /** POST with the launch token (Bearer): sets the workspace cookie (browser mode). */
  apiSession: '/api/session'
} as const

/** Bounds one getSessionSummaries call; the workspace asks for the few sessions a burst of notices named. */
export const MAX_SUMMARIES_PER_CALL = 1000

/** A pin's name and note, as the workspace's dialog, the API and the CLI all bound them. */
export const PIN_NAME_MAX_LENGTH = 200
export const PIN_NOTE_MAX_LENGTH = 10_000
