import type Database from 'better-sqlite3'
import type { Finding, FindingFix, FindingWhere, FixKind, PiiKind } from '../../../shared/audit'
import type { RecordedEvent, RecorderConfig } from '../../../shared/types'
import { BatchFailuresTable } from './batch-failures'
import type { Transactions } from './transactions'
import { decodeStoredEvents } from './replay-codec'
import type { StoredBatchData } from './search-index'

// Writes and reads of the privacy audit's index (tables of migration 007), for the auditor
// (analysis/audit/audit-indexer.ts), the audit service and search's `pii` terms.

export interface AuditState {
  version: number
  /** Batches audited, quarantined ones included (equal to sessions.batch_count when up to date). */
  batchCount: number
  lastSeq: number
  lastSegment: number
  findingCount: number
  /** The masking census as JSON (MaskingCensus). */
  masking: string
  /** Changes on every full audit of the session (an audit another process rebuilt is stale in memory). */
  generation: number
}

/** A finding as stored: everything but the value, which is never stored. */
export type FindingRow = Omit<Finding, 'sessionId'>

/** What the audit needs to know of a session. */
export interface AuditSessionFacts {
  id: string
  config: RecorderConfig
  language: string
  /** The first page's URL (its origin is the session's site). */
  firstUrl: string | null
  startedAt: number
  batchCount: number
}

interface FindingDbRow {
  id: number
  session_id: string
  segment: number
  ts: number
  kind: string
  location: string
  name: string | null
  selector: string | null
  node_id: number | null
  excerpt: string
  occurrences: number
  fix_kind: string
  fix_value: string | null
  fix_text: string
}

interface FactsRow {
  id: string
  config_json: string
  language: string
  first_url: string | null
  started_at: number
  batch_count: number
}

const toFinding = (row: FindingDbRow): Finding => ({
  sessionId: row.session_id,
  kind: row.kind as PiiKind,
  where: row.location as FindingWhere,
  name: row.name,
  selector: row.selector,
  timestamp: row.ts,
  segment: row.segment,
  nodeId: row.node_id,
  excerpt: row.excerpt,
  occurrences: row.occurrences,
  fix: { kind: row.fix_kind as FixKind, value: row.fix_value, text: row.fix_text } satisfies FindingFix
})

const toFacts = (row: FactsRow): AuditSessionFacts => ({
  id: row.id,
  config: JSON.parse(row.config_json) as RecorderConfig,
  language: row.language,
  firstUrl: row.first_url,
  startedAt: row.started_at,
  batchCount: row.batch_count
})

const FACTS = `SELECT s.id, s.config_json, s.language, s.started_at, s.batch_count,
  (SELECT url FROM session_pages p WHERE p.session_id = s.id ORDER BY segment, at LIMIT 1) AS first_url
  FROM sessions s`

export class AuditIndexStore {
  /** Batches the audit quarantined (stage 'audit'): skipped from then on. */
  readonly failures: BatchFailuresTable
  private readonly statements

  /** Built by Store.auditIndex, which passes the store's one Transactions. */
  constructor(
    private readonly db: Database.Database,
    private readonly transactions: Transactions
  ) {
    this.failures = new BatchFailuresTable(db)
    this.statements = {
      state: db.prepare<[string], AuditState>(
        `SELECT version, batch_count AS batchCount, last_seq AS lastSeq, last_segment AS lastSegment,
           finding_count AS findingCount, masking, generation FROM audit_state WHERE session_id = ?`
      ),
      putState: db.prepare(
        `INSERT INTO audit_state (session_id, version, batch_count, last_seq, last_segment, finding_count, masking,
           generation, audited_at)
         VALUES (@sessionId, @version, @batchCount, @lastSeq, @lastSegment, @findingCount, @masking, @generation, @at)
         ON CONFLICT (session_id) DO UPDATE SET version = excluded.version, batch_count = excluded.batch_count,
           last_seq = excluded.last_seq, last_segment = excluded.last_segment, finding_count = excluded.finding_count,
           masking = excluded.masking, generation = excluded.generation, audited_at = excluded.audited_at`
      ),
      clearFindings: db.prepare<[string]>('DELETE FROM audit_findings WHERE session_id = ?'),
      insertFinding: db.prepare(
        `INSERT INTO audit_findings (session_id, segment, ts, kind, location, name, selector, node_id, excerpt,
           occurrences, fix_kind, fix_value, fix_text)
         VALUES (@sessionId, @segment, @timestamp, @kind, @where, @name, @selector, @nodeId, @excerpt, @occurrences,
           @fixKind, @fixValue, @fixText)`
      ),
      updateOccurrences: db.prepare<[number, number]>('UPDATE audit_findings SET occurrences = ? WHERE id = ?'),
      findingsOf: db.prepare<[string], FindingDbRow>(
        'SELECT * FROM audit_findings WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY session_id, ts, id'
      ),
      allFindings: db.prepare<[], FindingDbRow>('SELECT * FROM audit_findings ORDER BY session_id, ts, id'),
      findingsOfKind: db.prepare<[string], FindingDbRow>('SELECT * FROM audit_findings WHERE kind = ? ORDER BY ts'),
      stale: db.prepare<[number], { id: string }>(
        `SELECT s.id FROM sessions s LEFT JOIN audit_state a ON a.session_id = s.id
         WHERE a.version IS NULL OR a.version <> ? OR a.batch_count <> s.batch_count ORDER BY s.started_at DESC`
      ),
      isStale: db.prepare<[string, number], { found: number }>(
        `SELECT 1 AS found FROM sessions s LEFT JOIN audit_state a ON a.session_id = s.id
         WHERE s.id = ? AND (a.version IS NULL OR a.version <> ? OR a.batch_count <> s.batch_count)`
      ),
      facts: db.prepare<[string], FactsRow>(`${FACTS} WHERE s.id = ?`),
      factsWithFindings: db.prepare<[], FactsRow>(
        `${FACTS} WHERE EXISTS (SELECT 1 FROM audit_findings f WHERE f.session_id = s.id)`
      ),
      sessionBatchKeys: db.prepare<[string], { seq: number; segment: number }>(
        'SELECT seq, segment FROM session_replay WHERE session_id = ? ORDER BY segment, seq'
      ),
      batchData: db.prepare<[string, number], { data: Buffer }>(
        'SELECT data FROM session_replay WHERE session_id = ? AND seq = ?'
      ),
      hasStoredBatch: db.prepare<[string, number], { found: number }>(
        'SELECT 1 AS found FROM session_replay WHERE session_id = ? AND seq = ?'
      ),
      storedBatchCount: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM session_replay WHERE session_id = ?'
      )
    }
  }

  get isOpen(): boolean {
    return this.db.open
  }

  /** Runs `work` in one IMMEDIATE transaction, or in a savepoint inside the open one (the store's Transactions). */
  transaction<T>(work: () => T): T {
    return this.transactions.immediate(work)
  }

  /** Runs `work` in a savepoint of the transaction in progress: if it throws, only its own writes are undone. */
  savepoint<T>(work: () => T): T {
    return this.transactions.savepoint(work)
  }

  state(sessionId: string): AuditState | undefined {
    return this.statements.state.get(sessionId)
  }

  putState(sessionId: string, state: AuditState, at = Date.now()): void {
    this.statements.putState.run({ sessionId, ...state, at })
  }

  clearFindings(sessionId: string): void {
    this.statements.clearFindings.run(sessionId)
  }

  /** Stores a finding (its excerpt, never its value); returns the row id. */
  insertFinding(sessionId: string, finding: FindingRow): number {
    const { fix, ...fields } = finding
    return Number(
      this.statements.insertFinding.run({
        sessionId,
        ...fields,
        fixKind: fix.kind,
        fixValue: fix.value,
        fixText: fix.text
      }).lastInsertRowid
    )
  }

  updateOccurrences(rowId: number, occurrences: number): void {
    this.statements.updateOccurrences.run(occurrences, rowId)
  }

  /** The findings of `sessionIds` (every session's when null), by session and time. */
  findings(sessionIds: readonly string[] | null): Finding[] {
    const rows =
      sessionIds === null
        ? this.statements.allFindings.all()
        : this.statements.findingsOf.all(JSON.stringify(sessionIds))
    return rows.map(toFinding)
  }

  /** Findings of one kind (every kind when null), for search. */
  findingsOfKind(kind: PiiKind | null): Finding[] {
    return (kind === null ? this.statements.allFindings.all() : this.statements.findingsOfKind.all(kind)).map(toFinding)
  }

  /** Sessions never audited, audited by another AUDIT_VERSION, or with batches the audit has not read. */
  staleSessionIds(version: number): string[] {
    return this.statements.stale.all(version).map((row) => row.id)
  }

  /** Whether the session exists and is stale (see staleSessionIds). */
  isStale(sessionId: string, version: number): boolean {
    return this.statements.isStale.get(sessionId, version) !== undefined
  }

  facts(sessionId: string): AuditSessionFacts | null {
    const row = this.statements.facts.get(sessionId)
    return row ? toFacts(row) : null
  }

  /** Every session with at least one finding (suggestions are made per site from these). */
  factsOfSessionsWithFindings(): AuditSessionFacts[] {
    return this.statements.factsWithFindings.all().map(toFacts)
  }

  hasStoredBatch(sessionId: string, seq: number): boolean {
    return this.statements.hasStoredBatch.get(sessionId, seq) !== undefined
  }

  storedBatchCount(sessionId: string): number {
    return this.statements.storedBatchCount.get(sessionId)!.n
  }

  /** The events of one stored batch ([] when it is gone). */
  storedEvents(sessionId: string, seq: number): RecordedEvent[] {
    const row = this.statements.batchData.get(sessionId, seq)
    return row ? decodeStoredEvents(row.data) : []
  }

  /** Every stored batch of a session, page load by page load, in seq order, read one at a time. */
  *sessionBatches(sessionId: string): Generator<StoredBatchData> {
    for (const { seq, segment } of this.statements.sessionBatchKeys.all(sessionId)) {
      const row = this.statements.batchData.get(sessionId, seq)
      if (row) yield { seq, segment, data: row.data }
    }
  }
}
