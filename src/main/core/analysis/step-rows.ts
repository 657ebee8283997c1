// What the search index keeps of a step: one search_events row per step the query language can find
// (clicks, inputs, page loads and navigations, viewport changes, form submits, custom events, errors,
// console calls), and one search_requests row per request (network steps). Scrolls and the page's own
// value changes are not searched for, so they get no row.
import { CONSOLE_LEVELS, type ConsoleLevel } from '../../../shared/devtools-events'
import { clip } from '../../../shared/events/preview'
import { errorLine } from '../../../shared/events/step-labels'
import type { Step } from '../../../shared/events/steps'
import type { RecordedPath } from '../../../shared/events/recorded-path'
import { DeadState, type SearchEventRow, type SearchRequestRow } from '../store/search-index'

/** The kinds of search_events rows; `clicked:` matches the click kinds. */
export const CLICK_KINDS = ['click', 'dblclick', 'contextmenu', 'touch'] as const
export const INPUT_KINDS = ['input'] as const

const MAX_ROW_TEXT = 300
/** URLs are kept as the recorder sent them up to this length (the door allows longer ones). */
const MAX_URL_LENGTH = 2000

/** The console rows' kinds, one per level: `console:error` is one index lookup. */
export const consoleKind = (level: ConsoleLevel): string => `console-${level}`
export const CONSOLE_KINDS: readonly string[] = CONSOLE_LEVELS.map(consoleKind)

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
      return { ...base, kind: consoleKind(step.level), text: clip(step.message, MAX_ROW_TEXT) }
    case 'network':
      return null // requests have their own table: requestOfStep
    case 'scroll':
    case 'page-input':
      return null
  }
}

/** A network step as its search_requests row, or null for every other step. */
export function requestOfStep(step: Step): Omit<SearchRequestRow, 'sessionId' | 'segment'> | null {
  if (step.kind !== 'network') return null
  const { request } = step
  return {
    ts: step.ts,
    initiator: request.initiator,
    method: request.method,
    url: clip(request.url, MAX_URL_LENGTH),
    status: request.status,
    error: request.error,
    duration: request.duration === null ? null : Math.round(request.duration),
    failed: step.failed
  }
}
