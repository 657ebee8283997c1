// The privacy audit's read side for the API and the CLI: a session's findings with its masking report and
// its site's suggested snippet, and the report over many sessions (the CLI's `audit`), made from the audit
// index (analysis/audit/audit-indexer.ts). `prepare` brings the index up to date first (the app drains its
// auditor's queue; the CLI catches up with what the app stored).
import type { AuditReport, Finding, MaskingCensus, SessionAuditView, SiteSuggestion } from '../../../shared/audit'
import { AUDIT_VERSION, type AuditIndexer } from '../analysis/audit/audit-indexer'
import { suggestSnippets, type SessionFixes } from '../analysis/audit/fixes'
import type { AuditSessionFacts } from '../store/audit-index'

/** The site a session belongs to: its first page's origin. */
export function siteOf(url: string | null): string {
  if (!url) return 'unknown site'
  try {
    const { origin } = new URL(url)
    return origin === 'null' ? url.slice(0, 60) : origin
  } catch {
    return 'unknown site'
  }
}

const EMPTY_CENSUS: MaskingCensus = { maskedInputs: 0, maskedTexts: 0, blockedElements: 0, blocked: [] }

export interface AuditService {
  /** null for an unknown session. */
  sessionAudit(sessionId: string): SessionAuditView | null
  /** Findings of `sessionIds` (every session when null) and one suggested snippet per site. */
  report(sessionIds: readonly string[] | null): AuditReport
}

export function createAuditService(
  auditor: AuditIndexer,
  options: { receiverUrl: () => string; prepare?: () => void }
): AuditService {
  const index = auditor.store

  const suggestionsFor = (facts: AuditSessionFacts[], findings: Finding[]): SiteSuggestion[] => {
    const fixes = new Map<string, Finding['fix'][]>()
    for (const finding of findings) fixes.set(finding.sessionId, [...(fixes.get(finding.sessionId) ?? []), finding.fix])
    const sessions: SessionFixes[] = facts.map((session) => ({
      sessionId: session.id,
      site: siteOf(session.firstUrl),
      config: session.config,
      startedAt: session.startedAt,
      fixes: fixes.get(session.id) ?? []
    }))
    return suggestSnippets(sessions, options.receiverUrl())
  }

  return {
    sessionAudit(sessionId) {
      options.prepare?.()
      const facts = index.facts(sessionId)
      if (!facts) return null
      const state = index.state(sessionId)
      const findings = index.findings([sessionId])
      // The snippet for the session's whole site: every session of it with findings.
      const site = siteOf(facts.firstUrl)
      const siblings = index.factsOfSessionsWithFindings().filter((each) => siteOf(each.firstUrl) === site)
      const siteFindings = index.findings(siblings.map((each) => each.id))
      const census = state ? (JSON.parse(state.masking) as MaskingCensus) : EMPTY_CENSUS
      return {
        sessionId,
        upToDate: state?.version === AUDIT_VERSION && state.batchCount === facts.batchCount,
        findings,
        masking: {
          config: facts.config,
          configSource: `the snippet's data-* attributes on ${facts.firstUrl ?? 'the first page'}, as recorder ${facts.config.version} reported them with the session's first batch`,
          ...census
        },
        suggestion: suggestionsFor(siblings, siteFindings).find((each) => each.site === site) ?? null
      }
    },

    report(sessionIds) {
      options.prepare?.()
      const findings = index.findings(sessionIds)
      const ids = [...new Set(findings.map((finding) => finding.sessionId))]
      const facts = ids.map((id) => index.facts(id)).filter((each): each is AuditSessionFacts => each !== null)
      return { findings, suggestions: suggestionsFor(facts, findings) }
    }
  }
}
