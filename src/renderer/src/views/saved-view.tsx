import { useEffect, useState } from 'react'
import type { SessionDetail, SessionSummary } from '../../../shared/types'
import { formatDateTime, formatDuration, shortUrl } from '../format'
import { browserLabel } from '../../../shared/session-labels'
import { sessionHref } from '../router'
import { useSavedStore } from '../stores/saved-store'
import { useSessionsStore } from '../stores/sessions-store'
import { ConfirmDialog } from '../components/dialogs'
import { ErrorLine } from '../components/error-line'
import { ErrorBoundary } from '../components/error-boundary'

function pinnedIds(sessions: SessionSummary[]): string {
  let ids = ''
  for (const session of sessions) if (session.pinned) ids += `${session.id}\n`
  return ids
}

function SavedCard({ detail, onDelete }: { detail: SessionDetail; onDelete(): void }) {
  const unpin = useSavedStore((state) => state.unpin)
  const pin = detail.pin!
  return (
    <li className="saved-card" data-session-id={detail.id}>
      <div className="saved-main">
        <a href={sessionHref(detail.id)} className="saved-name">
          {pin.name || shortUrl(detail.urls[0] ?? '') || detail.id}
        </a>
        {pin.note && <p className="saved-note">{pin.note}</p>}
        <span className="muted">
          {formatDateTime(detail.startedAt)} · {formatDuration(detail.durationMs)} · {browserLabel(detail) || '—'} ·{' '}
          {shortUrl(detail.urls[0] ?? '')}
          {detail.urls.length > 1 && ` +${detail.urls.length - 1} pages`} · pinned {formatDateTime(pin.savedAt)}
        </span>
      </div>
      <div className="saved-actions">
        <a className="button" href={sessionHref(detail.id)}>
          Open
        </a>
        <button type="button" onClick={() => void unpin(detail.id)}>
          Unpin
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete…
        </button>
      </div>
    </li>
  )
}

export function SavedView() {
  const { saved, loading, error, refresh, remove } = useSavedStore()
  const onChange = useSessionsStore((state) => state.onChange)
  // The live (debounced) list says which sessions are pinned: a pin made in another window (or the CLI)
  // changes this key and reloads the cards; batches arriving for unpinned sessions do not.
  const pinnedKey = useSessionsStore((state) => pinnedIds(state.sessions))
  const [deleting, setDeleting] = useState<SessionDetail | null>(null)

  useEffect(() => {
    void refresh()
  }, [refresh, pinnedKey])
  // A card's own session changed (its pin edited or removed elsewhere, more of it recorded, deleted).
  useEffect(
    () =>
      onChange((notice) => {
        if (notice.kind === 'resync' || useSavedStore.getState().saved.some((detail) => detail.id === notice.sessionId))
          void refresh()
      }),
    [refresh, onChange]
  )

  return (
    <section className="saved-view pad" aria-label="Saved sessions">
      <h2>Saved sessions</h2>
      <p className="muted">Pinned sessions are never pruned.</p>
      <ErrorLine error={error} />
      {!loading && !saved.length && <p className="muted">Nothing pinned yet: open a session and use “Pin…”.</p>}
      <ul className="saved-list">
        {saved.map((detail) => (
          <ErrorBoundary key={detail.id} label={`Saved session ${detail.id}`} resetKey={detail}>
            <SavedCard detail={detail} onDelete={() => setDeleting(detail)} />
          </ErrorBoundary>
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title="Delete this session?"
          message={
            <p>
              <strong>{deleting.pin?.name || deleting.id}</strong> is pinned. Deleting removes the recording from the
              database; this cannot be undone.
            </p>
          }
          confirmLabel="Delete"
          danger
          onConfirm={() => remove(deleting.id)}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  )
}
