// The CPU-heavy half of compaction, as a pure function of one stored blob: it runs in a worker thread
// (compaction-worker.ts), so highest-quality brotli never blocks the receiver or the window.
import { compactedJson, decodeStoredEvents, encodeCompactedEvents } from './replay-codec'

export type CompactionOutcome =
  /** The new encoding: smaller, and it decodes back to exactly the events' JSON. */
  | { kind: 'compacted'; data: Uint8Array }
  /** Nothing to gain (not smaller): the batch stays as received, and is not tried again. */
  | { kind: 'kept'; reason: string }

/**
 * Re-encodes one stored batch as compacted events. Throws (UnreadableBatchError and others) when the blob
 * cannot be decoded or its events cannot be serialised: the caller records that as the batch's failure.
 */
export function compactStoredBatch(data: Uint8Array): CompactionOutcome {
  const eventsJson = Buffer.from(JSON.stringify(decodeStoredEvents(data)))
  const compacted = encodeCompactedEvents(eventsJson.toString('utf8'))
  if (compacted.byteLength >= data.byteLength) return { kind: 'kept', reason: 'not smaller' }
  // Byte for byte what was encoded: the compacted batch parses to exactly the same events.
  if (!compactedJson(compacted).equals(eventsJson)) throw new Error('compacted data did not decode back identically')
  return { kind: 'compacted', data: compacted }
}
