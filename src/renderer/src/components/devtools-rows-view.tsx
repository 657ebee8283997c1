// The row list the Console and Network panels share: virtualised (a chatty page logs thousands of lines), the
// row under the playhead marked and kept in view while playing, rows after the playhead dimmed (they have not
// happened yet at this moment of the replay), click or ↑/↓ to pick a row (which seeks there).
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { stepAt } from '../../../shared/events/session-steps'
import { formatClock } from '../format'
import { usePlayerStore } from '../stores/player-store'

interface DevtoolsRowsProps<T extends { ts: number; id: number; segment: number }> {
  rows: readonly T[]
  label: string
  empty: string
  rowHeight: number
  selected: T | null
  onPick(row: T): void
  rowClass(row: T): string
  render(row: T): ReactNode
}

export function DevtoolsRows<T extends { ts: number; id: number; segment: number }>(props: DevtoolsRowsProps<T>) {
  const { rows, label, empty, rowHeight, selected, onPick, rowClass, render } = props
  const currentTs = usePlayerStore((state) => state.currentTs)
  const playing = usePlayerStore((state) => state.playing)
  const start = usePlayerStore((state) => state.outline?.startedAt ?? 0)
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; see event-list.tsx
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10
  })
  const current = stepAt(rows, currentTs)
  const selectedIndex = selected ? rows.indexOf(selected) : -1

  useEffect(() => {
    if (playing && current >= 0) virtualizer.scrollToIndex(current, { align: 'auto' })
  }, [current, virtualizer, playing])
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const from = selectedIndex >= 0 ? selectedIndex : current
    const to = event.key === 'ArrowDown' ? from + 1 : event.key === 'ArrowUp' ? from - 1 : null
    if (to === null) return
    event.preventDefault()
    const row = rows[Math.min(rows.length - 1, Math.max(0, to))]
    if (row) onPick(row)
  }

  return (
    <div
      className="event-rows devtools-rows"
      ref={scrollRef}
      role="listbox"
      aria-label={label}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      {rows.length === 0 && <p className="muted pad">{empty}</p>}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!
          return (
            <div
              key={`${row.segment}-${row.id}`}
              role="option"
              aria-selected={item.index === selectedIndex}
              data-current={item.index === current || undefined}
              data-future={row.ts > currentTs || undefined}
              data-offset={Math.round(row.ts - start)}
              className={`devtools-row ${rowClass(row)}`}
              style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              onClick={() => onPick(row)}
            >
              <span className="event-time mono">{formatClock(row.ts - start)}</span>
              {render(row)}
            </div>
          )
        })}
      </div>
    </div>
  )
}

/** The panels' text filter. */
export function DevtoolsSearch({
  label,
  value,
  onChange
}: {
  label: string
  value: string
  onChange(text: string): void
}) {
  return (
    <input
      type="search"
      className="devtools-search"
      placeholder="Filter"
      aria-label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && value) {
          event.stopPropagation()
          onChange('')
        }
      }}
    />
  )
}
