import { useMemo, useState } from 'react'
import type { SessionSummary } from '../../../shared/types'
import { formatDateTime, shortUrl } from '../format'
import { EMPTY_FILTER, filterSessions, isInvertedRange, sortSessions } from '../lib/session-filter'
import { diffHref, navigate, sessionHref } from '../router'
import { useSearchStore } from '../stores/search-store'
import { useSessionsStore } from '../stores/sessions-store'
import { AuditReportDialog } from '../components/audit-report-dialog'
import { SearchResults } from '../components/search-results'
import { SessionTable } from '../components/session-table'
import { EmptyState } from './empty-state'
import { getBridge } from '../api/bridge'

const RANGE_HINT_ID = 'date-range-hint'

/** One end of the day range; both say when the range is inverted (From after To), and point at the hint. */
function DayInput({ label, edge }: { label: string; edge: 'from' | 'to' }) {
  const filter = useSessionsStore((state) => state.filter)
  const setFilter = useSessionsStore((state) => state.setFilter)
  const inverted = isInvertedRange(filter)
  const other = edge === 'from' ? filter.to : filter.from
  return (
    <label className="field">
      {label}
      <input
        type="date"
        value={filter[edge]}
        {...{ [edge === 'from' ? 'max' : 'min']: other || undefined }}
        aria-invalid={inverted || undefined}
        aria-describedby={inverted ? RANGE_HINT_ID : undefined}
        onChange={(event) => setFilter({ [edge]: event.target.value })}
      />
    </label>
  )
}

/** Saves sessions as files (one .replay.json.gz, or one .zip of several); a failure shows in the list's error line. */
function exportSessions(ids: string[]): void {
  getBridge()
    .files.exportSessions(ids.slice(0, MAX_EXPORT_IDS))
    .catch((error: unknown) => useSessionsStore.setState({ error: (error as Error).message }))
}

/** What one export call takes (the core's MAX_EXPORT_SESSIONS). */
const MAX_EXPORT_IDS = 1000

function ListToolbar({ shown, total, visibleIds }: { shown: number; total: number; visibleIds: string[] }) {
  const filter = useSessionsStore((state) => state.filter)
  const setFilter = useSessionsStore((state) => state.setFilter)
  const filtered = filter.text || filter.from || filter.to || filter.pinnedOnly || filter.withFindings
  const inverted = isInvertedRange(filter)
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
      <DayInput label="From" edge="from" />
      <DayInput label="To" edge="to" />
      {inverted && (
        <span className="error-text date-hint" id={RANGE_HINT_ID} role="alert">
          From is after To: no day is in between.{' '}
          <button type="button" className="link" onClick={() => setFilter({ from: filter.to, to: filter.from })}>
            Swap them
          </button>
        </span>
      )}
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
      <button
        type="button"
        onClick={() => exportSessions(visibleIds)}
        disabled={visibleIds.length === 0}
        title={`Save the ${visibleIds.length > MAX_EXPORT_IDS ? `first ${MAX_EXPORT_IDS}` : visibleIds.length} sessions shown as one .zip of .replay.json.gz files (one session: one .replay.json.gz)`}
      >
        Export shown
      </button>
      <button type="button" onClick={() => setAuditing(true)}>
        Privacy audit…
      </button>
      {auditing && <AuditReportDialog onClose={() => setAuditing(false)} />}
    </div>
  )
}

/** The two sessions to compare: marked with Ctrl/⌘+click or Space; a third mark replaces the first. */
function useCompareMarks() {
  const [marked, setMarked] = useState<string[]>([])
  const toggle = (id: string) =>
    setMarked((current) => (current.includes(id) ? current.filter((each) => each !== id) : [...current, id].slice(-2)))
  return { marked, toggle, clear: () => setMarked([]) }
}

function CompareBar({
  marked,
  byId,
  onClear
}: {
  marked: string[]
  byId: Map<string, SessionSummary>
  onClear(): void
}) {
  if (marked.length === 0) return null
  const name = (id: string) => {
    const session = byId.get(id)
    return session ? `${shortUrl(session.urls[0] ?? '')} (${formatDateTime(session.startedAt)})` : id
  }
  const [a, b] = marked
  return (
    <div className="compare-bar" role="region" aria-label="Compare sessions">
      <span className="side-badge side-a">A</span>
      <span>{name(a!)}</span>
      {b ? (
        <>
          <span className="side-badge side-b">B</span>
          <span>{name(b)}</span>
          <button type="button" className="primary" onClick={() => navigate(diffHref(a!, b))}>
            Compare
          </button>
        </>
      ) : (
        <span className="muted">Ctrl/⌘+click (or Space on) another session to compare with it</span>
      )}
      <button type="button" onClick={() => exportSessions(marked)} title="Save the marked sessions as files">
        Export {marked.length === 1 ? 'it' : 'both'}
      </button>
      <button type="button" onClick={onClear}>
        Clear
      </button>
    </div>
  )
}

const SEARCH_HINT =
  'Search what users did: clicked:.buy  input:#email  url:/checkout  text:"Pay now"  rage  error  failed  status>=500  console:error'

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
  const searchStale = useSearchStore((state) => state.stale)
  const visible = useMemo(() => sortSessions(filterSessions(sessions, filter), sort), [sessions, filter, sort])
  const byId = useMemo(() => new Map(sessions.map((session) => [session.id, session])), [sessions])
  const marks = useCompareMarks()
  const markedSet = useMemo(() => new Set(marks.marked), [marks.marked])
  const visibleIds = useMemo(() => visible.map((session) => session.id), [visible])

  if (!loading && !error && sessions.length === 0) return <EmptyState appInfo={appInfo} />
  return (
    <section className="sessions-view">
      <SearchBox />
      {searchQuery !== null ? (
        <SearchResults query={searchQuery} results={searchResults} sessions={byId} stale={searchStale} />
      ) : (
        <>
          <ListToolbar shown={visible.length} total={sessions.length} visibleIds={visibleIds} />
          <CompareBar marked={marks.marked} byId={byId} onClear={marks.clear} />
          <SessionTable
            sessions={visible}
            sort={sort}
            selectedId={selectedId}
            emptyMessage={
              sessions.length === 0
                ? null // still loading
                : isInvertedRange(filter)
                  ? 'No session: the From day is after the To day.'
                  : 'No session matches the filter.'
            }
            onSort={sortBy}
            onSelect={select}
            onOpen={(id) => navigate(sessionHref(id))}
            marked={markedSet}
            onMark={marks.toggle}
          />
        </>
      )}
    </section>
  )
}
