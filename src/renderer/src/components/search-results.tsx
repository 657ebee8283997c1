// Sessions matching a search: how many moments matched and when the first one was; opening a result
// starts the replay at its first hit with every hit marked on the timeline.
import type { SearchResult, SessionSummary } from '../../../shared/types'
import { formatClock, formatCount, formatDateTime, shortUrl } from '../format'
import { browserLabel, osLabel } from '../../../shared/session-labels'
import { sessionHref } from '../router'
import { ErrorBoundary } from './error-boundary'

/** The DOM stays small whatever matched; the count says how many more there are. */
const SHOWN = 500

function SearchResultRow({
  result,
  session,
  query
}: {
  result: SearchResult
  session: SessionSummary | undefined
  query: string
}) {
  const first = result.hits.reduce((min, hit) => Math.min(min, hit.timestamp), Infinity)
  const start = session?.startedAt ?? first
  const kinds = [...new Set(result.hits.map((hit) => hit.kind))].join(', ')
  return (
    <a
      role="listitem"
      className="search-result"
      data-session-id={result.sessionId}
      href={sessionHref(result.sessionId, Number.isFinite(first) ? first - start : null, query)}
    >
      <span className="search-hits">
        <strong>{formatCount(result.hits.length)}</strong> hit{result.hits.length === 1 ? '' : 's'}
      </span>
      <span className="mono" title="First hit, from the start of the session">
        {Number.isFinite(first) ? `first at ${formatClock(first - start)}` : '—'}
      </span>
      <span className="muted">{session ? formatDateTime(session.startedAt) : result.sessionId}</span>
      <span className="ellipsis">{session ? shortUrl(session.urls[0] ?? '') : ''}</span>
      <span className="muted">{session ? `${browserLabel(session) || '—'} · ${osLabel(session) || '—'}` : ''}</span>
      <span className="muted ellipsis" title={kinds}>
        {kinds}
      </span>
    </a>
  )
}

export function SearchResults({
  query,
  results,
  sessions
}: {
  query: string
  results: SearchResult[]
  sessions: ReadonlyMap<string, SessionSummary>
}) {
  if (!results.length) return <p className="muted pad">No session matches this search.</p>
  return (
    <div className="search-results" role="list" aria-label="Search results">
      <div className="search-result search-head" aria-hidden="true">
        <span>
          {formatCount(results.length)} session{results.length === 1 ? '' : 's'}
        </span>
        <span>First hit</span>
        <span>Started</span>
        <span>First page</span>
        <span>Browser · OS</span>
        <span>Matched</span>
      </div>
      {results.slice(0, SHOWN).map((result) => (
        <ErrorBoundary
          key={result.sessionId}
          label="This result"
          resetKey={result}
          fallback={(error) => (
            <p role="listitem" className="search-result boundary-error">
              {result.sessionId}: this result cannot be shown ({error.message})
            </p>
          )}
        >
          <SearchResultRow result={result} session={sessions.get(result.sessionId)} query={query} />
        </ErrorBoundary>
      ))}
      {results.length > SHOWN && (
        <p className="muted pad">
          Showing {SHOWN} of {formatCount(results.length)} sessions: narrow the search.
        </p>
      )}
    </div>
  )
}
