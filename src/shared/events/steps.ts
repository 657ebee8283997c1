// What a person did (and what the page did back), as typed steps: the one reading of rrweb events that the
// search index, the replay's event list and timeline, the privacy audit and the session diff share. Made by
// SegmentSteps (one page load) and SessionSteps (a whole session) from the events, in recorded order.
import type { NavigationCause } from '../custom-events'
import type { ConsoleLevel, NetworkPayload } from '../devtools-events'
import type { RecordedPath } from './recorded-path'

/** How a pointer activated an element: rrweb's Click, DblClick, ContextMenu, or a click from a touch. */
export type ClickButton = 'click' | 'dblclick' | 'contextmenu' | 'touch'

/** The element a step acted on, as it was at that moment. */
export interface StepTarget {
  /** rrweb's node id (per page load); -1 when rrweb did not know the element (inside a blocked one). */
  nodeId: number
  /** A short readable selector, `li > button.destroy`; null when the recording never had the element. */
  selector: string | null
  /** The element's text or accessible label (masked text stays masked), at most 80 characters. */
  text: string | null
  /** The element and its ancestors, for CSS selector search (null when unknown). */
  path: RecordedPath | null
}

/** What kind of form field an input step typed into. */
export type FieldKind = 'text' | 'password' | 'checkbox' | 'radio' | 'select' | 'textarea' | 'other'

interface StepBase {
  /** Unique within its page load, in order of appearance. */
  id: number
  /** Epoch ms (client clock) of the step's first event. */
  ts: number
  /** Epoch ms of its last event (typing, scroll and resize bursts last). */
  end: number
  /** The page load (rrweb node ids are per page load). */
  segment: number
}

/** A page load: the first Meta event of a segment. */
export interface PageLoadStep extends StepBase {
  kind: 'page-load'
  href: string
}

/** The URL changed without a page load (a single-page app's route, a hash), or a checkout saw a new URL. */
export interface NavigationStep extends StepBase {
  kind: 'navigation'
  href: string
  via: NavigationCause | 'snapshot'
}

export interface ClickStep extends StepBase {
  kind: 'click'
  button: ClickButton
  target: StepTarget
  x: number | null
  y: number | null
  /** One of 3+ clicks within 1 s and 30 px (rules.ts). */
  rage: boolean
  /** Nothing reacted within 1 s; null while undecided (no later event yet). Plain clicks only. */
  dead: boolean | null
}

/** One burst of typing (or one change of a checkbox, radio or select) by the user into one field. */
export interface InputStep extends StepBase {
  kind: 'input'
  target: StepTarget
  field: FieldKind
  /** The value as typed when the recorder did not mask it; null when masked. */
  value: string | null
  masked: boolean
  /** Characters in the value (masked values keep their length: one `*` per character). */
  length: number
  /** Checkbox and radio: checked or not after the step; null for other fields. */
  checked: boolean | null
  /** Input events folded into the step. */
  changes: number
}

/** Values the page's own code set (rrweb's userTriggered: false), collapsed: one step per burst. */
export interface PageInputStep extends StepBase {
  kind: 'page-input'
  /** The first field changed. */
  target: StepTarget
  changes: number
  /** Distinct fields changed. */
  fields: number
}

/** A form was submitted (the recorder's `submit` event). */
export interface SubmitStep extends StepBase {
  kind: 'submit'
  target: StepTarget
}

export interface ScrollStep extends StepBase {
  kind: 'scroll'
  /** null: the page itself scrolled. */
  target: StepTarget | null
  x: number
  y: number
}

export interface ResizeStep extends StepBase {
  kind: 'resize'
  width: number
  height: number
}

/** A custom event (`record.addCustomEvent`) that is not one of the recorder's own kinds. */
export interface CustomStep extends StepBase {
  kind: 'custom'
  tag: string
  /** The payload as short JSON (at most 300 characters). */
  payload: string
}

export type ErrorOrigin = 'uncaught' | 'rejection' | 'custom' | 'console'

/** A JavaScript error of the page: recorded by our recorder, a page's own error event, or a console error. */
export interface ErrorStep extends StepBase {
  kind: 'error'
  origin: ErrorOrigin
  /** The custom event's tag for 'custom' errors. */
  tag: string | null
  /** The error's type (`TypeError`), when known. */
  name: string | null
  message: string
  /** `app.js:12:5`, `inline script:8:90`. */
  where: string | null
  stack: string | null
  /** How many identical errors the recorder left out since the previous one. */
  repeats: number
}

/** A console call the recorder recorded (`data-console`): what the developer's console would have shown. */
export interface ConsoleStep extends StepBase {
  kind: 'console'
  level: ConsoleLevel
  /** As the console shows it, masked as the recorder masked it (at most 2,000 characters). */
  message: string
  truncated: boolean
  /** Where the page called the console. */
  where: string | null
  repeats: number
}

/**
 * One request when it settled (fetch, XHR, beacon) or one static resource's load: `ts` is when it started,
 * `end` when it settled. The payload as recorded (query values masked, headers and bodies only where
 * `data-network-bodies` asked), checked by isNetworkPayload.
 */
export interface NetworkStep extends StepBase {
  kind: 'network'
  request: NetworkPayload
  /** A network error, an abort, a timeout, or a 5xx. */
  failed: boolean
}

export type Step =
  | PageLoadStep
  | NavigationStep
  | ClickStep
  | InputStep
  | PageInputStep
  | SubmitStep
  | ScrollStep
  | ResizeStep
  | CustomStep
  | ErrorStep
  | ConsoleStep
  | NetworkStep

export type StepKind = Step['kind']

/** Steps that are the user's own actions (Shift+←/→ jumps between these). */
export const USER_ACTION_KINDS: ReadonlySet<StepKind> = new Set(['click', 'input', 'submit'])

/** A stretch without user activity (rrweb's rule: no mouse, scroll, resize, touch or input). */
export interface InactiveSpan {
  start: number
  end: number
}
