import type Database from 'better-sqlite3'
import type { EventChunkInfo, RecordedEvent, SessionOutline } from '../../../shared/types'
import { decodeBatchOf } from './replay-codec'

interface BatchSpan {
  seq: number
  segment: number
  first_ts: number
  last_ts: number
  event_count: number
}

interface SessionVersionRow {
  started_at: number
  ended_at: number
  batch_count: number
  first_seen_at: number
  last_seen_at: number
}

/** A chunk and the stored batches (by seq, in playback order) it is made of. */
export interface ChunkPlan extends EventChunkInfo {
  seqs: number[]
}

/**
 * Groups a session's batches (already in playback order: segment, first_ts, seq) into chunks.
 * Normally one batch is one chunk. Batches of one segment whose time ranges overlap (a client clock
 * that jumped back, a flush racing new events) are merged into one chunk, because the session's event
 * order sorts by timestamp across batches: only then is every chunk a contiguous run of that order,
 * so that playing chunk 0 and appending the others in index order gives exactly `Store.getEvents`.
 */
export function planChunks(spans: readonly BatchSpan[]): ChunkPlan[] {
  const chunks: ChunkPlan[] = []
  let current: ChunkPlan | undefined
  for (const span of spans) {
    // Strictly earlier than the chunk's end overlaps; equal timestamps keep batch order in both orders.
    if (current && current.segment === span.segment && span.first_ts < current.lastTs) {
      current.lastTs = Math.max(current.lastTs, span.last_ts)
      current.eventCount += span.event_count
      current.seqs.push(span.seq)
      continue
    }
    current = {
      index: chunks.length,
      segment: span.segment,
      firstTs: span.first_ts,
      lastTs: span.last_ts,
      eventCount: span.event_count,
      seqs: [span.seq]
    }
    chunks.push(current)
  }
  return chunks
}

/** Sorts by timestamp, stable (Array.prototype.sort is), skipping the sort when already in order. */
export function sortByTimestamp(events: RecordedEvent[]): RecordedEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.timestamp < events[i - 1]!.timestamp) return events.sort((a, b) => a.timestamp - b.timestamp)
  }
  return events
}

/** Joins arrays; concat(...parts) is the fastest way, while the argument count stays far below engine limits. */
const concat = (parts: RecordedEvent[][]): RecordedEvent[] =>
  parts.length === 1 ? parts[0]! : parts.length <= 8192 ? ([] as RecordedEvent[]).concat(...parts) : parts.flat()

/**
 * All events of a session from its stored batches (in getBatches order: segment, first_ts, seq):
 * segment by segment, by timestamp within a segment, equal timestamps in stored order. Page loads are
 * sequential in a tab, so ordering by segment keeps a wrong client clock from interleaving two of them.
 * Each segment is sorted only when it is out of order (rare: batches arrive in order almost always),
 * which keeps opening a long session close to the cost of gunzip + JSON.parse alone. A batch that cannot
 * be read fails the whole call with a StoredBatchError naming it.
 */
export function decodeSessionEvents(
  sessionId: string,
  batches: Iterable<{ seq: number; segment: number; data: Uint8Array }>
): RecordedEvent[] {
  const segments: RecordedEvent[][] = []
  let parts: RecordedEvent[][] = []
  let segment: number | undefined
  for (const batch of batches) {
    if (batch.segment !== segment && parts.length) {
      segments.push(sortByTimestamp(concat(parts)))
      parts = []
    }
    segment = batch.segment
    parts.push(decodeBatchOf(sessionId, batch.seq, batch.data))
  }
  if (parts.length) segments.push(sortByTimestamp(concat(parts)))
  return concat(segments)
}

/** Plans of the sessions being loaded: the player asks for every chunk of a session in a row. */
const PLAN_CACHE_SIZE = 8

/** Progressive loading: a session's outline (chunks without events) and one chunk's events. */
export class ReplayChunks {
  private readonly statements
  private readonly planCache = new Map<string, { version: string; plan: ChunkPlan[] }>()

  constructor(db: Database.Database) {
    this.statements = {
      session: db.prepare<[string], SessionVersionRow>(
        'SELECT started_at, ended_at, batch_count, first_seen_at, last_seen_at FROM sessions WHERE id = ?'
      ),
      // Same order as Store.getBatches, without the blobs (served by the session_replay_by_time index).
      spans: db.prepare<[string], BatchSpan>(
        'SELECT seq, segment, first_ts, last_ts, event_count FROM session_replay WHERE session_id = ? ORDER BY segment, first_ts, seq'
      ),
      data: db.prepare<[string, number], { data: Buffer }>(
        'SELECT data FROM session_replay WHERE session_id = ? AND seq = ?'
      )
    }
  }

  /**
   * The session's chunk plan, or null for an unknown session. Loading a long session asks for
   * thousands of chunks in a row, so the plan is cached, keyed by what every new batch changes
   * (batch count, last receive time) and what a deleted-then-recreated session changes (first receive time).
   */
  private plan(sessionId: string): { session: SessionVersionRow; plan: ChunkPlan[] } | null {
    const session = this.statements.session.get(sessionId)
    if (!session) {
      this.planCache.delete(sessionId)
      return null
    }
    const version = `${session.batch_count}:${session.first_seen_at}:${session.last_seen_at}`
    const cached = this.planCache.get(sessionId)
    if (cached?.version === version) return { session, plan: cached.plan }
    const plan = planChunks(this.statements.spans.all(sessionId))
    this.planCache.delete(sessionId)
    this.planCache.set(sessionId, { version, plan })
    if (this.planCache.size > PLAN_CACHE_SIZE) this.planCache.delete(this.planCache.keys().next().value!)
    return { session, plan }
  }

  outline(sessionId: string): SessionOutline | null {
    const found = this.plan(sessionId)
    if (!found) return null
    const { session } = found
    const chunks = found.plan.map(({ seqs: _seqs, ...info }) => info)
    return {
      sessionId,
      startedAt: session.started_at,
      endedAt: session.ended_at,
      eventCount: chunks.reduce((sum, chunk) => sum + chunk.eventCount, 0),
      chunks
    }
  }

  /**
   * The events of chunk `index` in time order, or null when the session has no such chunk.
   * Reads only that chunk's blobs. An index means the same chunk as in an outline taken since the
   * session's last new batch (a new batch usually appends chunks; a late batch may shift them).
   * Throws StoredBatchError when one of its batches cannot be read.
   */
  events(sessionId: string, index: number): RecordedEvent[] | null {
    const chunk = this.plan(sessionId)?.plan[index]
    return chunk ? this.chunkEvents(sessionId, chunk) : null
  }

  /**
   * Every chunk's events in order, one chunk in memory at a time, from one plan taken now: batches that
   * arrive meanwhile are not included and cannot shift the chunks (stored batches never change their
   * events). Null for an unknown session.
   */
  allChunks(sessionId: string): Iterable<RecordedEvent[]> | null {
    const found = this.plan(sessionId)
    if (!found) return null
    const { plan } = found
    const chunkEvents = (chunk: ChunkPlan) => this.chunkEvents(sessionId, chunk)
    return (function* () {
      for (const chunk of plan) yield chunkEvents(chunk)
    })()
  }

  private chunkEvents(sessionId: string, chunk: ChunkPlan): RecordedEvent[] {
    const events: RecordedEvent[] = []
    for (const seq of chunk.seqs) {
      const row = this.statements.data.get(sessionId, seq)
      if (row) for (const event of decodeBatchOf(sessionId, seq, row.data)) events.push(event)
    }
    return sortByTimestamp(events)
  }
}
