// The replay's Privacy tab: what the recorder hid (its configuration, masked and blocked counts, every blocked
// element), what the audit found (click a finding: the replay seeks there and outlines the element), the
// snippet the session's site should use, and redaction. Findings show their excerpt only, never the value.
import { useState } from 'react'
import { PII_KIND_LABELS, type Finding } from '../../../shared/audit'
import { formatClock } from '../format'
import { navigate, sessionHref } from '../router'
import { usePlayerStore } from '../stores/player-store'
import { usePrivacyStore } from '../stores/privacy-store'
import { ConfirmDialog } from './dialogs'
import { ErrorLine } from './error-line'
import { SnippetBox } from './snippet-box'

function FindingRow({ finding, start }: { finding: Finding; start: number }) {
  const showFinding = usePlayerStore((state) => state.showFinding)
  const where = finding.name ? `${finding.where} · ${finding.name}` : finding.where
  return (
    <li>
      <button
        type="button"
        className="finding"
        data-testid="finding"
        onClick={() => showFinding(finding.timestamp, finding.nodeId)}
        title={`Seek to it${finding.nodeId !== null ? ' and outline the element' : ''}`}
      >
        <span className="finding-head">
          <span className={`finding-kind kind-${finding.kind}`}>{PII_KIND_LABELS[finding.kind]}</span>
          <span className="mono finding-excerpt">{finding.excerpt}</span>
          <span className="spacer" />
          <span className="mono muted">{formatClock(finding.timestamp - start)}</span>
        </span>
        <span className="muted finding-where">
          {where}
          {finding.selector && (
            <>
              {' '}
              in <span className="mono">{finding.selector}</span>
            </>
          )}
          {finding.occurrences > 1 && <> · seen {finding.occurrences}×</>}
        </span>
        <span className="finding-fix">Fix: {finding.fix.text}</span>
      </button>
    </li>
  )
}

function Masking() {
  const masking = usePrivacyStore((state) => state.audit?.masking)
  const start = usePlayerStore((state) => state.outline?.startedAt ?? 0)
  const showFinding = usePlayerStore((state) => state.showFinding)
  if (!masking) return null
  const { config } = masking
  return (
    <section className="privacy-section" aria-label="What the recorder hid">
      <h3>What the recorder hid</h3>
      <dl className="privacy-config">
        <dt>Mask level</dt>
        <dd className="mono">{config.maskLevel}</dd>
        <dt>Block selector</dt>
        <dd className="mono">{config.blockSelector ?? '—'}</dd>
        <dt>Mask selector</dt>
        <dd className="mono">{config.maskSelector ?? '—'}</dd>
      </dl>
      <p className="muted small">From {masking.configSource}.</p>
      <p className="privacy-counts" data-testid="masking-counts">
        <span>
          <strong>{masking.maskedInputs}</strong> masked input{masking.maskedInputs === 1 ? '' : 's'}
        </span>
        <span>
          <strong>{masking.maskedTexts}</strong> masked text node{masking.maskedTexts === 1 ? '' : 's'}
        </span>
        <span>
          <strong>{masking.blockedElements}</strong> blocked element{masking.blockedElements === 1 ? '' : 's'}
        </span>
      </p>
      {masking.blocked.length > 0 && (
        <ul className="blocked-list">
          {masking.blocked.map((element) => (
            <li key={`${element.segment}:${element.nodeId}`}>
              <button type="button" onClick={() => showFinding(element.firstSeen, element.nodeId)}>
                <span className="mono">{element.selector ?? `node ${element.nodeId}`}</span>
                <span className="muted">
                  {element.width !== null && element.height !== null
                    ? ` ${Math.round(element.width)}×${Math.round(element.height)} px`
                    : ''}{' '}
                  · first seen {formatClock(element.firstSeen - start)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Redaction() {
  const redact = usePrivacyStore((state) => state.redact)
  const sessionId = usePrivacyStore((state) => state.sessionId)
  const findings = usePrivacyStore((state) => state.audit?.findings.length ?? 0)
  const [maskAllText, setMaskAllText] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const copy = async () => {
    setBusy(true)
    setError(null)
    try {
      const result = await redact({ mode: 'copy', maskAllText })
      navigate(sessionHref(result.sessionId))
    } catch (failure) {
      setError((failure as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="privacy-section" aria-label="Redaction">
      <h3>Redaction</h3>
      <label className="field">
        <input type="checkbox" checked={maskAllText} onChange={(event) => setMaskAllText(event.target.checked)} />
        Also mask all page text
      </label>
      <div className="privacy-actions">
        <button type="button" disabled={busy} onClick={() => void copy()}>
          Export a redacted copy
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
          Redact in place…
        </button>
      </div>
      <ErrorLine error={error} />
      {confirming && sessionId && (
        <ConfirmDialog
          title="Redact this session in place?"
          message={
            <p>
              {findings > 0
                ? `The ${findings} finding${findings === 1 ? '' : 's'}' values`
                : 'Every value the audit finds'}
              {maskAllText ? ' and all page text' : ''} are masked in the stored recording, and the database file is
              scrubbed so that no copy of them remains. This cannot be undone.
            </p>
          }
          confirmLabel="Redact for good"
          danger
          onConfirm={async () => {
            await redact({ mode: 'in-place', maskAllText })
            // The open replay holds the old events: open the rewritten recording.
            const { outline, currentTs, open } = usePlayerStore.getState()
            open(sessionId, { t: outline ? Math.max(0, currentTs - outline.startedAt) : null })
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  )
}

export function PrivacyPanel() {
  const audit = usePrivacyStore((state) => state.audit)
  const loading = usePrivacyStore((state) => state.loading)
  const error = usePrivacyStore((state) => state.error)
  const start = usePlayerStore((state) => state.outline?.startedAt ?? 0)
  if (loading && !audit) return <p className="muted pad">Auditing…</p>
  if (error) return <ErrorLine error={error} />
  if (!audit) return null
  return (
    <div className="privacy-panel" data-testid="privacy-panel">
      <Masking />
      <section className="privacy-section" aria-label="Findings">
        <h3>
          Findings <span className="badge">{audit.findings.length}</span>
          {!audit.upToDate && <span className="muted small"> (auditing new batches…)</span>}
        </h3>
        {audit.findings.length === 0 ? (
          <p className="muted">No personal data or secrets found in what this recording shows.</p>
        ) : (
          <ul className="finding-list">
            {audit.findings.map((finding, i) => (
              <FindingRow key={i} finding={finding} start={start} />
            ))}
          </ul>
        )}
      </section>
      {audit.suggestion && (
        <section className="privacy-section" aria-label="Suggested snippet">
          <h3>Suggested snippet for {audit.suggestion.site}</h3>
          <p className="muted small">
            Fixes of {audit.suggestion.findings} finding{audit.suggestion.findings === 1 ? '' : 's'} in{' '}
            {audit.suggestion.sessionIds.length} session{audit.suggestion.sessionIds.length === 1 ? '' : 's'} of this
            site, merged.
          </p>
          <SnippetBox snippet={audit.suggestion.snippet} />
          {audit.suggestion.pageChanges.length > 0 && (
            <ul className="page-changes">
              {audit.suggestion.pageChanges.map((change) => (
                <li key={change}>In the page: {change}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      <Redaction />
    </div>
  )
}
