// One row per meaningful event beside the player; the row under the playhead is highlighted and kept in
// view while playing; clicking a row seeks there. Virtualised: long sessions have tens of thousands of rows.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import { rowAt, type EventRow, type RowKind } from '../replay/event-index'
import { formatClock } from '../format'
import { currentIndex, usePlayerStore } from '../stores/player-store'

const ROW_HEIGHT = 44

const KIND_FILTERS: { kind: RowKind; label: string }[] = [
  { kind: 'page', label: 'Pages' },
  { kind: 'click', label: 'Clicks' },
  { kind: 'input', label: 'Inputs' },
  { kind: 'scroll', label: 'Scrolls' },
  { kind: 'resize', label: 'Resizes' },
  { kind: 'custom', label: 'Custom' },
  { kind: 'error', label: 'Errors' }
]

export function EventList() {
  const indexVersion = usePlayerStore((state) => state.indexVersion)
  const outline = usePlayerStore((state) => state.outline)
  const currentTs = usePlayerStore((state) => state.currentTs)
  const playing = usePlayerStore((state) => state.playing)
  const seek = usePlayerStore((state) => state.seek)
  const [hidden, setHidden] = useState<ReadonlySet<RowKind>>(new Set())
  const scrollRef = useRef<HTMLDivElement>(null)

  const rows = useMemo<EventRow[]>(() => {
    const all = currentIndex()?.rows ?? []
    return hidden.size ? all.filter((row) => !hidden.has(row.kind)) : all.slice()
    // indexVersion: the index is mutable; a new version means new rows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [indexVersion, hidden])

  // The project does not use the React Compiler; the warning is about its memoization only.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10
  })
  const current = rowAt(rows, currentTs)

  // Follow the playhead while playing, and after a seek; leave the user's scrolling alone otherwise.
  useEffect(() => {
    if (current >= 0) virtualizer.scrollToIndex(current, { align: 'auto' })
  }, [current, virtualizer, playing])

  const start = outline?.startedAt ?? 0
  const toggle = (kind: RowKind) => {
    const next = new Set(hidden)
    if (next.has(kind)) next.delete(kind)
    else next.add(kind)
    setHidden(next)
  }

  return (
    <section className="event-list" aria-label="Events">
      <div className="event-filters" role="group" aria-label="Show event kinds">
        {KIND_FILTERS.map(({ kind, label }) => (
          <button
            key={kind}
            type="button"
            className={`chip chip-${kind}`}
            aria-pressed={!hidden.has(kind)}
            onClick={() => toggle(kind)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="event-rows" ref={scrollRef} role="listbox" aria-label="Event list">
        {rows.length === 0 && <p className="muted pad">No events yet.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!
            return (
              <div
                key={item.key}
                role="option"
                aria-selected={item.index === current}
                className={`event-row kind-${row.kind}`}
                data-kind={row.kind}
                data-offset={row.ts - start}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => seek(row.ts)}
                title={row.detail}
              >
                <span className="event-time mono">{formatClock(row.ts - start)}</span>
                <span className={`event-kind kind-${row.kind}`}>{row.label}</span>
                <span className="event-detail">{row.detail}</span>
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
