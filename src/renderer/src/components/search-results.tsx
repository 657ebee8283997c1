// Sessions matching a search, each with its hits as the CLI prints them (time, kind, selector, text). The
// session's line opens the replay at its first hit, each hit's line at that hit, every hit marked on the
// timeline (`#/session/<id>?t=<ms from start>&q=<query>`); both are links, so a middle-click opens a new tab.
import type { SearchHit, SearchResult, SessionSummary } from '../../../shared/types'
import { formatClock, formatCount, formatDateTime } from '../format'
import { browserLabel, osLabel } from '../../../shared/session-labels'
import { sessionHref } from '../router'
import { UrlText } from './url-text'
import { ErrorBoundary } from './error-boundary'

/** The DOM stays small whatever matched; the counts say how many more there are. */
const SESSIONS_SHOWN = 500
const HITS_SHOWN = 5

const plural = (count: number, word: string) => `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`

function HitLine({ hit, href, offset }: { hit: SearchHit; href: string; offset: number }) {
  return (
    <li>
      <a className="search-hit" href={href} data-kind={hit.kind} data-offset={Math.round(offset)}>
        <span className="mono hit-at">+{formatClock(offset, true)}</span>
        <span className={`hit-kind kind-${hit.kind}`}>{hit.kind}</span>
        <span className="mono hit-selector" title={hit.selector ?? undefined}>
          {hit.selector ?? ''}
        </span>
        <span className="hit-text" title={hit.text ?? undefined}>
          {hit.text ?? ''}
        </span>
      </a>
    </li>
  )
}

function ResultItem({ result, session, query }: { result: SearchResult; session?: SessionSummary; query: string }) {
  const hits = [...result.hits].sort((a, b) => a.timestamp - b.timestamp)
  const first = hits[0]?.timestamp
  const start = session?.startedAt ?? first ?? 0
  const at = (hit: SearchHit) => Math.max(0, hit.timestamp - start)
  return (
    <li className="search-result" data-session-id={result.sessionId}>
      <a
        className="search-session"
        href={sessionHref(result.sessionId, first === undefined ? null : first - start, query)}
      >
        <span className="search-hits">
          <strong>{formatCount(hits.length)}</strong> hit{hits.length === 1 ? '' : 's'}
        </span>
        <span className="mono" title="First hit, from the start of the session">
          {first === undefined ? '—' : `first at ${formatClock(first - start)}`}
        </span>
        <span className="muted">{session ? formatDateTime(session.startedAt) : result.sessionId}</span>
        <span className="search-page">{session && <UrlText url={session.urls[0] ?? ''} />}</span>
        <span className="muted">{session ? `${browserLabel(session) || '—'} · ${osLabel(session) || '—'}` : ''}</span>
      </a>
      {hits.length > 0 && (
        <ol className="search-hit-list" aria-label={`Hits in session ${result.sessionId}`}>
          {hits.slice(0, HITS_SHOWN).map((hit, i) => (
            <HitLine key={i} hit={hit} offset={at(hit)} href={sessionHref(result.sessionId, at(hit), query)} />
          ))}
          {hits.length > HITS_SHOWN && (
            <li className="muted search-more">
              and {plural(hits.length - HITS_SHOWN, 'more hit')}: open the session to step through all of them
            </li>
          )}
        </ol>
      )}
    </li>
  )
}

export function SearchResults({
  query,
  results,
  sessions,
  stale = false
}: {
  query: string
  results: SearchResult[]
  sessions: ReadonlyMap<string, SessionSummary>
  /** The newer query failed: these are the results of `query`, shown dimmed under its error. */
  stale?: boolean
}) {
  const staleNote = stale && (
    <p className="search-stale-note" role="status">
      Still showing the results of the previous search, <code>{query}</code>: fix the query above and search again.
    </p>
  )
  if (!results.length) {
    return (
      <div className={stale ? 'search-results stale' : 'search-results'}>
        {staleNote}
        <p className="muted pad">No session matches this search.</p>
      </div>
    )
  }
  const hitCount = results.reduce((sum, result) => sum + result.hits.length, 0)
  return (
    <div className={stale ? 'search-results stale' : 'search-results'}>
      {staleNote}
      <p className="search-summary muted" data-testid="search-summary">
        {plural(results.length, 'session')}, {plural(hitCount, 'hit')}
      </p>
      <ol className="search-result-list" aria-label="Search results">
        {results.slice(0, SESSIONS_SHOWN).map((result) => (
          <ErrorBoundary
            key={result.sessionId}
            label="This result"
            resetKey={result}
            fallback={(error) => (
              <li className="search-result boundary-error">
                {result.sessionId}: this result cannot be shown ({error.message})
              </li>
            )}
          >
            <ResultItem result={result} session={sessions.get(result.sessionId)} query={query} />
          </ErrorBoundary>
        ))}
      </ol>
      {results.length > SESSIONS_SHOWN && (
        <p className="muted pad">
          Showing {SESSIONS_SHOWN} of {formatCount(results.length)} sessions: narrow the search.
        </p>
      )}
    </div>
  )
}
