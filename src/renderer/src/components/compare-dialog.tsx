// "Compare with…": pick the session to diff the open one against (B), from the live session list.
// Type to filter, ↑/↓ to move, Enter to compare.
import { useMemo, useState, type KeyboardEvent } from 'react'
import { browserLabel } from '../../../shared/session-labels'
import { formatDateTime, formatDuration, shortUrl } from '../format'
import { EMPTY_FILTER, filterSessions } from '../lib/session-filter'
import { useSessionsStore } from '../stores/sessions-store'
import { Modal } from './dialogs'

/** Sessions listed at most (the filter narrows them down). */
const MAX_LISTED = 200

export function CompareDialog({
  sessionId,
  onCompare,
  onClose
}: {
  sessionId: string
  onCompare(other: string): void
  onClose(): void
}) {
  const sessions = useSessionsStore((state) => state.sessions)
  const [text, setText] = useState('')
  const [cursor, setCursor] = useState(0)
  const others = useMemo(
    () =>
      filterSessions(sessions, { ...EMPTY_FILTER, text })
        .filter((session) => session.id !== sessionId)
        .slice(0, MAX_LISTED),
    [sessions, text, sessionId]
  )
  const at = Math.min(cursor, Math.max(0, others.length - 1))

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setCursor(Math.min(others.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1))))
    } else if (event.key === 'Enter' && others[at]) {
      event.preventDefault()
      onCompare(others[at].id)
    }
  }

  return (
    <Modal title="Compare with…" onClose={onClose} className="modal compare-dialog">
      <p className="muted">This session is A; choose B. ↑/↓ and Enter, or click.</p>
      <input
        type="search"
        placeholder="Filter by URL, browser, OS, IP…"
        aria-label="Filter the sessions to compare with"
        value={text}
        autoFocus
        onChange={(event) => {
          setText(event.target.value)
          setCursor(0)
        }}
        onKeyDown={onKeyDown}
      />
      <ul className="compare-list" role="listbox" aria-label="Sessions">
        {others.map((session, index) => (
          <li
            key={session.id}
            role="option"
            aria-selected={index === at}
            data-session-id={session.id}
            onClick={() => onCompare(session.id)}
          >
            <span>{formatDateTime(session.startedAt)}</span>
            <span className="muted">{formatDuration(session.durationMs)}</span>
            <span className="ellipsis">{shortUrl(session.urls[0] ?? '')}</span>
            <span className="muted">{browserLabel(session) || '—'}</span>
          </li>
        ))}
        {others.length === 0 && <li className="muted">No other session matches.</li>}
      </ul>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}
