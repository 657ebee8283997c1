// Console capture on a stand-in for the page's console whose methods note their calls (as the browser's would
// print them): which levels are recorded, the page's calls unchanged, masking, the bounds and the flood counter.
import { describe, expect, it } from 'vitest'
import { captureConsole, MAX_PER_PAGE, REPEAT_WINDOW_MS } from '../../src/recorder/console-capture'
import type { ConsolePayload } from '../../src/shared/devtools-events'
import type { ConsoleCapture, MaskLevel } from '../../src/shared/types'

const OWN_SCRIPT = 'http://127.0.0.1:4477/recorder.js'

function setup({
  capture = 'errors' as Exclude<ConsoleCapture, 'off'>,
  maskLevel = 'moderate' as MaskLevel,
  fieldValues = [] as string[]
} = {}) {
  const printed: [string, unknown, unknown[]][] = []
  const method = (name: string) =>
    function (this: unknown, ...args: unknown[]) {
      printed.push([name, this, args])
      return `${name} returned`
    }
  const pageConsole = {
    debug: method('debug'),
    log: method('log'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    assert: method('assert'),
    table: method('table')
  }
  const records: ConsolePayload[] = []
  const state = { recording: true, now: 1_000 }
  captureConsole({
    console: pageConsole,
    capture,
    addCustomEvent: (tag, payload) => {
      expect(tag).toBe('console')
      records.push(payload)
    },
    isRecording: () => state.recording,
    maskLevel,
    maskedFieldValues: () => fieldValues,
    ownScript: OWN_SCRIPT,
    now: () => state.now
  })
  return { pageConsole, printed, records, state }
}

describe('captureConsole', () => {
  it('records warn, error and failed asserts by default; log, info and debug only with "all"', () => {
    const { pageConsole, records } = setup()
    pageConsole.log('hello')
    pageConsole.info('info')
    pageConsole.debug('debug')
    pageConsole.warn('careful', { stock: 1 })
    pageConsole.error('broken')
    pageConsole.assert(true, 'fine')
    pageConsole.assert(0, 'total is', 0)
    pageConsole.table([1])
    expect(records.map(({ level, message }) => [level, message])).toEqual([
      ['warn', 'careful {stock: 1}'],
      ['error', 'broken'],
      ['error', 'Assertion failed: total is 0']
    ])

    const all = setup({ capture: 'all' })
    for (const level of ['debug', 'log', 'info', 'warn', 'error'] as const) all.pageConsole[level](level)
    expect(all.records.map((record) => record.level)).toEqual(['debug', 'log', 'info', 'warn', 'error'])
  })

  it("calls the page's method with the same this and arguments and returns what it returns", () => {
    const { pageConsole, printed } = setup({ capture: 'all' })
    const argument = { id: 1 }
    expect(pageConsole.error('x', argument)).toBe('error returned')
    expect(pageConsole.log.call(pageConsole, 'y')).toBe('log returned')
    expect(pageConsole.assert(false)).toBe('assert returned')
    expect(printed).toEqual([
      ['error', pageConsole, ['x', argument]],
      ['log', pageConsole, ['y']],
      ['assert', pageConsole, [false]]
    ])
    expect(printed[0]![2][1]).toBe(argument)
  })

  it('strict masks the message like page text; moderate and lax scrub the masked field values out', () => {
    const strict = setup({ maskLevel: 'strict', fieldValues: ['ignored'] })
    strict.pageConsole.error('card declined', { last4: '4242' })
    expect(strict.records[0]!.message).toBe('**** ******** ******* *******')

    const moderate = setup({ fieldValues: ['jane@example.com'] })
    moderate.pageConsole.warn('no account for', { email: 'jane@example.com' })
    expect(moderate.records[0]!.message).toBe('no account for {email: "****************"}')
  })

  it('counts repeats of the same message within 10 s into its next record', () => {
    const { pageConsole, records, state } = setup()
    for (let n = 0; n < 60; n++) pageConsole.error('frame budget exceeded')
    state.now += REPEAT_WINDOW_MS
    pageConsole.error('frame budget exceeded')
    expect(records.map((record) => [record.message, record.repeats])).toEqual([
      ['frame budget exceeded', 0],
      ['frame budget exceeded', 59]
    ])
  })

  it('records at most 200 per page load for warn/error and for log/info/debug each', () => {
    const { pageConsole, printed, records } = setup({ capture: 'all' })
    for (let n = 0; n < 1_000; n++) pageConsole.log(`tick ${n}`)
    pageConsole.error('after the flood')
    expect(records.filter((record) => record.level === 'log')).toHaveLength(MAX_PER_PAGE)
    expect(records.at(-1)!.message).toBe('after the flood')
    expect(printed).toHaveLength(1_001) // the page's console printed every one
  })

  it('records nothing once recording stopped, and never throws into the page', () => {
    const { pageConsole, records, state, printed } = setup()
    state.recording = false
    pageConsole.error('after stop')
    expect(records).toEqual([])
    expect(printed).toHaveLength(1)

    const failing = { error: (...args: unknown[]) => args.length }
    captureConsole({
      console: failing,
      capture: 'errors',
      addCustomEvent: () => {
        throw new Error('recorder broken')
      },
      isRecording: () => true,
      maskLevel: 'moderate',
      maskedFieldValues: () => [],
      ownScript: null,
      now: () => 0
    })
    expect(failing.error('a', 'b')).toBe(2)
  })

  it('does not record a console call made while recording one (a warning of its own)', () => {
    const pageConsole = { warn: (..._args: unknown[]) => undefined }
    const records: ConsolePayload[] = []
    captureConsole({
      console: pageConsole,
      capture: 'errors',
      addCustomEvent: (_tag, payload) => {
        records.push(payload)
        pageConsole.warn('nested')
      },
      isRecording: () => true,
      maskLevel: 'lax',
      maskedFieldValues: () => [],
      ownScript: null,
      now: () => 0
    })
    pageConsole.warn('outer')
    expect(records.map((record) => record.message)).toEqual(['outer'])
  })
})
