// The session list: a virtualised grid (only the visible rows exist in the DOM, so 10,000 sessions
// scroll smoothly), sortable headers, and a keyboard cursor (↑/↓, PageUp/PageDown, Home/End, Enter).
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef, type KeyboardEvent } from 'react'
import type { SessionSummary } from '../../../shared/types'
import { formatBytes, formatCount, formatDateTime, formatDuration, shortUrl } from '../format'
import { browserLabel, osLabel } from '../../../shared/session-labels'
import type { SortKey, SortState } from '../lib/session-filter'

const ROW_HEIGHT = 34

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'startedAt', label: 'Started' },
  { key: 'durationMs', label: 'Duration', numeric: true },
  { key: 'pages', label: 'Pages' },
  { key: 'browser', label: 'Browser' },
  { key: 'os', label: 'OS' },
  { key: 'device', label: 'Device' },
  { key: 'ip', label: 'IP' },
  { key: 'eventCount', label: 'Events', numeric: true },
  { key: 'bytesStored', label: 'Stored', numeric: true },
  { key: 'pinned', label: 'Pinned' },
  { key: 'findings', label: 'Findings', numeric: true }
]

interface SessionTableProps {
  sessions: SessionSummary[]
  sort: SortState
  selectedId: string | null
  onSort(key: SortKey): void
  onSelect(id: string): void
  onOpen(id: string): void
}

/** Memoised: while scrolling, rows that stay in view are not rendered again. */
const SessionCells = memo(function SessionCells({ session }: { session: SessionSummary }) {
  return (
    <>
      <div role="gridcell">{formatDateTime(session.startedAt)}</div>
      <div role="gridcell" className="num">
        {formatDuration(session.durationMs)}
      </div>
      <div role="gridcell" className="url" title={session.urls.join('\n')}>
        <span className="ellipsis">{shortUrl(session.urls[0] ?? '')}</span>
        {session.urls.length > 1 && <span className="badge">{session.urls.length}</span>}
      </div>
      <div role="gridcell">{browserLabel(session) || '—'}</div>
      <div role="gridcell">{osLabel(session) || '—'}</div>
      <div role="gridcell">{session.device.type}</div>
      <div role="gridcell" className="mono">
        {session.ip ?? '—'}
      </div>
      <div role="gridcell" className="num">
        {formatCount(session.eventCount)}
      </div>
      <div role="gridcell" className="num">
        {formatBytes(session.bytesStored)}
      </div>
      <div role="gridcell">{session.pinned ? <span className="pin-mark">★ pinned</span> : ''}</div>
      <div
        role="gridcell"
        className="num"
        title={session.findings === null ? 'Not audited yet' : `${session.findings} privacy findings`}
      >
        {session.findings ? (
          <span className="findings-count">{formatCount(session.findings)}</span>
        ) : session.findings === null ? (
          ''
        ) : (
          '0'
        )}
      </div>
    </>
  )
})

export function SessionTable({ sessions, sort, selectedId, onSort, onSelect, onOpen }: SessionTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null)
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
    >
      <div className="session-table-head" role="row">
        {COLUMNS.map((column) => {
          const active = sort.key === column.key
          return (
            <div
              key={column.key}
              role="columnheader"
              className={column.numeric ? 'num' : undefined}
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
      <div className="session-table-body" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
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
                className="session-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => {
                  onSelect(session.id)
                  onOpen(session.id)
                }}
              >
                <SessionCells session={session} />
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
