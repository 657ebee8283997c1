// "Audit all sessions" from the session list: the workspace's `audit --all` — one suggested snippet per site
// (every fix of its sessions' findings merged, with a copy button) and the sessions with findings.
import { useEffect, useState } from 'react'
import type { AuditReport } from '../../../shared/audit'
import { getBridge } from '../api/bridge'
import { navigate, sessionHref } from '../router'
import { Modal } from './dialogs'
import { ErrorLine } from './error-line'
import { SnippetBox } from './snippet-box'

export function AuditReportDialog({ onClose }: { onClose(): void }) {
  const [report, setReport] = useState<AuditReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    getBridge()
      .api.auditSessions(null)
      .then(setReport, (failure: Error) => setError(failure.message))
  }, [])
  const countBySession = new Map<string, number>()
  for (const finding of report?.findings ?? []) {
    countBySession.set(finding.sessionId, (countBySession.get(finding.sessionId) ?? 0) + 1)
  }
  return (
    <Modal title="Privacy audit of every session" onClose={onClose}>
      <div className="modal-body audit-report" data-testid="audit-report">
        <ErrorLine error={error} />
        {!report && !error && <p className="muted">Auditing…</p>}
        {report && report.findings.length === 0 && <p>No personal data or secrets found in any recording.</p>}
        {report?.suggestions.map((suggestion) => (
          <section key={suggestion.site} className="privacy-section">
            <h3>
              {suggestion.site}: {suggestion.findings} finding{suggestion.findings === 1 ? '' : 's'} in{' '}
              {suggestion.sessionIds.length} session{suggestion.sessionIds.length === 1 ? '' : 's'}
            </h3>
            <SnippetBox snippet={suggestion.snippet} />
            {suggestion.pageChanges.map((change) => (
              <p key={change} className="muted small">
                In the page: {change}
              </p>
            ))}
            <ul className="audit-sessions">
              {suggestion.sessionIds.map((id) => (
                <li key={id}>
                  <button
                    type="button"
                    onClick={() => {
                      onClose()
                      navigate(sessionHref(id))
                    }}
                  >
                    <span className="mono">{id}</span> · {countBySession.get(id) ?? 0} findings
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <div className="modal-actions">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Modal>
  )
}
