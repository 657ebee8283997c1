// The session list: a virtualised grid (only the visible rows exist in the DOM, so 10,000 sessions
// scroll smoothly), sortable headers, and a keyboard cursor (↑/↓, PageUp/PageDown, Home/End, Enter).
// Ctrl/⌘+click or Space marks a row for comparison (the list's owner keeps the marks).
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react'
import type { SessionSummary } from '../../../shared/types'
import { formatBytes, formatCount, formatDayTime, formatDuration, formatFullDateTime } from '../format'
import { browserLabel, osLabel } from '../../../shared/session-labels'
import type { SortKey, SortState } from '../lib/session-filter'
import { IssueBadges } from './issue-badges'
import { UrlText } from './url-text'
import { ErrorBoundary } from './error-boundary'

const ROW_HEIGHT = 34

/**
 * Column widths, the header's and the rows' alike, sized for the widest usual value in the 13 px UI font. Below
 * 1180 px of table width the two size columns (Events, Stored: also in the metadata panel) step aside, so at
 * 1024 px every other column shows whole and Pages keeps room; narrower still, the body scrolls sideways and the
 * header follows it. Pages and Pinned share what a wider window adds. Privacy findings join the Issues marks.
 */
const COLUMNS: { key: SortKey; label: string; width: string; numeric?: boolean; wideOnly?: boolean }[] = [
  { key: 'startedAt', label: 'Started', width: '134px' },
  { key: 'durationMs', label: 'Duration', width: '82px', numeric: true },
  { key: 'pages', label: 'Pages', width: 'minmax(150px, 1.6fr)' },
  { key: 'browser', label: 'Browser', width: '92px' },
  { key: 'os', label: 'OS', width: '104px' },
  { key: 'device', label: 'Device', width: '68px' },
  { key: 'ip', label: 'IP', width: '116px' },
  { key: 'eventCount', label: 'Events', width: '66px', numeric: true, wideOnly: true },
  { key: 'bytesStored', label: 'Stored', width: '72px', numeric: true, wideOnly: true },
  { key: 'issues', label: 'Issues', width: '64px' },
  { key: 'pinned', label: 'Pinned', width: 'minmax(100px, 1fr)' }
]

function gridVariables(columns: typeof COLUMNS, suffix: string): Record<string, string> {
  const minimum = columns.reduce((sum, column) => sum + Number(/\d+/.exec(column.width)![0]), 0)
  return {
    [`--columns${suffix}`]: columns.map((column) => column.width).join(' '),
    [`--table-min-width${suffix}`]: `${minimum}px`
  }
}
const TABLE_STYLE = {
  ...gridVariables(COLUMNS, ''),
  ...gridVariables(
    COLUMNS.filter((column) => !column.wideOnly),
    '-narrow'
  )
} as CSSProperties
/** The cells of the columns that step aside in a narrow table (styles.css, container query). */
const WIDE_ONLY = 'wide-only'

interface SessionTableProps {
  sessions: SessionSummary[]
  sort: SortState
  selectedId: string | null
  /** Shown in the table body (under the headers) when `sessions` is empty. */
  emptyMessage?: ReactNode
  onSort(key: SortKey): void
  onSelect(id: string): void
  onOpen(id: string): void
  /** Sessions marked for comparison, and how a row is marked or unmarked. */
  marked?: ReadonlySet<string>
  onMark?(id: string): void
}

/** Memoised: while scrolling, rows that stay in view are not rendered again. */
const SessionCells = memo(function SessionCells({ session }: { session: SessionSummary }) {
  return (
    <>
      <div role="gridcell" title={formatFullDateTime(session.startedAt)}>
        {formatDayTime(session.startedAt)}
      </div>
      <div role="gridcell" className="num">
        {formatDuration(session.durationMs)}
      </div>
      <div role="gridcell" className="url" title={session.urls.join('\n')}>
        <UrlText url={session.urls[0] ?? ''} />
        {session.urls.length > 1 && <span className="badge">{session.urls.length}</span>}
      </div>
      <div role="gridcell">{browserLabel(session) || '—'}</div>
      <div role="gridcell">{osLabel(session) || '—'}</div>
      <div role="gridcell">{session.device.type}</div>
      <div role="gridcell" className="mono">
        {session.ip ?? '—'}
      </div>
      <div role="gridcell" className={`num ${WIDE_ONLY}`}>
        {formatCount(session.eventCount)}
      </div>
      <div role="gridcell" className={`num ${WIDE_ONLY}`}>
        {formatBytes(session.bytesStored)}
      </div>
      <div role="gridcell">
        <IssueBadges errors={session.errorCount} rage={session.rageCount} findings={session.findings} />
      </div>
      <div role="gridcell" title={session.pinName || undefined}>
        {session.pinned && <span className="pin-mark">★ {session.pinName || 'pinned'}</span>}
        {session.imported && (
          <span className="import-mark" title={`imported from ${session.imported.file}`}>
            imported
          </span>
        )}
      </div>
    </>
  )
})

export function SessionTable({
  sessions,
  sort,
  selectedId,
  emptyMessage,
  onSort,
  onSelect,
  onOpen,
  marked,
  onMark
}: SessionTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLDivElement>(null)
  // The project does not use the React Compiler; the warning is about its memoization only.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: sessions.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => sessions[index]!.id,
    overscan: 6
  })
  const selectedIndex = selectedId ? sessions.findIndex((session) => session.id === selectedId) : -1

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!sessions.length) return
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1)
    const moves: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      PageDown: page,
      PageUp: -page,
      Home: -Infinity,
      End: Infinity
    }
    if (event.key in moves) {
      event.preventDefault()
      const from = selectedIndex < 0 ? (moves[event.key]! > 0 ? -1 : sessions.length) : selectedIndex
      const next = Math.min(sessions.length - 1, Math.max(0, from + moves[event.key]!))
      onSelect(sessions[next]!.id)
    } else if (event.key === 'Enter' && selectedIndex >= 0) {
      event.preventDefault()
      onOpen(sessions[selectedIndex]!.id)
    } else if (event.key === ' ' && selectedIndex >= 0 && onMark) {
      event.preventDefault()
      onMark(sessions[selectedIndex]!.id)
    }
  }

  return (
    <div
      className="session-table"
      role="grid"
      aria-label="Recorded sessions"
      aria-rowcount={sessions.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? `session-row-${selectedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      style={TABLE_STYLE}
    >
      <div className="session-table-head" role="row" ref={headRef}>
        {COLUMNS.map((column) => {
          const active = sort.key === column.key
          return (
            <div
              key={column.key}
              role="columnheader"
              className={[column.numeric && 'num', column.wideOnly && WIDE_ONLY].filter(Boolean).join(' ') || undefined}
              aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button type="button" className="sort" tabIndex={-1} onClick={() => onSort(column.key)}>
                {column.label}
                <span className="sort-arrow">{active ? (sort.descending ? '▾' : '▴') : ''}</span>
              </button>
            </div>
          )
        })}
      </div>
      <div
        className="session-table-body"
        ref={scrollRef}
        // The header is outside the scroller (it stays put vertically): it follows sideways scrolling here.
        onScroll={(event) => {
          if (headRef.current) headRef.current.scrollLeft = event.currentTarget.scrollLeft
        }}
      >
        {sessions.length === 0 && emptyMessage && <div className="session-table-empty">{emptyMessage}</div>}
        <div className="session-table-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const session = sessions[item.index]!
            return (
              <div
                key={item.key}
                id={`session-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={session.id === selectedId}
                data-session-id={session.id}
                data-marked={marked?.has(session.id) || undefined}
                className={marked?.has(session.id) ? 'session-row marked' : 'session-row'}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={(event) => {
                  onSelect(session.id)
                  if (onMark && (event.ctrlKey || event.metaKey)) onMark(session.id)
                  else onOpen(session.id)
                }}
              >
                <ErrorBoundary
                  label="This session"
                  resetKey={session}
                  fallback={(error) => (
                    <div role="gridcell" className="row-error" title={error.message}>
                      {session.id}: this session cannot be shown ({error.message})
                    </div>
                  )}
                >
                  <SessionCells session={session} />
                </ErrorBoundary>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
