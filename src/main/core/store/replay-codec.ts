import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import { MAX_JSON_DEPTH } from '../../../shared/limits'
import type { RecordedEvent } from '../../../shared/types'
import { gunzipBounded, looksLikeGzip, parseJsonBytes } from '../codec/gzip-json'
import { jsonNestingDepth } from '../codec/json-depth'

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

/**
 * A stored batch that cannot be read back: a corrupt blob, or data an older version accepted that nothing
 * may serialise now (nested past MAX_JSON_DEPTH). Only the chunk or session holding it fails.
 */
export class UnreadableBatchError extends Error {}

export function isCompacted(data: Uint8Array): boolean {
  return data.length >= COMPACT_TAG.length && COMPACT_TAG.every((byte, i) => data[i] === byte)
}

/** The JSON text a stored blob holds: the events array (compacted) or the whole batch envelope (as received). */
function inflateStored(data: Uint8Array): Buffer {
  if (isCompacted(data)) {
    try {
      return brotliDecompressSync(data.subarray(COMPACT_TAG.length), { maxOutputLength: MAX_STORED_INFLATED_BYTES })
    } catch (error) {
      throw new UnreadableBatchError(`corrupt compacted data: ${(error as Error).message}`)
    }
  }
  if (!looksLikeGzip(data)) throw new UnreadableBatchError('stored data is neither gzip nor compacted')
  try {
    return gunzipBounded(data, MAX_STORED_INFLATED_BYTES)
  } catch (error) {
    throw new UnreadableBatchError((error as Error).message)
  }
}

/** JSON.parse of stored JSON text, refusing (from the bytes, before parsing) what nothing could serialise. */
function parseStored(json: Buffer): unknown {
  if (jsonNestingDepth(json, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new UnreadableBatchError(`nested more than ${MAX_JSON_DEPTH} levels deep (stored by an older version?)`)
  }
  try {
    return parseJsonBytes(json)
  } catch (error) {
    throw new UnreadableBatchError((error as Error).message)
  }
}

/** The events of a stored batch; throws UnreadableBatchError saying why when it cannot be read. */
export function decodeStoredEvents(data: Uint8Array): RecordedEvent[] {
  const compacted = isCompacted(data)
  const value = parseStored(inflateStored(data))
  const events = compacted ? value : (value as { events?: unknown } | null)?.events
  if (compacted && !Array.isArray(events)) throw new UnreadableBatchError('compacted data is not an event array')
  return Array.isArray(events) ? (events as RecordedEvent[]) : []
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

/** The JSON text of a compacted blob, undecoded: what compaction compares with what it encoded. */
export function compactedJson(data: Uint8Array): Buffer {
  if (!isCompacted(data)) throw new UnreadableBatchError('not compacted data')
  return inflateStored(data)
}

/**
 * A stored batch that cannot be read, named: which session and batch, and why. This is what the API, the
 * CLI and the workspace show; every other batch and session stays readable.
 */
export class StoredBatchError extends Error {
  constructor(
    readonly sessionId: string,
    readonly seq: number,
    reason: string
  ) {
    super(`session ${sessionId}: stored batch ${seq} cannot be read: ${reason}`)
  }
}

/** decodeStoredEvents for batch `seq` of `sessionId`, failing with a StoredBatchError that names it. */
export function decodeBatchOf(sessionId: string, seq: number, data: Uint8Array): RecordedEvent[] {
  try {
    return decodeStoredEvents(data)
  } catch (error) {
    if (error instanceof UnreadableBatchError) throw new StoredBatchError(sessionId, seq, error.message)
    throw error
  }
}
