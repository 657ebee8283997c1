import { useMemo } from 'react'
import { EMPTY_FILTER, filterSessions, sortSessions } from '../lib/session-filter'
import { navigate, sessionHref } from '../router'
import { useSessionsStore } from '../stores/sessions-store'
import { SessionTable } from '../components/session-table'
import { EmptyState } from './empty-state'

function ListToolbar({ shown, total }: { shown: number; total: number }) {
  const filter = useSessionsStore((state) => state.filter)
  const setFilter = useSessionsStore((state) => state.setFilter)
  const filtered = filter.text || filter.from || filter.to || filter.pinnedOnly
  return (
    <div className="toolbar" role="search" aria-label="Filter sessions">
      <input
        type="search"
        className="filter-text"
        placeholder="Filter by URL, browser, OS, IP…"
        aria-label="Filter by URL, browser, OS or IP"
        value={filter.text}
        onChange={(event) => setFilter({ text: event.target.value })}
      />
      <label className="field">
        From
        <input type="date" value={filter.from} onChange={(event) => setFilter({ from: event.target.value })} />
      </label>
      <label className="field">
        To
        <input type="date" value={filter.to} onChange={(event) => setFilter({ to: event.target.value })} />
      </label>
      <label className="field">
        <input
          type="checkbox"
          checked={filter.pinnedOnly}
          onChange={(event) => setFilter({ pinnedOnly: event.target.checked })}
        />
        Pinned only
      </label>
      <span className="spacer" />
      <span className="muted" data-testid="session-count">
        {filtered ? `${shown.toLocaleString()} of ${total.toLocaleString()}` : total.toLocaleString()} session
        {total === 1 ? '' : 's'}
      </span>
      {filtered && (
        <button type="button" onClick={() => setFilter(EMPTY_FILTER)}>
          Clear
        </button>
      )}
    </div>
  )
}

export function SessionsView() {
  const { sessions, appInfo, loading, error, sort, filter, selectedId, sortBy, select } = useSessionsStore()
  const visible = useMemo(() => sortSessions(filterSessions(sessions, filter), sort), [sessions, filter, sort])

  if (!loading && !error && sessions.length === 0) return <EmptyState appInfo={appInfo} />
  return (
    <section className="sessions-view">
      <ListToolbar shown={visible.length} total={sessions.length} />
      {sessions.length > 0 && visible.length === 0 && <p className="muted pad">No session matches the filter.</p>}
      <SessionTable
        sessions={visible}
        sort={sort}
        selectedId={selectedId}
        onSort={sortBy}
        onSelect={select}
        onOpen={(id) => navigate(sessionHref(id))}
      />
    </section>
  )
}
