import { ERROR_TAG, type CapturedError } from '../shared/custom-events'
import type { MaskLevel } from '../shared/types'
import { describeValue } from './console-format'
import { maskPageText } from './field-values'
import { clip, firstFrame, isFrame, trimStack, withoutQuery, type CodeLocation } from './stack-frames'

/**
 * The page's uncaught exceptions and unhandled promise rejections, recorded as rrweb custom events tagged
 * `error` (the search's `error` term and the replay's error markers read them).
 *
 * - Only errors dispatched at the window itself: a failed image, stylesheet or script load fires `error` at its
 *   element, does not bubble, and is not a JavaScript error of the page; those are left out.
 * - Bounded: at most MAX_ERRORS_PER_PAGE records per page load; the same error (kind, message, location)
 *   is recorded at most once per REPEAT_WINDOW_MS, and its next record counts the repeats left out meanwhile.
 *   A page throwing in a requestAnimationFrame loop adds one record per window, not 60 a second.
 * - Privacy: under `strict` the message and the stack's lines other than its frames are masked like page
 *   text (each non-whitespace character becomes `*`); the error's type name (`TypeError`) and the script URL,
 *   line and column stay. Script URLs lose their query string and fragment at every level.
 * - Passive: the listeners never call preventDefault or stopPropagation, so the browser still reports the
 *   error in the console and the page's own handlers run; nothing they do can throw into the page.
 *
 * What each record holds: CapturedError (src/shared/custom-events.ts).
 */

export const MAX_ERRORS_PER_PAGE = 50
export const REPEAT_WINDOW_MS = 10_000
const MESSAGE_CHARS = 500
const NAME_CHARS = 100
const STACK_FRAMES = 10
const STACK_CHARS = 2_000

export interface ErrorCaptureDeps {
  /** The window: uncaught errors and unhandled rejections are dispatched at it. */
  target: EventTarget
  /** The recorder's addCustomEvent (recorder.ts). */
  addCustomEvent: (tag: string, payload: CapturedError) => void
  /** False once the recorder stopped (stop(), max duration): nothing is recorded from then on. */
  isRecording: () => boolean
  maskLevel: MaskLevel
  /** Values in the page's fields that the mask level masks (field-values.ts): scrubbed out of messages. */
  maskedFieldValues: () => readonly string[]
  now: () => number
}

type Described = Pick<CapturedError, 'name' | 'message' | 'stack'>

/** Listens until the recorder stops or the page's allowance is used up; returns a function that stops it. */
export function captureErrors({
  target,
  addCustomEvent,
  isRecording,
  maskLevel,
  maskedFieldValues,
  now
}: ErrorCaptureDeps): () => void {
  const previous = new Map<string, { at: number; repeats: number }>()
  let recorded = 0

  const listen = (type: string, read: (event: Event) => Omit<CapturedError, 'repeats'>) => {
    const listener = (event: Event): void => {
      try {
        if (event.target !== target) return
        if (!isRecording() || recorded >= MAX_ERRORS_PER_PAGE) return detach()
        const error = read(event)
        const key = [error.kind, error.name, error.message, error.source, error.line, error.column].join('\n')
        const at = now()
        const last = previous.get(key)
        if (last && at - last.at < REPEAT_WINDOW_MS) {
          last.repeats++
          return
        }
        addCustomEvent(ERROR_TAG, { ...maskFor(maskLevel, error, maskedFieldValues), repeats: last?.repeats ?? 0 })
        previous.set(key, { at, repeats: 0 })
        recorded++
      } catch {
        // A getter on a thrown object, rrweb having stopped: never an error of ours in the page.
      }
    }
    target.addEventListener(type, listener)
    return () => target.removeEventListener(type, listener)
  }

  const detachers = [
    listen('error', (event) => {
      const { error, message, filename, lineno, colno } = event as ErrorEvent
      // A null error is a cross-origin script's "Script error." (no details) or `throw null`.
      const described = describe(error, message)
      return { kind: 'error', ...described, ...locate(described.stack, filename, lineno, colno) }
    }),
    listen('unhandledrejection', (event) => {
      const described = describe((event as PromiseRejectionEvent).reason)
      return { kind: 'unhandledrejection', ...described, ...locate(described.stack) }
    })
  ]
  function detach(): void {
    detachers.forEach((remove) => remove())
  }
  return detach
}

const positive = (value: unknown): number | null => (typeof value === 'number' && value > 0 ? value : null)

function describe(value: unknown, fallback?: string): Described {
  if (typeof value === 'object' && value !== null && typeof (value as Error).message === 'string') {
    const { name, message, stack } = value as Error
    return {
      name: typeof name === 'string' ? clip(name, NAME_CHARS) : null,
      message: clip(message, MESSAGE_CHARS),
      stack: typeof stack === 'string' ? trimStack(stack, STACK_FRAMES, STACK_CHARS) : null
    }
  }
  const text =
    value == null && fallback !== undefined ? fallback : typeof value === 'string' ? value : describeValue(value)
  return { name: null, message: clip(text, MESSAGE_CHARS), stack: null }
}

/** The event's location when it has one (uncaught errors), else the stack's first frame (rejections). */
function locate(stack: string | null, filename?: string, line?: number, column?: number): CodeLocation {
  if (filename) return { source: withoutQuery(filename), line: positive(line), column: positive(column) }
  return firstFrame(stack)
}

function maskFor(
  level: MaskLevel,
  error: Omit<CapturedError, 'repeats'>,
  maskedFieldValues: () => readonly string[]
): Omit<CapturedError, 'repeats'> {
  // What the user typed stays in the browser, even when the page's own code quotes it in an error.
  const values = level === 'strict' ? [] : maskedFieldValues()
  const mask = (text: string): string => maskPageText(text, level, values)
  // Under strict the frames stay (they say where, not what); otherwise the whole stack is scrubbed at once, so a
  // typed value spanning lines is found too.
  const stack =
    level === 'strict'
      ? error.stack
          ?.split('\n')
          .map((line) => (isFrame(line) ? line : mask(line)))
          .join('\n')
      : error.stack && mask(error.stack)
  return { ...error, message: mask(error.message), stack: stack ?? null }
}
