// Who the visitor was and how the session was recorded.
import type { ReactNode } from 'react'
import type { SessionDetail } from '../../../shared/types'
import { formatBytes, formatClock, formatDateTime, formatDuration } from '../format'
import { browserLabel, IMPORT_FORMAT_LABELS, osLabel } from '../../../shared/session-labels'
import { PageTimings } from './page-timings'

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

const orDash = (value: string | null | undefined) => (value ? value : '—')

const STAGE_LABELS: Record<SessionDetail['quarantined'][number]['stage'], string> = {
  compact: 'compaction',
  index: 'search indexing',
  audit: 'privacy audit'
}

/** Batches whose compaction or analysis failed: flagged, skipped, and named here with their error. */
function Quarantined({ failures }: { failures: SessionDetail['quarantined'] }) {
  return (
    <>
      <h3>Batches with problems ({failures.length})</h3>
      <p className="muted">
        Kept as received and skipped by the work that failed; the rest of the session is unaffected.
      </p>
      <ul className="quarantined" data-testid="quarantined">
        {failures.map((failure) => (
          <li key={`${failure.seq}-${failure.stage}`}>
            <span className="mono">batch {failure.seq}</span> · {STAGE_LABELS[failure.stage] ?? failure.stage} failed
            {failure.attempts > 1 ? ` ${failure.attempts} times` : ''}, last {formatDateTime(failure.at)}
            <div className="mono wrap error-text">{failure.error}</div>
          </li>
        ))}
      </ul>
    </>
  )
}

export function MetadataPanel({ detail, onSeek }: { detail: SessionDetail; onSeek(ts: number): void }) {
  const { config } = detail
  return (
    <section className="metadata" aria-label="Session metadata">
      <h3>Visitor</h3>
      <dl>
        <Field label="Browser">{orDash(browserLabel(detail))}</Field>
        <Field label="OS">{orDash(osLabel(detail))}</Field>
        <Field label="Device">{detail.device.type}</Field>
        <Field label="User agent">
          <span className="mono wrap" data-testid="raw-user-agent">
            {orDash(detail.userAgent)}
          </span>
        </Field>
        <Field label="IP">
          <span className="mono">{orDash(detail.ip)}</span>
        </Field>
        <Field label="Language">{orDash(detail.language)}</Field>
        <Field label="Timezone">{orDash(detail.timezone)}</Field>
        <Field label="Screen">
          {detail.screen.width}×{detail.screen.height}
        </Field>
        <Field label="Viewport">
          {detail.viewport.width}×{detail.viewport.height}
        </Field>
        <Field label="Referrer">
          <span className="mono wrap">{orDash(detail.referrer)}</span>
        </Field>
      </dl>

      <h3>Pages ({detail.pages.length})</h3>
      <ol className="pages">
        {detail.pages.map((page) => (
          <li key={`${page.segment}-${page.at}`}>
            <button type="button" className="link" onClick={() => onSeek(page.at)} title="Go to this page load">
              <span className="mono">{formatClock(page.at - detail.startedAt)}</span>
            </button>{' '}
            <span className="muted">{formatDateTime(page.at)}</span>
            <div className="mono wrap">{page.url}</div>
          </li>
        ))}
      </ol>

      <PageTimings pages={detail.pages} />

      {detail.imported && (
        <>
          <h3>Imported</h3>
          <dl>
            <Field label="File">
              <span className="mono wrap">{detail.imported.file}</span>
            </Field>
            <Field label="Format">{IMPORT_FORMAT_LABELS[detail.imported.format]}</Field>
            {detail.imported.window && (
              <Field label="Window">
                <span className="mono">{detail.imported.window}</span>
              </Field>
            )}
            <Field label="Imported">{formatDateTime(detail.imported.importedAt)}</Field>
          </dl>
          {detail.imported.format !== 'replay-investigator' && (
            <p className="muted">
              Not recorded by this app: its file does not say how it was masked, so nothing is assumed masked.
            </p>
          )}
        </>
      )}

      <h3>Recorder</h3>
      <dl>
        <Field label="Mask level">
          <span className={`mask mask-${config.maskLevel}`}>{config.maskLevel}</span>
        </Field>
        <Field label="Block selector">
          <code>{orDash(config.blockSelector)}</code>
        </Field>
        <Field label="Mask selector">
          <code>{orDash(config.maskSelector)}</code>
        </Field>
        <Field label="Sample rate">{config.sampleRate}</Field>
        <Field label="Max duration">{formatDuration(config.maxDurationMs)}</Field>
        <Field label="Version">
          <code>{config.version}</code>
        </Field>
      </dl>

      <h3>Recording</h3>
      <dl>
        <Field label="Started">{formatDateTime(detail.startedAt)}</Field>
        <Field label="Duration">{formatDuration(detail.durationMs)}</Field>
        <Field label="Events">{detail.eventCount.toLocaleString()}</Field>
        <Field label="Batches">{detail.batchCount.toLocaleString()}</Field>
        <Field label="Page loads">{detail.segmentCount}</Field>
        <Field label="Stored">
          {formatBytes(detail.bytesStored)} <span className="muted">({formatBytes(detail.bytesRaw)} raw)</span>
        </Field>
        <Field label="Received">
          {formatDateTime(detail.firstSeenAt)} – {formatDateTime(detail.lastSeenAt)}
        </Field>
        <Field label="Session id">
          <code className="wrap">{detail.id}</code>
        </Field>
      </dl>

      {detail.quarantined.length > 0 && <Quarantined failures={detail.quarantined} />}
    </section>
  )
}
