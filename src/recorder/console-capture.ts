import { CONSOLE_TAG, type ConsoleLevel, type ConsolePayload } from '../shared/devtools-events'
import type { ConsoleCapture, MaskLevel } from '../shared/types'
import { formatConsoleArgs } from './console-format'
import { maskPageText } from './field-values'
import { firstFrame } from './stack-frames'
import { noteBefore } from './wrap-method'

/**
 * The page's console calls, recorded as rrweb custom events tagged `console` (ConsolePayload in
 * src/shared/devtools-events.ts). `data-console="errors"` (the default) records console.warn, console.error and
 * failed console.assert; `all` adds log, info and debug; `off` leaves the console alone.
 *
 * - The page's console works exactly as before: each wrapper calls the method it replaced with the same `this`
 *   and arguments and returns what it returns; nothing of ours can throw into the call. Once the recorder stops,
 *   the wrappers only pass calls through. (The browser's devtools shows recorder.js as the caller of wrapped
 *   calls, as with every tool that records the console; ignore-listing recorder.js there shows the page's line.)
 * - Bounded: arguments as text by console-format.ts; at most MAX_PER_PAGE records per page load for each of
 *   warn/error and log/info/debug (a chatty log cannot use up the errors' allowance); the same message (level,
 *   text, place) at most once per REPEAT_WINDOW_MS, its next record counting the calls left out meanwhile.
 * - Privacy: `strict` masks the message like page text; otherwise the values in the page's fields that the mask
 *   level masks are scrubbed out of it (as error capture does), since page code often logs what was typed.
 */

export const MAX_PER_PAGE = 200
export const REPEAT_WINDOW_MS = 10_000

type ConsoleMethod = ConsoleLevel | 'assert'
const ERROR_METHODS: readonly ConsoleMethod[] = ['warn', 'error', 'assert']
const ALL_METHODS: readonly ConsoleMethod[] = [...ERROR_METHODS, 'log', 'info', 'debug']

export interface ConsoleCaptureDeps {
  /** The page's console object; its methods are replaced by wrappers. */
  console: object
  capture: Exclude<ConsoleCapture, 'off'>
  /** The recorder's addCustomEvent (recorder.ts): nothing once recording stopped, never throws. */
  addCustomEvent: (tag: string, payload: ConsolePayload) => void
  isRecording: () => boolean
  maskLevel: MaskLevel
  maskedFieldValues: () => readonly string[]
  /** The recorder's own script URL without query (its frames are not where the page logged). */
  ownScript: string | null
  now: () => number
}

export function captureConsole(deps: ConsoleCaptureDeps): void {
  const previous = new Map<string, { at: number; repeats: number }>()
  const recorded = { errors: 0, logs: 0 }
  /** Set while a call is being recorded: a console call made on the way (a warning of ours) is not recorded. */
  let busy = false

  const record = (method: ConsoleMethod, args: unknown[]): void => {
    if (!deps.isRecording()) return
    const level: ConsoleLevel = method === 'assert' ? 'error' : method
    const group = ERROR_METHODS.includes(method) ? 'errors' : 'logs'
    if (recorded[group] >= MAX_PER_PAGE) return
    const formatted = formatConsoleArgs(method === 'assert' ? ['Assertion failed:', ...args] : args)
    // The stack from here runs through recorder.js frames only, up to the page's call.
    const where = firstFrame(new Error().stack, (source) => source === deps.ownScript)
    const key = [level, formatted.message, where.source, where.line, where.column].join('\n')
    const at = deps.now()
    const last = previous.get(key)
    if (last && at - last.at < REPEAT_WINDOW_MS) {
      last.repeats++
      return
    }
    const values = deps.maskLevel === 'strict' ? [] : deps.maskedFieldValues()
    deps.addCustomEvent(CONSOLE_TAG, {
      level,
      message: maskPageText(formatted.message, deps.maskLevel, values),
      truncated: formatted.truncated,
      ...where,
      repeats: last?.repeats ?? 0
    })
    previous.set(key, { at, repeats: 0 })
    recorded[group]++
  }

  for (const method of deps.capture === 'all' ? ALL_METHODS : ERROR_METHODS) {
    noteBefore(deps.console, method, (_self, args) => {
      if (busy) return
      busy = true
      try {
        // console.assert(condition, ...data) logs only when the condition is falsy.
        if (method !== 'assert') record(method, args)
        else if (!args[0]) record(method, args.slice(1))
      } finally {
        busy = false
      }
    })
  }
}
