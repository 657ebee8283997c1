// How the workspace groups steps for people: the event list's filters and the timeline's lanes.
import type { Step } from '../../../shared/events/steps'

export type StepGroup =
  'page' | 'click' | 'input' | 'page-input' | 'scroll' | 'resize' | 'custom' | 'error' | 'console' | 'network'

export function groupOf(step: Step): StepGroup {
  switch (step.kind) {
    case 'page-load':
    case 'navigation':
      return 'page'
    case 'submit':
      return 'input'
    // A console error and a failed request are errors on the timeline and in the list; the rest are their own.
    case 'console':
      return step.level === 'error' ? 'error' : 'console'
    case 'network':
      return step.failed ? 'error' : 'network'
    default:
      return step.kind
  }
}

/** A click's variant as drawn: rage and dead clicks stand out on the timeline and in the list. */
export function clickVariant(step: Step): 'rage' | 'dead' | null {
  if (step.kind !== 'click') return null
  return step.rage ? 'rage' : step.dead ? 'dead' : null
}
