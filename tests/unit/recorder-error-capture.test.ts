import { describe, expect, it, vi } from 'vitest'
import type { MaskLevel } from '../../src/shared/types'
import type { CapturedError } from '../../src/shared/custom-events'
import { captureErrors, MAX_ERRORS_PER_PAGE, REPEAT_WINDOW_MS } from '../../src/recorder/error-capture'

// Chrome's stack for `throw new TypeError('invalid email jane@example.com')` in a script loaded with a query.
const V8_STACK = [
  'TypeError: invalid email jane@example.com',
  '    at validate (http://shop.test/app.js?v=secret-token:12:5)',
  '    at HTMLButtonElement.<anonymous> (http://shop.test/app.js?v=secret-token:30:7)'
].join('\n')

/** The window: a real EventTarget; events are dispatched at it like the browser does. */
function setup({ maskLevel = 'moderate' as MaskLevel, recording = true, fieldValues = [] as string[] } = {}) {
  const target = new EventTarget()
  const records: CapturedError[] = []
  const addCustomEvent = vi.fn((tag: string, payload: CapturedError) => {
    expect(tag).toBe('error')
    records.push(payload)
  })
  const state = { recording, now: 1_000 }
  const stop = captureErrors({
    target,
    addCustomEvent,
    isRecording: () => state.recording,
    maskLevel,
    maskedFieldValues: () => fieldValues,
    now: () => state.now
  })
  const dispatch = (type: string, fields: Record<string, unknown>): Event => {
    const event = Object.assign(new Event(type, { cancelable: true }), fields)
    target.dispatchEvent(event)
    return event
  }
  const uncaught = (error: unknown, fields: Record<string, unknown> = {}) =>
    dispatch('error', { error, message: `Uncaught ${String(error)}`, filename: '', lineno: 0, colno: 0, ...fields })
  const rejection = (reason: unknown) => dispatch('unhandledrejection', { reason })
  return { target, records, addCustomEvent, state, stop, dispatch, uncaught, rejection }
}

function typeError(message = 'invalid email jane@example.com', stack = V8_STACK): TypeError {
  const error = new TypeError(message)
  error.stack = stack
  return error
}

const atApp = { filename: 'http://shop.test/app.js?v=secret-token#x', lineno: 12, colno: 5 }

describe('captureErrors', () => {
  it('records an uncaught error with its name, message, script URL without query, line, column and stack', () => {
    const { records, uncaught } = setup()
    const event = uncaught(typeError(), atApp)
    expect(records).toEqual([
      {
        kind: 'error',
        name: 'TypeError',
        message: 'invalid email jane@example.com',
        source: 'http://shop.test/app.js',
        line: 12,
        column: 5,
        stack: [
          'TypeError: invalid email jane@example.com',
          '    at validate (http://shop.test/app.js:12:5)',
          '    at HTMLButtonElement.<anonymous> (http://shop.test/app.js:30:7)'
        ].join('\n'),
        repeats: 0
      }
    ])
    expect(event.defaultPrevented).toBe(false) // the console still reports it
  })

  it('records an unhandled rejection, located by its stack; a non-Error reason by its text', () => {
    const { records, rejection } = setup()
    rejection(typeError('declined', 'Error: declined\n    at pay (http://shop.test/pay.js?t=1:3:9)'))
    const firefox = new Error('offline')
    firefox.stack = 'send@http://shop.test/net.js:40:11\n@http://shop.test/net.js:2:1\n'
    rejection(firefox)
    rejection({ code: 42 })
    rejection('plain string')
    rejection(undefined)
    expect(
      records.map(({ kind, name, message, source, line, column }) => [kind, name, message, source, line, column])
    ).toEqual([
      ['unhandledrejection', 'TypeError', 'declined', 'http://shop.test/pay.js', 3, 9],
      ['unhandledrejection', 'Error', 'offline', 'http://shop.test/net.js', 40, 11],
      ['unhandledrejection', null, '{code: 42}', null, null, null],
      ['unhandledrejection', null, 'plain string', null, null, null],
      ['unhandledrejection', null, 'undefined', null, null, null]
    ])
  })

  it('a thrown non-Error and a cross-origin "Script error." keep what the browser gives', () => {
    const { records, uncaught } = setup()
    uncaught('boom', { filename: 'http://shop.test/', lineno: 7, colno: 3 })
    uncaught(null, { message: 'Script error.' })
    expect(records.map(({ name, message, source, line, stack }) => [name, message, source, line, stack])).toEqual([
      [null, 'boom', 'http://shop.test/', 7, null],
      [null, 'Script error.', null, null, null]
    ])
  })

  it('ignores error events not dispatched at the window (a failed image or script load fires at its element)', () => {
    // What a listener would get if such an event reached it (a capturing one would): its target is the element.
    const listeners: ((event: Event) => void)[] = []
    const window = { addEventListener: (_: string, listener: () => void) => listeners.push(listener) }
    const addCustomEvent = vi.fn()
    captureErrors({
      target: window as unknown as EventTarget,
      addCustomEvent,
      isRecording: () => true,
      maskLevel: 'moderate',
      maskedFieldValues: () => [],
      now: () => 0
    })
    const image = new EventTarget()
    image.addEventListener('error', (event) => listeners.forEach((listener) => listener(event)))
    image.dispatchEvent(new Event('error'))
    expect(addCustomEvent).not.toHaveBeenCalled()
  })

  it('truncates long messages and stacks to 10 frames and 2,000 characters', () => {
    const { records, uncaught } = setup()
    const frames = Array.from({ length: 30 }, (_, n) => `    at f${n} (http://shop.test/app.js:${n + 1}:1)`)
    uncaught(typeError('x'.repeat(5_000), ['TypeError: long', ...frames].join('\n')), atApp)
    const long = 'y'.repeat(300)
    uncaught(typeError('wide', [`TypeError: ${long}`, ...frames.map((frame) => frame + long)].join('\n')), atApp)
    expect(records[0]!.message).toHaveLength(500)
    expect(records[0]!.stack!.split('\n')).toEqual(['TypeError: long', ...frames.slice(0, 10)])
    expect(records[1]!.stack!.length).toBe(2_000)
  })

  it('records the same error once per window; its next record counts the repeats left out', () => {
    const { records, uncaught, state } = setup()
    for (let frame = 0; frame < 120; frame++) {
      uncaught(typeError(), atApp) // a requestAnimationFrame loop: 60 a second
      uncaught(typeError('other'), atApp) // another message at the same place is another error
      state.now += 16
    }
    expect(records.map((record) => [record.message, record.repeats])).toEqual([
      ['invalid email jane@example.com', 0],
      ['other', 0]
    ])
    state.now += REPEAT_WINDOW_MS
    uncaught(typeError(), atApp)
    uncaught(typeError(), { ...atApp, lineno: 13 }) // another place is another error
    expect(records.slice(2).map((record) => [record.message, record.line, record.repeats])).toEqual([
      ['invalid email jane@example.com', 12, 119],
      ['invalid email jane@example.com', 13, 0]
    ])
  })

  it(`records at most ${MAX_ERRORS_PER_PAGE} errors per page load`, () => {
    const { records, uncaught, rejection } = setup()
    for (let n = 0; n < 80; n++) {
      uncaught(typeError(`error ${n}`), atApp)
      rejection(`rejection ${n}`)
    }
    expect(records).toHaveLength(MAX_ERRORS_PER_PAGE)
    expect(records.at(-1)!.message).toBe('rejection 24')
  })

  it('strict masks the message and the stack lines other than frames; keeps name, source, line, column', () => {
    const { records, uncaught, rejection } = setup({ maskLevel: 'strict' })
    uncaught(typeError(), atApp)
    rejection('{"email":"jane@example.com"}')
    expect(records[0]).toEqual({
      kind: 'error',
      name: 'TypeError',
      message: '******* ***** ****************',
      source: 'http://shop.test/app.js',
      line: 12,
      column: 5,
      stack: [
        '********** ******* ***** ****************',
        '    at validate (http://shop.test/app.js:12:5)',
        '    at HTMLButtonElement.<anonymous> (http://shop.test/app.js:30:7)'
      ].join('\n'),
      repeats: 0
    })
    expect(records[1]!.message).toBe('*'.repeat(28))
    // A message line that looks like the start of a V8 frame is still message text.
    uncaught(
      typeError(
        'Password for jane must be\n  at least 8 characters',
        [
          'Error: Password for jane must be',
          '  at least 8 characters',
          '    at check (http://shop.test/app.js:3:1)',
          '    at Array.forEach (<anonymous>)',
          '    at async Promise.all (index 0)'
        ].join('\n')
      ),
      atApp
    )
    expect(records[2]!.stack!.split('\n')).toEqual([
      '****** ******** *** **** **** **',
      '  ** ***** * **********',
      '    at check (http://shop.test/app.js:3:1)',
      '    at Array.forEach (<anonymous>)',
      '    at async Promise.all (index 0)'
    ])
    expect(JSON.stringify(records)).not.toMatch(/jane|invalid|secret-token/)
  })

  it.each(['moderate', 'lax'] as const)('%s keeps the message', (maskLevel) => {
    const { records, uncaught } = setup({ maskLevel })
    uncaught(typeError(), atApp)
    expect(records[0]!.message).toBe('invalid email jane@example.com')
  })

  it('scrubs the values the mask level masks out of the message and the stack (the page quoted what was typed)', () => {
    const { records, uncaught } = setup({ fieldValues: ['jane@example.com', 'jane'] })
    uncaught(typeError(), atApp)
    expect(records[0]!.message).toBe('invalid email ****************')
    expect(records[0]!.stack!.split('\n')[0]).toBe('TypeError: invalid email ****************')
    expect(JSON.stringify(records)).not.toContain('jane')
  })

  it('records nothing once the recorder stopped, and lets go of the window', () => {
    const { records, addCustomEvent, uncaught, state, target } = setup()
    uncaught(typeError('before'), atApp)
    state.recording = false
    const removed = vi.spyOn(target, 'removeEventListener')
    uncaught(typeError('after'), atApp)
    expect(removed).toHaveBeenCalledTimes(2)
    state.recording = true // a stopped recorder does not come back; its listeners are gone anyway
    uncaught(typeError('later'), atApp)
    expect(records.map((record) => record.message)).toEqual(['before'])
    expect(addCustomEvent).toHaveBeenCalledOnce()
  })

  it('records nothing when started on a page that is not recording, and stop() removes the listeners', () => {
    const notRecording = setup({ recording: false })
    notRecording.uncaught(typeError(), atApp)
    expect(notRecording.records).toEqual([])

    const stopped = setup()
    stopped.stop()
    stopped.uncaught(typeError(), atApp)
    stopped.rejection('x')
    expect(stopped.records).toEqual([])
  })

  it('never throws into the page: not from rrweb, not from a hostile thrown object', () => {
    const { addCustomEvent, uncaught, rejection } = setup()
    addCustomEvent.mockImplementationOnce(() => {
      throw new Error('please add custom event after start recording')
    })
    expect(() => uncaught(typeError(), atApp)).not.toThrow()
    const hostile = {
      get message(): string {
        throw new Error('gotcha')
      }
    }
    expect(() => rejection(hostile)).not.toThrow()
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(() => rejection(circular)).not.toThrow()
    // Written out the console's way (console-format.ts): the cycle named, no getter or toJSON of the page called.
    expect(addCustomEvent.mock.calls.at(-1)![1].message).toBe('{self: [Circular]}')
  })
})
