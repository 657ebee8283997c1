// One row per meaningful event beside the player; the row under the playhead is highlighted and kept in
// view while playing; clicking a row seeks there. Virtualised: long sessions have tens of thousands of rows.
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import { stepAt } from '../../../shared/events/session-steps'
import { describeStep } from '../../../shared/events/step-labels'
import type { Step } from '../../../shared/events/steps'
import { clickVariant, groupOf, type StepGroup } from '../replay/step-groups'
import { formatClock } from '../format'
import { toggledSet } from '../lib/toggle-set'
import { currentSteps, usePlayerStore } from '../stores/player-store'

const ROW_HEIGHT = 44

const GROUP_FILTERS: { group: StepGroup; label: string }[] = [
  { group: 'page', label: 'Pages' },
  { group: 'click', label: 'Clicks' },
  { group: 'input', label: 'Inputs' },
  { group: 'page-input', label: 'Page changes' },
  { group: 'scroll', label: 'Scrolls' },
  { group: 'resize', label: 'Resizes' },
  { group: 'custom', label: 'Custom' },
  { group: 'console', label: 'Console' },
  { group: 'network', label: 'Requests' },
  { group: 'error', label: 'Errors' }
]
/**
 * Listed on request: values the page's own code set (a "toggle all" can set hundreds at once), and requests
 * that went well (a page loads dozens; the Network tab lists them; failed ones are errors and stay listed).
 */
const HIDDEN_AT_FIRST: ReadonlySet<StepGroup> = new Set(['page-input', 'network'])

export function EventList() {
  const stepsVersion = usePlayerStore((state) => state.stepsVersion)
  const outline = usePlayerStore((state) => state.outline)
  const currentTs = usePlayerStore((state) => state.currentTs)
  const playing = usePlayerStore((state) => state.playing)
  const seek = usePlayerStore((state) => state.seek)
  const showError = usePlayerStore((state) => state.showError)
  const [hidden, setHidden] = useState<ReadonlySet<StepGroup>>(HIDDEN_AT_FIRST)
  const scrollRef = useRef<HTMLDivElement>(null)

  const rows = useMemo<Step[]>(() => {
    const all = currentSteps()?.steps ?? []
    return hidden.size ? all.filter((step) => !hidden.has(groupOf(step))) : all.slice()
    // stepsVersion: the steps are mutable; a new version means new or changed steps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepsVersion, hidden])

  // The project does not use the React Compiler; the warning is about its memoization only.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10
  })
  const current = stepAt(rows, currentTs)

  // Follow the playhead while playing, and after a seek; leave the user's scrolling alone otherwise.
  useEffect(() => {
    if (current >= 0) virtualizer.scrollToIndex(current, { align: 'auto' })
  }, [current, virtualizer, playing])

  const start = outline?.startedAt ?? 0
  const toggle = (group: StepGroup) => setHidden(toggledSet(hidden, [group]))

  return (
    <section className="event-list" aria-label="Events">
      <div className="event-filters" role="group" aria-label="Show event kinds">
        {GROUP_FILTERS.map(({ group, label }) => (
          <button
            key={group}
            type="button"
            className={`chip chip-${group}`}
            aria-pressed={!hidden.has(group)}
            onClick={() => toggle(group)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="event-rows" ref={scrollRef} role="listbox" aria-label="Event list">
        {rows.length === 0 && <p className="muted pad">No events yet.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const step = rows[item.index]!
            const group = groupOf(step)
            const variant = clickVariant(step)
            const { title, detail } = describeStep(step)
            return (
              <div
                key={item.key}
                role="option"
                aria-selected={item.index === current}
                className={`event-row kind-${group}${variant ? ` variant-${variant}` : ''}`}
                data-kind={group}
                data-step={step.kind}
                data-offset={step.ts - start}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => (step.kind === 'error' ? showError(step) : seek(step.ts))}
                title={detail}
              >
                <span className="event-time mono">{formatClock(step.ts - start)}</span>
                <span className={`event-kind kind-${group}${variant ? ` variant-${variant}` : ''}`}>{title}</span>
                <span className="event-detail">{detail}</span>
              </div>
            )
          })}
        </div>
      </div>
    </section>
  )
}
