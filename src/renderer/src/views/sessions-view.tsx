import { useMemo, useState } from 'react'
import { EMPTY_FILTER, filterSessions, sortSessions } from '../lib/session-filter'
import { navigate, sessionHref } from '../router'
import { useSearchStore } from '../stores/search-store'
import { useSessionsStore } from '../stores/sessions-store'
import { AuditReportDialog } from '../components/audit-report-dialog'
import { SearchResults } from '../components/search-results'
import { SessionTable } from '../components/session-table'
import { EmptyState } from './empty-state'

function ListToolbar({ shown, total }: { shown: number; total: number }) {
  const filter = useSessionsStore((state) => state.filter)
  const setFilter = useSessionsStore((state) => state.setFilter)
  const filtered = filter.text || filter.from || filter.to || filter.pinnedOnly || filter.withFindings
  const [auditing, setAuditing] = useState(false)
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
      <label className="field">
        <input
          type="checkbox"
          checked={filter.withFindings}
          onChange={(event) => setFilter({ withFindings: event.target.checked })}
        />
        With privacy findings
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
      <button type="button" onClick={() => setAuditing(true)}>
        Privacy audit…
      </button>
      {auditing && <AuditReportDialog onClose={() => setAuditing(false)} />}
    </div>
  )
}

const SEARCH_HINT =
  'Search what users did: clicked:.buy  input:#email  url:/checkout  text:"Pay now"  rage  dead  error'

function SearchBox() {
  const { draft, query, running, error, setDraft, run, clear } = useSearchStore()
  return (
    <form
      className="search-box"
      role="search"
      aria-label="Search sessions"
      onSubmit={(event) => {
        event.preventDefault()
        void run()
      }}
    >
      <input
        type="search"
        className="search-input mono"
        placeholder={SEARCH_HINT}
        aria-label="Search query"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && clear()}
      />
      <button type="submit" disabled={running || !draft.trim()}>
        {running ? 'Searching…' : 'Search'}
      </button>
      {query !== null && (
        <button type="button" onClick={clear}>
          Back to all sessions
        </button>
      )}
      {error && (
        <span className="error-text search-error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}

export function SessionsView() {
  const { sessions, appInfo, loading, error, sort, filter, selectedId, sortBy, select } = useSessionsStore()
  const searchQuery = useSearchStore((state) => state.query)
  const searchResults = useSearchStore((state) => state.results)
  const visible = useMemo(() => sortSessions(filterSessions(sessions, filter), sort), [sessions, filter, sort])
  const byId = useMemo(() => new Map(sessions.map((session) => [session.id, session])), [sessions])

  if (!loading && !error && sessions.length === 0) return <EmptyState appInfo={appInfo} />
  return (
    <section className="sessions-view">
      <SearchBox />
      {searchQuery !== null ? (
        <SearchResults query={searchQuery} results={searchResults} sessions={byId} />
      ) : (
        <>
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
        </>
      )}
    </section>
  )
}
