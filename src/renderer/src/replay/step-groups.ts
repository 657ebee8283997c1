// How the workspace groups steps for people: the event list's filters and the timeline's lanes.
import type { Step } from '../../../shared/events/steps'

export type StepGroup = 'page' | 'click' | 'input' | 'page-input' | 'scroll' | 'resize' | 'custom' | 'error'

export function groupOf(step: Step): StepGroup {
  switch (step.kind) {
    case 'page-load':
    case 'navigation':
      return 'page'
    case 'submit':
      return 'input'
    default:
      return step.kind
  }
}

/** A click's variant as drawn: rage and dead clicks stand out on the timeline and in the list. */
export function clickVariant(step: Step): 'rage' | 'dead' | null {
  if (step.kind !== 'click') return null
  return step.rage ? 'rage' : step.dead ? 'dead' : null
}
