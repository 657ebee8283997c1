// The Console panel: what the page logged, as its devtools would have shown it, following the playhead (what
// was logged after it is dimmed), filtered by level and text; clicking a row seeks there.
import { useMemo, useState } from 'react'
import type { ConsoleLevel } from '../../../shared/devtools-events'
import type { ConsoleStep } from '../../../shared/events/steps'
import { toggledSet } from '../lib/toggle-set'
import { consoleRows } from '../replay/devtools-rows'
import { currentSteps, usePlayerStore } from '../stores/player-store'
import { DevtoolsRows, DevtoolsSearch } from './devtools-rows-view'

const LEVEL_FILTERS: { label: string; levels: ConsoleLevel[] }[] = [
  { label: 'Errors', levels: ['error'] },
  { label: 'Warnings', levels: ['warn'] },
  { label: 'Logs', levels: ['log', 'info'] },
  { label: 'Debug', levels: ['debug'] }
]
/** As in a browser's devtools, debug output is shown on request. */
const SHOWN_AT_FIRST: ReadonlySet<ConsoleLevel> = new Set(['error', 'warn', 'log', 'info'])
/** Drawn as small round badges by CSS (glyphs every font has: emoji icons are missing on some systems). */
const LEVEL_ICONS: Record<ConsoleLevel, string> = { error: '✕', warn: '!', info: 'i', log: '', debug: '' }

export function ConsolePanel() {
  const stepsVersion = usePlayerStore((state) => state.stepsVersion)
  const selected = usePlayerStore((state) => state.selectedConsole)
  const showConsole = usePlayerStore((state) => state.showConsole)
  const [levels, setLevels] = useState<ReadonlySet<ConsoleLevel>>(SHOWN_AT_FIRST)
  const [text, setText] = useState('')

  const all = useMemo(
    () =>
      consoleRows(currentSteps()?.steps ?? [], { levels: new Set(LEVEL_FILTERS.flatMap((f) => f.levels)), text: '' }),
    // stepsVersion: the steps are mutable; a new version means new or changed steps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stepsVersion]
  )
  const rows = useMemo(() => consoleRows(all, { levels, text }), [all, levels, text])
  const counts = useMemo(() => {
    const byLevel = new Map<ConsoleLevel, number>()
    for (const step of all) byLevel.set(step.level, (byLevel.get(step.level) ?? 0) + 1)
    return byLevel
  }, [all])

  const toggle = (group: ConsoleLevel[]) => setLevels(toggledSet(levels, group))

  return (
    <section className="devtools-panel console-panel" aria-label="Console">
      <div className="event-filters" role="group" aria-label="Console filters">
        <DevtoolsSearch label="Filter console messages" value={text} onChange={setText} />
        {LEVEL_FILTERS.map(({ label, levels: group }) => {
          const count = group.reduce((sum, level) => sum + (counts.get(level) ?? 0), 0)
          return (
            <button
              key={label}
              type="button"
              className={`chip chip-console-${group[0]}`}
              aria-pressed={group.every((level) => levels.has(level))}
              onClick={() => toggle(group)}
            >
              {label} <span className="chip-count">{count}</span>
            </button>
          )
        })}
      </div>
      <DevtoolsRows<ConsoleStep>
        rows={rows}
        label="Console messages"
        empty={
          all.length === 0 ? 'Nothing was logged (or the recorder’s data-console was off).' : 'No message matches.'
        }
        rowHeight={44}
        selected={selected}
        onPick={showConsole}
        rowClass={(step) => `console-row level-${step.level}`}
        render={(step) => (
          <>
            <span className="console-icon" aria-hidden="true">
              {LEVEL_ICONS[step.level]}
            </span>
            <span className="console-message" title={step.message}>
              {step.message}
              {step.truncated && <span className="muted"> (cut)</span>}
            </span>
            <span className="console-where mono muted">
              {step.where ?? ''}
              {step.repeats > 0 && <span className="badge">+{step.repeats}</span>}
            </span>
          </>
        )}
      />
    </section>
  )
}
