// Wire limits shared by the recorder (which stays under them) and the receiver (which enforces them).

/** Largest request body the receiver reads, compressed. */
export const MAX_BODY_BYTES = 1024 * 1024
/** Largest body after gunzip: a gzip bomb stops here. */
export const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024
/** Most events one batch may carry. The recorder flushes at 100; the slack covers a flush racing new events. */
export const MAX_EVENTS_PER_BATCH = 5000

// Bounds on what a batch may hold (README "Limits at the door"). Any web page can reach the receiver, so
// whatever analysis, storage and the workspace do with a batch must stay bounded. Each is far above what
// real sites produce: a 1.3 MB HTML page (tested) passes with room to spare.

/**
 * Event timestamps must lie within this distance of the server's receive time, either way. A batch with one
 * outside is refused, not clamped: the body is stored as the client sent it, so clamping would mean storing
 * times nobody recorded, and a clock 10 years off is a broken device, not a visitor.
 */
export const MAX_CLOCK_SKEW_MS = Math.round(10 * 365.25 * 24 * 60 * 60 * 1000)
/**
 * JSON nesting of a whole batch body (objects and arrays). A DOM element adds 2 levels in rrweb's JSON;
 * Chromium's HTML parser nests at most 512 elements (~1,030 levels). JSON.stringify and recursive walkers
 * overflow the stack somewhere past 5,000, so nothing deeper may reach them.
 */
export const MAX_JSON_DEPTH = 1200
/** Serialized nodes in one full snapshot (a 1.3 MB HTML page has ~30,000). */
export const MAX_SNAPSHOT_NODES = 200_000
/** Attributes of one node (in a snapshot or a mutation); real elements have a few dozen at most. */
export const MAX_ATTRIBUTES_PER_NODE = 500
/** One attribute value; rrweb inlines whole stylesheets (`_cssText`) and data: URIs in attributes. */
export const MAX_ATTRIBUTE_VALUE_CHARS = 4 * 1024 * 1024
/** One text node's content (inline <style> text is a text node too). */
export const MAX_TEXT_CHARS = 4 * 1024 * 1024
/** Entries (adds, removes, texts, attribute changes) over all mutation events of one batch. */
export const MAX_MUTATION_ENTRIES_PER_BATCH = 200_000
/** A custom event's tag, and its payload as JSON: the recorder's own (errors, navigations) stay under 4 KB. */
export const MAX_CUSTOM_TAG_CHARS = 200
export const MAX_CUSTOM_PAYLOAD_CHARS = 256 * 1024

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

/** The query parameter that carries the ingest key: POST /ingest?key=… (see README "Drive-by protection"). */
export const INGEST_KEY_PARAM = 'key'
/** An ingest key: what the app generates (24 random bytes, base64url) and the receiver compares. */
export const INGEST_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/
/** Most origins the allow-list may name. */
export const MAX_ALLOWED_ORIGINS = 100

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

/**
 * File import: the most a file may inflate to (a 500 MB recording is imported as a stream; past this it is
 * refused as too big), and the largest single value in it (one event; the receiver's per-body bound).
 */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024 * 1024
export const MAX_IMPORT_VALUE_BYTES = MAX_DECOMPRESSED_BYTES
