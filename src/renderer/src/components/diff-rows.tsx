// The diff's aligned rows: A's step, B's step, how they compare, and how much longer B took to get there.
// Virtualised (a diff of two long sessions has thousands of rows); the selected row is kept in view.
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef } from 'react'
import type { DiffOp, DiffRow, DiffStepView } from '../../../shared/diff/diff-types'
import { deltaWords } from '../../../shared/diff/session-diff'
import { formatClock } from '../format'

const ROW_HEIGHT = 30

/** How a row's op reads: = same, ~ changed, − only in A, + only in B. */
export const OP_WORDS: Record<DiffOp, { mark: string; title: string }> = {
  same: { mark: '=', title: 'the same step' },
  changed: { mark: '~', title: 'a different step of the same kind' },
  'only-a': { mark: '−', title: 'only in A' },
  'only-b': { mark: '+', title: 'only in B' }
}

function Step({ step }: { step: DiffStepView | undefined }) {
  if (!step) return <span className="diff-step diff-step-none" />
  return (
    <span className={`diff-step${step.problem ? ' has-problem' : ''}`} title={step.problem ?? step.label}>
      <span className="diff-offset mono">{formatClock(step.offset, true)}</span>
      <span className={`diff-label kind-${step.kind}`}>
        {step.problem && <span aria-label="went wrong">⚠ </span>}
        {step.label}
      </span>
    </span>
  )
}

const RowCells = memo(function RowCells({ row }: { row: DiffRow }) {
  const delta = row.deltaMs === undefined ? '' : deltaWords(row.deltaMs)
  return (
    <>
      <Step step={row.a} />
      <span className="diff-op" title={OP_WORDS[row.op].title}>
        {OP_WORDS[row.op].mark}
      </span>
      <Step step={row.b} />
      {/* What went wrong in one session only says more than the timing: it takes the column when there is one. */}
      {row.note ? (
        <span className="diff-delta diff-note" title={delta ? `${row.note} · ${delta}` : row.note}>
          {row.note}
        </span>
      ) : (
        <span className={`diff-delta${row.deltaMs !== undefined && Math.abs(row.deltaMs) >= 1000 ? ' slow' : ''}`}>
          {delta === 'same time' ? '' : delta}
        </span>
      )}
    </>
  )
})

export function DiffRows({
  rows,
  selected,
  onSelect
}: {
  rows: DiffRow[]
  selected: number
  onSelect(row: number): void
}) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8
  })
  useEffect(() => {
    if (selected >= 0 && selected < rows.length) virtualizer.scrollToIndex(selected, { align: 'auto' })
  }, [selected, rows.length, virtualizer])

  return (
    <div className="diff-rows" ref={scrollRef}>
      <div
        role="listbox"
        aria-label="Steps of A and B, aligned"
        aria-activedescendant={`diff-row-${selected}`}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!
          return (
            <div
              key={item.key}
              id={`diff-row-${item.index}`}
              role="option"
              aria-selected={item.index === selected}
              className={`diff-row op-${row.op}`}
              data-row={item.index}
              data-op={row.op}
              data-a-at={row.aAt}
              data-b-at={row.bAt}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => onSelect(item.index)}
            >
              <span className="diff-index mono">{item.index}</span>
              <RowCells row={row} />
            </div>
          )
        })}
      </div>
    </div>
  )
}
