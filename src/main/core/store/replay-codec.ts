import type { RecordedEvent } from '../../../shared/types'
import { gunzipJson } from '../codec/gzip-json'

// A stored batch is the recorder's gzip body exactly as received, after it was fully validated:
// the client already compressed it, so re-compressing on the ingest hot path would only cost CPU.
// It holds the IngestBatch envelope ({v, sessionId, seq, segment, meta, events}); readers take `events`.

/** Stored batches were validated at ingest; this bound only guards against a hand-edited database. */
const MAX_STORED_INFLATED_BYTES = 256 * 1024 * 1024

export function decodeStoredEvents(data: Uint8Array): RecordedEvent[] {
  const batch = gunzipJson(data, MAX_STORED_INFLATED_BYTES).value as { events?: RecordedEvent[] }
  return Array.isArray(batch.events) ? batch.events : []
}
