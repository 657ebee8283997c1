// The page being replayed at the playhead, like a browser's address bar: the replay header keeps the first
// URL of a visit of several pages, this follows page loads and single-page-app route changes.
import { useMemo } from 'react'
import { stepAt } from '../../../shared/events/session-steps'
import type { Step } from '../../../shared/events/steps'
import { currentSteps, usePlayerStore } from '../stores/player-store'

type PageStep = Extract<Step, { kind: 'page-load' | 'navigation' }>

export function ReplayAddress() {
  const stepsVersion = usePlayerStore((state) => state.stepsVersion)
  const currentTs = usePlayerStore((state) => state.currentTs)
  const pages = useMemo(
    () =>
      (currentSteps()?.steps ?? []).filter(
        (step): step is PageStep => step.kind === 'page-load' || step.kind === 'navigation'
      ),
    // stepsVersion: the steps are mutable; a new version means new steps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stepsVersion]
  )
  const page = pages[Math.max(0, stepAt(pages, currentTs))]
  return (
    <div className="replay-address" data-testid="replay-address" title={page?.href}>
      <span className="address-icon" aria-hidden>
        ⌂
      </span>
      <span className="address-url mono">{page?.href ?? ''}</span>
    </div>
  )
}
