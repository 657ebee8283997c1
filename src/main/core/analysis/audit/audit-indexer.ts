// The privacy audit as an index, built in the background after ingest like the search index: the Ingestor's
// hook only queues a stored batch (index-queue.ts decides when the queue drains), each session's audit
// (SessionAudit: the shared step model + detectors) stays in memory between its batches, and its findings and
// masking census are written to the audit tables (migration 007). Nothing but the stored batches is needed
// to rebuild it: a session whose audit is missing, stale (AUDIT_VERSION) or behind its stored batches is
// audited again from the store (catchUp, at start and before the CLI reads findings).
//
// One batch can never stop the audit: a batch that breaks analysis is quarantined (batch_failures, stage
// 'audit': recorded with a scrubbed error, counted as audited, skipped from then on). Database errors are not
// the batch's fault: they postpone the drain.
import { LRUCache } from 'lru-cache'
import { MAX_NODES } from '../../../../shared/events/dom-mirror'
import type { IngestBatch } from '../../../../shared/types'
import type { BatchIndexer, StoredBatchKey } from '../../ingest/ingest-batch'
import type { AuditIndexStore, FindingRow } from '../../store/audit-index'
import { decodeStoredEvents } from '../../store/replay-codec'
import { DRAIN_SLICE_MS, IndexQueue, type IndexQueueTiming, type QueuedBatch } from '../index-queue'
import { isDatabaseError } from '../interaction-indexer'
import type { Store } from '../../store/store'
import { scrubbed } from './excerpt'
import { SessionAudit, type AuditFinding } from './session-audit'

/**
 * Bump when what the audit finds changes (detectors, fixes, excerpts): sessions audited by another version
 * are audited again in the background at start, and by `audit` on the command line.
 */
export const AUDIT_VERSION = 1

/** Queued batches per drain transaction. */
const DRAIN_BATCHES = 100
/** Audits kept in memory, by the size of their DOM mirrors (like the search index's page loads). */
const MAX_CACHED_NODES = 600_000
/** A session without a new batch for this long has its open typing bursts read as they are. */
const IDLE_PEEK_MS = 10_000

interface LiveAudit {
  audit: SessionAudit
  generation: number
  batchCount: number
  lastSeq: number
  lastSegment: number
  /** performance.now() of its last batch. */
  touchedAt: number
  peeked: boolean
}

/** What a finding's row holds: everything but the value (and the row id it is about to get). */
function storedFields(finding: AuditFinding): FindingRow {
  const { kind, where, name, selector, timestamp, segment, nodeId, excerpt, occurrences, fix } = finding
  return { kind, where, name, selector, timestamp, segment, nodeId, excerpt, occurrences, fix }
}

export class AuditIndexer implements BatchIndexer {
  readonly store: AuditIndexStore
  private readonly live = new LRUCache<string, LiveAudit>({
    maxSize: MAX_CACHED_NODES,
    maxEntrySize: MAX_NODES,
    sizeCalculation: (entry) => Math.max(1, entry.audit.mirrorSize)
  })
  private readonly queue: IndexQueue
  /** Sessions whose audit catchUp has yet to rebuild (read once per process, then worked off). */
  private stale: string[] | null = null
  /** Where audit problems are reported. Messages never carry a finding's value (errors are scrubbed). */
  onError: (message: string) => void = (message) => process.stderr.write(`privacy audit: ${message}\n`)
  /** Told (after the commit) of each session whose finding count changed (the session list shows it). */
  onAudited: (sessionId: string) => void = () => {}

  constructor(store: Store, timing: IndexQueueTiming = {}) {
    this.store = store.auditIndex
    this.queue = new IndexQueue(() => this.drainSlice(), timing)
  }

  set autoDrain(on: boolean) {
    this.queue.autoDrain = on
  }

  /** The Ingestor's hook, inside the ingest transaction: queues the batch. */
  indexBatch(batch: IngestBatch, receivedAt: number): void {
    const { sessionId, segment, seq } = batch
    this.queue.push({ sessionId, segment, seq, receivedAt }, batch.events)
  }

  /** The Ingestor's hook for a batch stored without its events in memory (a file import): read back when drained. */
  indexStoredBatch({ sessionId, segment, seq }: StoredBatchKey, receivedAt: number): void {
    this.queue.push({ sessionId, segment, seq, receivedAt }, null)
  }

  get queued(): number {
    return this.queue.length
  }

  /** Audits every queued batch now (the API does before it answers); returns how many there were. */
  drain(onProgress?: (done: number, left: number) => void): number {
    let done = 0
    while (this.queue.length > 0) {
      done += this.drainSome(Infinity)
      onProgress?.(done, this.queue.length)
    }
    return done
  }

  stop(): void {
    this.queue.stop()
  }

  /** Sessions whose audit is missing, stale or behind their stored batches. */
  staleSessionIds(): string[] {
    return this.store.staleSessionIds(AUDIT_VERSION)
  }

  /**
   * Audits again, from the store, the sessions the audit index does not cover (see staleSessionIds), one
   * transaction each, until `budgetMs` is spent. Returns how many it audited (0: nothing left).
   */
  catchUp(budgetMs = Infinity): number {
    const started = performance.now()
    // Queued batches first: their sessions are behind only until the queue drains.
    this.drain()
    this.stale ??= this.staleSessionIds()
    let done = 0
    while (this.stale.length > 0 && performance.now() - started <= budgetMs) {
      const sessionId = this.stale.shift()!
      if (!this.store.isStale(sessionId, AUDIT_VERSION)) continue
      this.auditSession(sessionId)
      done++
    }
    if (this.stale.length === 0) this.stale = null
    return done
  }

  /** Reads the open typing bursts of sessions that stopped receiving batches (see SessionContent.peekOpen). */
  peekIdle(now = performance.now()): void {
    const idle = [...this.live.entries()].filter(([, entry]) => !entry.peeked && now - entry.touchedAt > IDLE_PEEK_MS)
    if (idle.length === 0) return
    const changed = this.store.transaction(() =>
      idle.filter(([sessionId, entry]) => {
        entry.peeked = true
        entry.audit.peekOpen()
        return this.store.state(sessionId) !== undefined && this.write(sessionId, entry)
      })
    )
    for (const [sessionId] of changed) this.onAudited(sessionId)
  }

  /**
   * Rebuilds one session's audit from its stored batches in one transaction (or inside the open one),
   * leaving out quarantined batches and quarantining any that fails now. A deleted session is skipped.
   */
  auditSession(sessionId: string): void {
    this.live.delete(sessionId)
    const entry = this.store.transaction(() => {
      const facts = this.store.facts(sessionId)
      if (!facts) return null
      this.store.clearFindings(sessionId)
      const audit = new SessionAudit({ config: facts.config, language: facts.language })
      const skip = this.store.failures.seqs(sessionId, 'audit')
      const generation = Math.floor(Math.random() * 2 ** 31)
      const live: LiveAudit = {
        audit,
        generation,
        batchCount: 0,
        lastSeq: -1,
        lastSegment: 0,
        touchedAt: 0,
        peeked: false
      }
      for (const batch of this.store.sessionBatches(sessionId)) {
        live.batchCount++
        live.lastSeq = Math.max(live.lastSeq, batch.seq)
        live.lastSegment = batch.segment
        if (skip.has(batch.seq)) continue
        this.isolated(sessionId, batch.seq, () => audit.feed(decodeStoredEvents(batch.data), batch.segment))
      }
      audit.peekOpen()
      return { live, changed: this.write(sessionId, live) }
    })
    if (!entry) return
    entry.live.touchedAt = performance.now()
    this.live.set(sessionId, entry.live)
    if (entry.changed) this.onAudited(sessionId)
  }

  private drainSlice(): void {
    try {
      const started = performance.now()
      while (this.queue.length > 0 && performance.now() - started < DRAIN_SLICE_MS) this.drainSome(DRAIN_SLICE_MS)
    } catch (error) {
      if (!this.store.isOpen) this.queue.clear()
      else this.onError(`audit postponed: ${scrubbed((error as Error).message)}`)
    }
    if (this.store.isOpen) this.queue.schedule()
  }

  /** One transaction: up to DRAIN_BATCHES queued batches or about `budgetMs` of work. */
  private drainSome(budgetMs: number): number {
    const started = performance.now()
    const changed = new Set<string>()
    let done = 0
    this.store.transaction(() => {
      while (done < DRAIN_BATCHES && this.queue.length > 0 && performance.now() - started < budgetMs) {
        const item = this.queue.take()!
        done++
        if (this.auditQueued(item)) changed.add(item.sessionId)
      }
    })
    for (const sessionId of changed) this.onAudited(sessionId)
    return done
  }

  /** Audits one queued batch on top of the session's live audit; true when its finding count changed. */
  private auditQueued(item: QueuedBatch): boolean {
    const { sessionId, segment, seq } = item
    // Gone meanwhile: rolled back with its ingest transaction, or the session was deleted.
    if (!this.store.hasStoredBatch(sessionId, seq)) return false
    const state = this.store.state(sessionId)
    const entry = this.live.get(sessionId)
    const inStep =
      state?.version === AUDIT_VERSION &&
      entry?.generation === state.generation &&
      entry.batchCount === state.batchCount &&
      entry.lastSeq === state.lastSeq
    if (!inStep || !entry) {
      // Not in memory (a restart, evicted), or the store moved on without us: rebuilt from the store,
      // which holds this batch too.
      this.auditSession(sessionId)
      return false // auditSession told onAudited itself
    }
    if (seq <= entry.lastSeq || segment < entry.lastSegment) {
      // Audited already (a catch-up read it), or a retried batch older than its successors: mutations only
      // make sense in order, so the session is audited again.
      if (this.store.storedBatchCount(sessionId) === entry.batchCount) return false
      this.auditSession(sessionId)
      return false
    }
    const events = item.events ?? this.store.storedEvents(sessionId, seq)
    const fed = this.isolated(sessionId, seq, () => entry.audit.feed(events, segment))
    entry.batchCount++
    entry.lastSeq = seq
    entry.lastSegment = segment
    entry.touchedAt = performance.now()
    entry.peeked = false
    // A batch that broke analysis may have left the audit half-way: rebuilt (without it) by the next batch.
    if (!fed) this.live.delete(sessionId)
    return this.write(sessionId, entry)
  }

  /** Runs one batch's analysis; a failure quarantines the batch (false). Database errors propagate. */
  private isolated(sessionId: string, seq: number, work: () => void): boolean {
    try {
      work()
      return true
    } catch (error) {
      if (isDatabaseError(error)) throw error
      const message = scrubbed((error as Error).message ?? String(error))
      this.onError(`batch ${seq} of session ${sessionId} quarantined: ${message}`)
      this.store.failures.record(sessionId, seq, 'audit', message)
      return false
    }
  }

  /** Writes what changed in a session's audit and its state row; true when its finding count changed. */
  private write(sessionId: string, entry: LiveAudit): boolean {
    const changes = entry.audit.takeChanges()
    for (const finding of changes) {
      if (finding.rowId === null) {
        finding.rowId = this.store.insertFinding(sessionId, storedFields(finding))
      } else {
        this.store.updateOccurrences(finding.rowId, finding.occurrences)
      }
    }
    const masking = JSON.stringify(entry.audit.census())
    const previous = this.store.state(sessionId)
    this.store.putState(sessionId, {
      version: AUDIT_VERSION,
      batchCount: entry.batchCount,
      lastSeq: entry.lastSeq,
      lastSegment: entry.lastSegment,
      findingCount: entry.audit.findingCount,
      masking,
      generation: entry.generation
    })
    // What the session list shows of the audit is its finding count (a session not audited yet shows none).
    return (previous?.findingCount ?? 0) !== entry.audit.findingCount
  }
}
