// Redaction: a copy of a session with every finding masked (a new session, or our own JSON file), or the
// stored session rewritten in place — irreversibly, after the user confirmed — so that no byte of a found
// value remains in the database file.
//
// The values are found again by a full audit of the stored recording in memory (the audit index keeps only
// excerpts), masked in every string of every event (shared/events/redact-events.ts), and each rewritten batch
// is checked to hold none of them before anything is written. In place, the rewrite, the rebuilt search
// index and the new audit are one transaction run with secure_delete; then the file is scrubbed (full-text
// indexes merged, WAL checkpointed and truncated, VACUUM).
import { randomBytes } from 'node:crypto'
import type { RedactionOptions, RedactionResult } from '../../../shared/audit'
import { createEventRedactor, type EventRedactor } from '../../../shared/events/redact-events'
import type { RecordedEvent } from '../../../shared/types'
import type { AuditIndexer } from '../analysis/audit/audit-indexer'
import { SessionAudit } from '../analysis/audit/session-audit'
import type { InteractionIndexer } from '../analysis/interaction-indexer'
import { decodeStoredEvents, encodeCompactedEvents } from '../store/replay-codec'
import type { RewrittenBatch, RewrittenPage } from '../store/session-rewrite'
import type { Store } from '../store/store'

/** Brotli quality for rewritten batches: the write lock is held while they are encoded (the compactor's 11 is ~20x slower). */
const REDACTION_QUALITY = 5

export class RedactionError extends Error {}

export interface RedactionDeps {
  store: Store
  auditor: AuditIndexer
  /** The search index, rebuilt for the rewritten session (null when search is off). */
  indexer: InteractionIndexer | null
}

/** A session's batches, decoded, with what the redactor needs. */
interface Prepared {
  redactor: EventRedactor
  values: number
  batches: { seq: number; segment: number; events: RecordedEvent[] }[]
  pages: RewrittenPage[]
  referrer: string
}

/** Reads the session and finds its values (a full audit in memory); null for an unknown session. */
function prepare(deps: RedactionDeps, sessionId: string, options: RedactionOptions): Prepared | null {
  const facts = deps.auditor.store.facts(sessionId)
  const detail = deps.store.getSession(sessionId)
  if (!facts || !detail) return null
  const audit = new SessionAudit({ config: facts.config, language: facts.language })
  const batches: Prepared['batches'] = []
  for (const batch of deps.auditor.store.sessionBatches(sessionId)) {
    const events = decodeStoredEvents(batch.data)
    audit.feed(events, batch.segment)
    batches.push({ seq: batch.seq, segment: batch.segment, events })
  }
  audit.finish()
  const values = new Set(audit.all().map((finding) => finding.value))
  const redactor = createEventRedactor(values, options)
  return {
    redactor,
    values: values.size,
    batches,
    pages: detail.pages.map((page) => ({ ...page, url: redactor.redactText(page.url) })),
    referrer: redactor.redactText(detail.referrer)
  }
}

/** Redacts every batch (in memory); refuses if any value survived. */
function rewrite(prepared: Prepared): { batches: RewrittenBatch[]; replacements: number; eventsJson: string[] } {
  let replacements = 0
  const batches: RewrittenBatch[] = []
  const eventsJson: string[] = []
  for (const batch of prepared.batches) {
    replacements += prepared.redactor.redact(batch.events)
    const json = JSON.stringify(batch.events)
    if (prepared.redactor.holdsValue(json)) {
      throw new RedactionError(`batch ${batch.seq} still holds a found value after redaction; nothing was written`)
    }
    eventsJson.push(json)
    batches.push({ seq: batch.seq, data: encodeCompactedEvents(json, REDACTION_QUALITY) })
  }
  for (const text of [prepared.referrer, ...prepared.pages.map((page) => page.url)]) {
    if (prepared.redactor.holdsValue(text))
      throw new RedactionError('a page URL still holds a found value; nothing was written')
  }
  return { batches, replacements, eventsJson }
}

/** A new id for a redacted copy (the session id pattern: 8–64 of A-Z a-z 0-9 _ -). */
const copyIdFor = () => `redacted-${randomBytes(12).toString('base64url')}`

export function redactSession(
  deps: RedactionDeps,
  sessionId: string,
  options: RedactionOptions
): RedactionResult | null {
  const { store, auditor, indexer } = deps
  if (options.mode === 'copy') {
    const prepared = prepare(deps, sessionId, options)
    if (!prepared) return null
    const { batches, replacements } = rewrite(prepared)
    const copyId = copyIdFor()
    store.transaction(() => {
      store.copySession(sessionId, copyId, batches, prepared.pages, prepared.referrer)
      indexer?.reindexSession(copyId)
      auditor.auditSession(copyId)
    })
    return { sessionId: copyId, mode: 'copy', values: prepared.values, replacements, walTruncated: true }
  }
  // In place: read and write in one transaction, so a batch stored meanwhile cannot slip past unredacted.
  const outcome = store.withSecureDelete(() =>
    store.transaction(() => {
      const prepared = prepare(deps, sessionId, options)
      if (!prepared) return null
      const { batches, replacements } = rewrite(prepared)
      store.rewriteSession(sessionId, batches, prepared.pages, prepared.referrer)
      if (indexer) {
        indexer.reindexSession(sessionId)
        // Paths (element + attributes) only the old recording used go with it.
        indexer.index.dropOrphans()
      }
      auditor.auditSession(sessionId)
      return { values: prepared.values, replacements }
    })
  )
  if (!outcome) return null
  const { walTruncated } = store.withSecureDelete(() => store.scrubFile())
  return { sessionId, mode: 'in-place', ...outcome, walTruncated }
}

/** The JSON envelope `redact -o FILE` writes: a redacted copy outside the database (format version 1). */
export const REDACTED_FILE_FORMAT = 'replay-investigator/redacted-session'

/**
 * Writes a redacted copy of the session as JSON, piece by piece through `write` (a long session is never one
 * string): `{format, version, session: SessionDetail, batches: [{seq, segment, events}]}`. null: no session.
 */
export function exportRedacted(
  deps: RedactionDeps,
  sessionId: string,
  options: Omit<RedactionOptions, 'mode'>,
  write: (chunk: string) => void
): Omit<RedactionResult, 'walTruncated'> | null {
  const prepared = prepare(deps, sessionId, { ...options, mode: 'copy' })
  const detail = deps.store.getSession(sessionId)
  if (!prepared || !detail) return null
  const { replacements, eventsJson } = rewrite(prepared)
  const session = {
    ...detail,
    referrer: prepared.referrer,
    pages: prepared.pages,
    urls: prepared.pages.map((page) => page.url),
    pin: null
  }
  write(
    `{"format":${JSON.stringify(REDACTED_FILE_FORMAT)},"version":1,"session":${JSON.stringify(session)},"batches":[`
  )
  prepared.batches.forEach((batch, i) => {
    write(`${i > 0 ? ',' : ''}\n{"seq":${batch.seq},"segment":${batch.segment},"events":${eventsJson[i]}}`)
  })
  write('\n]}\n')
  return { sessionId, mode: 'copy', values: prepared.values, replacements }
}
