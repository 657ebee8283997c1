import { gzipSync, strToU8 } from 'fflate'
import type { IngestBatch } from '../shared/types'

export type BatchEnvelope = Omit<IngestBatch, 'events'>

/**
 * JSON.stringify(batch) for a batch whose events are already JSON text (see batcher.ts): the envelope is
 * serialized with an empty events array, which is its last key, and the events are spliced into that array.
 */
export function serializeBatch(envelope: BatchEnvelope, eventJsons: readonly string[]): string {
  const withoutEvents = JSON.stringify({ ...envelope, events: [] })
  return withoutEvents.slice(0, -'[]}'.length) + '[' + eventJsons.join(',') + ']}'
}

/** The request body: gzip of the UTF-8 JSON. The receiver checks the gzip magic bytes, not the Content-Type. */
export function encodeBatchBody(envelope: BatchEnvelope, eventJsons: readonly string[]): Uint8Array<ArrayBuffer> {
  return gzipSync(strToU8(serializeBatch(envelope, eventJsons)))
}
