import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import type { RecordedEvent } from '../../../shared/types'
import { gunzipJson, looksLikeGzip } from '../codec/gzip-json'

// A stored batch comes in one of two encodings, told apart by their first bytes:
//
// - as received: the recorder's gzip body exactly as it arrived, after full validation. The ingest path
//   stores it untouched — the client already compressed it, re-compressing there would only cost CPU.
//   It holds the IngestBatch envelope ({v, sessionId, seq, segment, meta, events}); readers take `events`.
// - compacted: COMPACT_TAG + brotli(JSON of the events only), written later in idle time by
//   store/compactor.ts. Brotli at its highest quality over events without the per-batch envelope stores
//   rrweb JSON in roughly two thirds of the gzip size; it is far too slow for the ingest path.

/** Gzip always starts 1f 8b, so a blob starting with this tag cannot be an as-received batch. */
const COMPACT_TAG = Buffer.from([0x00, 0x52, 0x49, 0x01]) // \0 R I v1

/** Stored batches were validated at ingest; this bound only guards against a hand-edited database. */
const MAX_STORED_INFLATED_BYTES = 256 * 1024 * 1024

export function isCompacted(data: Uint8Array): boolean {
  return data.length >= COMPACT_TAG.length && COMPACT_TAG.every((byte, i) => data[i] === byte)
}

export function decodeStoredEvents(data: Uint8Array): RecordedEvent[] {
  if (isCompacted(data)) {
    const json = brotliDecompressSync(data.subarray(COMPACT_TAG.length), {
      maxOutputLength: MAX_STORED_INFLATED_BYTES
    })
    return JSON.parse(json.toString('utf8')) as RecordedEvent[]
  }
  if (!looksLikeGzip(data)) throw new Error('stored batch is neither gzip nor compacted')
  const batch = gunzipJson(data, MAX_STORED_INFLATED_BYTES).value as { events?: RecordedEvent[] }
  return Array.isArray(batch.events) ? batch.events : []
}

/**
 * The compacted encoding of `eventsJson` (a JSON array of events). The compactor takes brotli's highest
 * quality in idle time; a redaction, which holds the write lock while it encodes, a faster one.
 */
export function encodeCompactedEvents(eventsJson: string, quality: number = constants.BROTLI_MAX_QUALITY): Buffer {
  const compressed = brotliCompressSync(eventsJson, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(eventsJson)
    }
  })
  return Buffer.concat([COMPACT_TAG, compressed])
}
