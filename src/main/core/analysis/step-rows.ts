// What the search index keeps of a step: one search_events row per step the query language can find
// (clicks, inputs, page loads and navigations, viewport changes, form submits, custom events, errors).
// Scrolls and the page's own value changes are not searched for, so they get no row.
import { clip } from '../../../shared/events/preview'
import { errorLine } from '../../../shared/events/step-labels'
import type { Step } from '../../../shared/events/steps'
import type { RecordedPath } from '../../../shared/events/recorded-path'
import { DeadState, type SearchEventRow } from '../store/search-index'

/** The kinds of search_events rows; `clicked:` matches the click kinds. */
export const CLICK_KINDS = ['click', 'dblclick', 'contextmenu', 'touch'] as const
export const INPUT_KINDS = ['input'] as const

const MAX_ROW_TEXT = 300

/** A step as an index row, before its path is given an id. */
export type StepRow = Omit<SearchEventRow, 'sessionId' | 'segment' | 'ts' | 'pathId'> & { path: RecordedPath | null }

/** The row of a step, or null for steps the index does not keep. */
export function rowOfStep(step: Step): StepRow | null {
  const base = { path: null, text: null, masked: false, x: null, y: null, rage: false, dead: null }
  switch (step.kind) {
    case 'click':
      return {
        ...base,
        kind: step.button,
        path: step.target.path,
        text: step.target.text,
        x: step.x,
        y: step.y,
        rage: step.rage,
        // Dead-click state is kept for plain clicks only (what `dead` searches).
        dead:
          step.button !== 'click'
            ? null
            : step.dead === null
              ? DeadState.Undecided
              : step.dead
                ? DeadState.Dead
                : DeadState.Alive
      }
    case 'input':
      return { ...base, kind: 'input', path: step.target.path, text: step.value, masked: step.masked }
    case 'submit':
      return { ...base, kind: 'submit', path: step.target.path, text: step.target.text }
    case 'page-load':
    case 'navigation':
      return { ...base, kind: 'navigation', text: step.href }
    case 'resize':
      return { ...base, kind: 'viewport', text: `${Math.round(step.width)}x${Math.round(step.height)}` }
    case 'custom':
      return {
        ...base,
        kind: 'custom',
        text: clip(step.payload ? `${step.tag} ${step.payload}` : step.tag, MAX_ROW_TEXT)
      }
    case 'error':
      return { ...base, kind: 'error', text: errorLine(step, MAX_ROW_TEXT) }
    case 'console':
      // One kind per level, so `console:error` is one index lookup; the text is the message as recorded.
      return { ...base, kind: `console-${step.level}`, text: clip(step.message, MAX_ROW_TEXT) }
    case 'network':
      return null // requests have their own table (search_requests), written by the segment writer
    case 'scroll':
    case 'page-input':
      return null
  }
}
