import { GoneError } from '../../../shared/api-errors'
import { MAX_DECOMPRESSED_BYTES } from '../../../shared/limits'
import { hrefOf } from '../../../shared/custom-events'
import type { IngestBatch, RecordedEvent } from '../../../shared/types'
import { gunzipBounded, parseJsonBytes } from '../codec/gzip-json'
import type { BatchRecord, Store } from '../store/store'
import { parseUserAgent } from './client-facts'
import { checkBodyNesting, validateBatch } from './validate-batch'

/**
 * Runs inside the ingest transaction for every new batch, so derived data (the interaction index)
 * commits or rolls back together with the batch it came from.
 */
export interface BatchIndexer {
  indexBatch(batch: IngestBatch, receivedAt: number): void
  /**
   * A batch stored without its parsed events at hand (a file import writes hundreds of megabytes: keeping
   * them parsed until the commit would hold the whole file in memory): the indexer reads it back from the store.
   */
  indexStoredBatch(key: StoredBatchKey, receivedAt: number): void
}

/** Which stored batch. */
export interface StoredBatchKey {
  sessionId: string
  segment: number
  seq: number
}

export interface IngestRequest {
  body: Uint8Array
  ip: string | null
  receivedAt: number
}

/** A decoded, validated batch and the rows it will write. */
export interface PreparedBatch {
  batch: IngestBatch
  record: BatchRecord
}

export interface IngestResult {
  sessionId: string
  seq: number
  /** false when (sessionId, seq) was already stored: a retried batch is acknowledged, not stored twice. */
  stored: boolean
  eventCount: number
}

/** A batch of a session that was deleted: refused (gone, HTTP 410), so a tab still recording it cannot bring it back. */
export class SessionDeletedError extends GoneError {
  constructor(readonly sessionId: string) {
    super(`session ${sessionId} was deleted; its recording is not accepted any more`)
  }
}

/** The URLs the batch says its page was at, and since when: page loads and single-page-app route changes. */
function pagesOf(batch: IngestBatch): { url: string; at: number }[] {
  const pages: { url: string; at: number }[] = []
  for (const event of batch.events) {
    const url = hrefOf(event)
    if (url !== null) pages.push({ url, at: event.timestamp })
  }
  return pages
}

function timeRange(events: RecordedEvent[]): { firstTs: number; lastTs: number } {
  let firstTs = Infinity
  let lastTs = -Infinity
  for (const { timestamp } of events) {
    if (timestamp < firstTs) firstTs = timestamp
    if (timestamp > lastTs) lastTs = timestamp
  }
  return { firstTs, lastTs }
}

export class Ingestor {
  constructor(
    private readonly store: Store,
    private readonly indexers: readonly BatchIndexer[] = []
  ) {}

  /**
   * Decodes and validates one recorder POST body, writing nothing. Throws DecodeError or
   * ValidationError for bad input.
   */
  prepare(request: IngestRequest): PreparedBatch {
    const inflated = gunzipBounded(request.body, MAX_DECOMPRESSED_BYTES)
    checkBodyNesting(inflated)
    const batch = validateBatch(parseJsonBytes(inflated), request.receivedAt)
    const record: BatchRecord = {
      sessionId: batch.sessionId,
      seq: batch.seq,
      segment: batch.segment,
      receivedAt: request.receivedAt,
      ...timeRange(batch.events),
      eventCount: batch.events.length,
      rawBytes: inflated.byteLength,
      data: request.body,
      meta: batch.meta,
      client: { ip: request.ip, ...parseUserAgent(batch.meta.userAgent) },
      pages: pagesOf(batch)
    }
    return { batch, record }
  }

  /**
   * Stores one prepared batch. Must run inside store.transaction(): the duplicate check and the insert
   * share it, so two concurrent retries of one batch cannot both pass the check.
   */
  write({ batch, record }: PreparedBatch): IngestResult {
    if (this.store.wasDeleted(batch.sessionId)) throw new SessionDeletedError(batch.sessionId)
    const result = { sessionId: batch.sessionId, seq: batch.seq, eventCount: batch.events.length }
    if (this.store.hasBatch(batch.sessionId, batch.seq)) return { ...result, stored: false }
    this.store.recordBatch(record)
    for (const indexer of this.indexers) indexer.indexBatch(batch, record.receivedAt)
    return { ...result, stored: true }
  }

  /**
   * Stores a batch that was validated elsewhere (a file import, which validates every event as it reads the
   * file). Must run inside store.transaction(); the caller has checked that the session id is free.
   */
  writeValidated(record: BatchRecord): void {
    this.store.recordBatch(record)
    for (const indexer of this.indexers) indexer.indexStoredBatch(record, record.receivedAt)
  }

  /**
   * Decodes, validates and stores one body in its own transaction. Returns only after it committed,
   * so the caller may acknowledge. (The receiver groups concurrent requests: see group-commit.ts.)
   */
  ingest(request: IngestRequest): IngestResult {
    const prepared = this.prepare(request)
    return this.store.transaction(() => this.write(prepared))
  }
}
