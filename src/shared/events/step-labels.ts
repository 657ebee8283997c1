// Steps in words, for people: the event list's rows, the CLI, the diff's rows and the search hits say the
// same thing about the same step.
import type { ConsoleLevel, NetworkFailure, NetworkPayload } from '../devtools-events'
import { clip } from './preview'
import type { ClickButton, ErrorOrigin, ErrorStep, InputStep, Step, StepTarget } from './steps'

export interface StepWords {
  /** What happened, in two words: `Click`, `Rage click`, `Input`, `Uncaught error`. */
  title: string
  /** On what, with what: `li > button.destroy “×”`, `input.new-todo = “buy milk”`. */
  detail: string
}

const CLICK_TITLES: Record<ClickButton, string> = {
  click: 'Click',
  dblclick: 'Double-click',
  contextmenu: 'Right-click',
  touch: 'Tap'
}

const ERROR_TITLES: Record<ErrorOrigin, string> = {
  uncaught: 'Uncaught error',
  rejection: 'Unhandled rejection',
  custom: 'Error event',
  console: 'Console error'
}

const CONSOLE_TITLES: Record<ConsoleLevel, string> = {
  debug: 'Console debug',
  log: 'Console log',
  info: 'Console info',
  warn: 'Console warning',
  error: 'Console error'
}

const FAILURE_WORDS: Record<NetworkFailure, string> = { network: 'failed', abort: 'aborted', timeout: 'timed out' }

/** `POST 500`, `GET failed`, `img 404`: the method (or a resource's kind) and what came back. */
export function requestTitle(request: NetworkPayload): string {
  const what = request.method ?? request.initiator
  const outcome = request.error ? FAILURE_WORDS[request.error] : request.status === null ? '' : String(request.status)
  return [what, outcome].filter(Boolean).join(' ')
}

/** `/api/checkout · 1.2 s`: the URL (path and query for the page's own origin would need the page) and time. */
export function requestDetail(request: NetworkPayload): string {
  const took = request.duration === null ? '' : ` · ${formatMs(request.duration)}`
  return clip(request.url, 200) + took
}

/** What a request line needs (a NetworkPayload, or a search index row of one). */
export type RequestFacts = Pick<NetworkPayload, 'initiator' | 'method' | 'url' | 'status' | 'error' | 'duration'>

/** `POST /api/checkout → 500 (120 ms)`: a request in one line, its URL without the origin (a search hit). */
export function requestSummary(request: RequestFacts): string {
  const outcome = request.error
    ? FAILURE_WORDS[request.error]
    : request.status === null
      ? 'no status'
      : String(request.status)
  const took = request.duration === null ? '' : ` (${formatMs(request.duration)})`
  return `${request.method ?? request.initiator} ${clip(urlWithoutOrigin(request.url), 200)} → ${outcome}${took}`
}

/** `https://shop.test/api/x?a=1` → `/api/x?a=1`; what cannot be parsed stays as it is. */
export function urlWithoutOrigin(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url)
  return match ? url.slice(match[0].length) || '/' : url
}

/** 1234 → "1.2 s", 87 → "87 ms". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}

/** The element, as people read it: `li > button.destroy “×”`. */
export function targetLabel(target: StepTarget | null): string {
  if (!target) return 'page'
  // rrweb names elements it did not serialise (inside a blocked element) -1; others were never seen.
  if (target.selector === null)
    return target.nodeId === -1 ? 'an unrecorded element' : 'an element not in the recording'
  return target.text ? `${target.selector} “${clip(target.text, 40)}”` : target.selector
}

/** An input step's value as shown: typed text, its masked length, or the checkbox state. */
export function inputValue(step: Pick<InputStep, 'field' | 'value' | 'masked' | 'length' | 'checked'>): string {
  if (step.field === 'checkbox' || step.field === 'radio') return step.checked ? 'checked' : 'unchecked'
  if (step.masked) return `${'*'.repeat(Math.min(step.length, 24))} (${step.length} characters, masked)`
  return `“${clip(step.value ?? '', 80)}”`
}

/** The title of an input step: what kind of change it was. */
function inputTitle(step: InputStep): string {
  if (step.field === 'checkbox') return step.checked ? 'Checked' : 'Unchecked'
  if (step.field === 'radio') return step.checked ? 'Chose' : 'Unchose'
  if (step.field === 'select') return 'Selected'
  return 'Input'
}

/** An error's one line, `TypeError: x is undefined (app.js:12:5)`; a long message is cut before its location. */
export function errorLine(step: Pick<ErrorStep, 'name' | 'message' | 'where'>, max = Infinity): string {
  const head = [step.name, step.message].filter(Boolean).join(': ')
  const where = step.where ? ` (${clip(step.where, 80)})` : ''
  return clip(head, Math.max(1, max - where.length)) + where
}

export function describeStep(step: Step): StepWords {
  switch (step.kind) {
    case 'page-load':
      return { title: 'Page load', detail: step.href }
    case 'navigation':
      return { title: 'Navigation', detail: step.href }
    case 'click': {
      const title = step.rage ? 'Rage click' : step.dead ? 'Dead click' : CLICK_TITLES[step.button]
      return { title, detail: targetLabel(step.target) }
    }
    case 'input': {
      // The value first: it is what a row is read for (the field's label is in its selector and text).
      if (step.field === 'checkbox' || step.field === 'radio')
        return { title: inputTitle(step), detail: targetLabel(step.target) }
      const field = step.field === 'select' ? targetLabel(step.target) : targetLabel({ ...step.target, text: null })
      return { title: inputTitle(step), detail: `${inputValue(step)} in ${field}` }
    }
    case 'page-input':
      return {
        title: 'Page changed values',
        detail:
          step.changes === 1
            ? `${targetLabel(step.target)} (set by the page's code)`
            : `${step.changes} changes in ${step.fields} field${step.fields === 1 ? '' : 's'}, first ${targetLabel(step.target)}`
      }
    case 'submit':
      return { title: 'Form submit', detail: targetLabel(step.target) }
    case 'scroll':
      return { title: 'Scroll', detail: `${targetLabel(step.target)} to ${Math.round(step.x)}, ${Math.round(step.y)}` }
    case 'resize':
      return { title: 'Resize', detail: `${Math.round(step.width)}×${Math.round(step.height)}` }
    case 'custom':
      return { title: step.tag || 'Custom event', detail: step.payload }
    case 'console': {
      const repeats = step.repeats > 0 ? ` · ${step.repeats} more` : ''
      const where = step.where ? ` (${step.where})` : ''
      return { title: CONSOLE_TITLES[step.level], detail: clip(step.message, 300) + where + repeats }
    }
    case 'network':
      return { title: requestTitle(step.request), detail: requestDetail(step.request) }
    case 'error': {
      const repeats = step.repeats > 0 ? ` · ${step.repeats} more since the previous one` : ''
      const tag = step.origin === 'custom' && step.tag ? `${step.tag}: ` : ''
      return { title: ERROR_TITLES[step.origin], detail: tag + errorLine(step, 300) + repeats }
    }
  }
}

/** The step in one line, e.g. `click li > button.destroy “×”` (the diff and the CLI print this). */
export function stepLine(step: Step): string {
  const { title, detail } = describeStep(step)
  return `${title.toLowerCase()} ${detail}`
}
