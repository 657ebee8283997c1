// The shared step model on hand-written events: each case states exactly what the recorder sent and which
// steps people should see. Real recordings from Chromium are read in tests/e2e/steps.e2e.test.ts.
import { describe, expect, it } from 'vitest'
import { SegmentSteps } from '../../src/shared/events/segment-steps'
import { SessionSteps, stepAt } from '../../src/shared/events/session-steps'
import { describeStep, errorLine, stepLine } from '../../src/shared/events/step-labels'
import type { ClickStep, ErrorStep, InputStep, Step } from '../../src/shared/events/steps'
import type { RecordedEvent } from '../../src/shared/types'
import {
  click,
  consoleError,
  custom,
  documentWith,
  el,
  input,
  meta,
  mouseMove,
  mutation,
  snapshot,
  text,
  viewport
} from '../helpers/rrweb-events'

const T = 1_700_000_000_000

/** body(4) > form.todo(10) > [input.new(11) name=title, input.check(12) type=checkbox, button.go(13) "Add", radios 14/15] */
const page = documentWith(
  el(10, 'form', { class: 'todo' }, [
    el(11, 'input', { class: 'new', name: 'title', placeholder: 'What needs to be done?' }),
    el(12, 'input', { class: 'check', type: 'checkbox' }),
    el(13, 'button', { class: 'go' }, [el(16, 'svg'), text(17, 'Add')]),
    el(14, 'input', { type: 'radio', name: 'ship', value: 'std' }),
    el(15, 'input', { type: 'radio', name: 'ship', value: 'express' }),
    el(18, 'input', { type: 'password', name: 'pw' })
  ]),
  el(20, 'div', { class: 'list' }, [text(21, 'Nothing yet')])
)

function stepsOf(events: RecordedEvent[]): Step[] {
  const found: Step[] = []
  new SegmentSteps(0).feed([meta(T, 'http://todo.test/'), snapshot(T + 1, page), ...events], {
    step: (step) => found.push(step)
  })
  return found
}

const programmatic = (ts: number, id: number, value: string, isChecked = false): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 5, id, text: value, isChecked, userTriggered: false }
})
const tap = (ts: number, id: number): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 2, type: 2, id, x: 10, y: 10, pointerType: 2 }
})
const touchStart = (ts: number, id: number): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 2, type: 7, id, x: 10, y: 10, pointerType: 2 }
})
const scroll = (ts: number, id: number, y: number): RecordedEvent => ({
  type: 3,
  timestamp: ts,
  data: { source: 3, id, x: 0, y }
})

describe('steps: inputs', () => {
  it('one step per typing burst, with the value as typed, not the value the page set after Enter', () => {
    const steps = stepsOf([
      click(T + 100, 11),
      input(T + 200, 11, 'b'),
      input(T + 300, 11, 'bu'),
      input(T + 400, 11, 'buy milk'),
      programmatic(T + 500, 11, ''), // the app clears the field after adding the to-do
      input(T + 900, 11, 'c'),
      input(T + 1000, 11, 'call mum')
    ])
    const inputs = steps.filter((step): step is InputStep => step.kind === 'input')
    expect(inputs.map((step) => [step.ts - T, step.end - T, step.value, step.changes])).toEqual([
      [200, 400, 'buy milk', 3],
      [900, 1000, 'call mum', 2]
    ])
    expect(describeStep(inputs[0]!)).toEqual({
      title: 'Input',
      detail: '“buy milk” in form.todo > input.new[name="title"]'
    })
    expect(steps.filter((step) => step.kind === 'page-input')).toHaveLength(1)
  })

  it('a burst ends after a 3 s pause, or when the user acts elsewhere', () => {
    const steps = stepsOf([
      input(T + 100, 11, 'a'),
      input(T + 3200, 11, 'ab'), // 3.1 s later: a new burst
      click(T + 3300, 13),
      input(T + 3400, 11, 'abc')
    ])
    expect(steps.filter((step) => step.kind === 'input').map((step) => (step as InputStep).value)).toEqual([
      'a',
      'ab',
      'abc'
    ])
  })

  it('masked values keep their length, passwords are always masked, checkboxes say checked or unchecked', () => {
    const steps = stepsOf([
      input(T + 100, 11, '********'),
      input(T + 200, 18, 'hunter2'),
      input(T + 300, 12, 'on', true),
      input(T + 400, 12, 'on', false)
    ])
    const inputs = steps.filter((step): step is InputStep => step.kind === 'input')
    expect(inputs.map((step) => [step.field, step.value, step.masked, step.length, step.checked])).toEqual([
      ['text', null, true, 8, null],
      ['password', null, true, 7, null],
      ['checkbox', 'on', false, 2, true],
      ['checkbox', 'on', false, 2, false]
    ])
    expect(inputs.map((step) => Object.values(describeStep(step)).join(': '))).toEqual([
      'Input: ******** (8 characters, masked) in form.todo > input.new[name="title"]',
      'Input: ******* (7 characters, masked) in form.todo > input[name="pw"]',
      'Checked: form.todo > input.check “Add”',
      'Unchecked: form.todo > input.check “Add”'
    ])
  })

  it("the page's own value changes collapse into one step; a radio's group-mates are part of the user's pick", () => {
    const toggles = Array.from({ length: 400 }, (_, i) => programmatic(T + 1000 + (i % 2), 12, 'on', i % 2 === 0))
    const steps = stepsOf([
      input(T + 500, 15, 'express', true),
      programmatic(T + 501, 14, 'std', false),
      click(T + 999, 13),
      ...toggles
    ])
    const pageInputs = steps.filter((step) => step.kind === 'page-input')
    expect(pageInputs).toHaveLength(1)
    expect(pageInputs[0]).toMatchObject({ changes: 400, fields: 1 })
    expect(describeStep(pageInputs[0]!).detail).toBe('400 changes in 1 field, first form.todo > input.check “Add”')
    expect(steps.filter((step) => step.kind === 'input').map((step) => (step as InputStep).checked)).toEqual([true])
  })

  it("input without userTriggered (older recordings) counts as the user's", () => {
    const steps = stepsOf([{ type: 3, timestamp: T + 100, data: { source: 5, id: 11, text: 'x', isChecked: false } }])
    expect(steps.filter((step) => step.kind === 'input')).toHaveLength(1)
  })
})

describe('steps: clicks', () => {
  it('names the interactive element: a click on the svg inside a button is the button', () => {
    const [clicked] = stepsOf([click(T + 100, 16)]).filter((step): step is ClickStep => step.kind === 'click')
    expect(clicked!.target).toMatchObject({ nodeId: 16, selector: 'form.todo > button.go', text: 'Add' })
    expect(stepLine(clicked!)).toBe('click form.todo > button.go “Add”')
  })

  it('a tap is one touch step; touchstart alone is not a step', () => {
    const steps = stepsOf([touchStart(T + 100, 13), tap(T + 150, 13)])
    expect(steps.filter((step) => step.kind === 'click').map((step) => (step as ClickStep).button)).toEqual(['touch'])
  })

  it('rage: 3 clicks within 1 s and 30 px, every click of the burst marked; dead: nothing reacted within 1 s', () => {
    const found: Step[] = []
    const updates: Step[] = []
    const segment = new SegmentSteps(0)
    segment.feed(
      [
        meta(T, 'http://todo.test/'),
        snapshot(T + 1, page),
        click(T + 100, 13, 100, 100),
        click(T + 300, 13, 110, 100),
        click(T + 500, 13, 105, 95), // third within 1 s and 30 px: rage
        mutation(T + 900, { texts: [{ id: 21, value: 'One' }] }), // reaction within 1 s of the last two
        click(T + 5000, 13, 400, 400),
        mouseMove(T + 6100) // 1.1 s later, nothing reacted: dead
      ],
      { step: (step) => found.push(step), update: (step) => updates.push(step) }
    )
    const clicks = found.filter((step): step is ClickStep => step.kind === 'click')
    expect(clicks.map((step) => [step.rage, step.dead])).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [false, true]
    ])
    expect(clicks.map((step) => describeStep(step).title)).toEqual([
      'Rage click',
      'Rage click',
      'Rage click',
      'Dead click'
    ])
    expect(updates).toEqual(expect.arrayContaining([clicks[0], clicks[1], clicks[3]]))
    expect(segment.openSteps()).not.toContain(clicks[3])
  })

  it('a click stays undecided until a later event; a new page load decides it', () => {
    const first = new SegmentSteps(0)
    const found: ClickStep[] = []
    first.feed([meta(T, 'http://todo.test/'), snapshot(T + 1, page), click(T + 100, 13)], {
      step: (step) => void (step.kind === 'click' && found.push(step))
    })
    expect(found[0]!.dead).toBeNull()
    expect(first.openSteps()).toContain(found[0])
    first.end(T + 600)
    expect(found[0]!.dead).toBe(false)
  })
})

describe('steps: pages, errors and the rest', () => {
  it('a page load, route changes from the recorder, and no step for a checkout Meta with the same URL', () => {
    const steps = stepsOf([
      custom(T + 500, 'navigation', { href: 'http://todo.test/#/active', via: 'hashchange' }),
      custom(T + 600, 'navigation', { href: 'http://todo.test/#/active', via: 'replaceState' }),
      meta(T + 30_000, 'http://todo.test/#/active'),
      meta(T + 60_000, 'http://todo.test/#/done')
    ])
    expect(
      steps
        .filter((step) => step.kind === 'page-load' || step.kind === 'navigation')
        .map((step) => [step.kind, step.ts - T, 'via' in step ? step.via : null])
    ).toEqual([
      ['page-load', 0, null],
      ['navigation', 500, 'hashchange'],
      ['navigation', 60_000, 'snapshot']
    ])
  })

  it("errors read as `Type: message (file:line:column)`; a page's own error events and console errors too", () => {
    const recorded = (fields: Record<string, unknown>) => ({
      kind: 'error',
      name: 'TypeError',
      message: 'x is undefined',
      source: 'http://todo.test/static/app.js',
      line: 12,
      column: 5,
      stack: 'TypeError: x is undefined\n    at f (http://todo.test/static/app.js:12:5)',
      repeats: 0,
      ...fields
    })
    const errors = stepsOf([
      custom(T + 10, 'error', recorded({})),
      custom(T + 20, 'error', recorded({ kind: 'unhandledrejection', name: null, message: '{"code":42}', repeats: 3 })),
      custom(T + 30, 'error', recorded({ source: 'http://todo.test/', line: 3, column: null })),
      custom(T + 40, 'checkout-error', { message: 'card declined' }),
      custom(T + 50, 'PaymentException', { code: 7 }),
      consoleError(T + 60, 'TypeError:', 'boom'),
      custom(T + 70, 'error', recorded({ message: `long\n\n${'x'.repeat(400)}` }))
    ]).filter((step): step is ErrorStep => step.kind === 'error')
    expect(errors.map((step) => [step.origin, errorLine(step, 300)])).toEqual([
      ['uncaught', 'TypeError: x is undefined (app.js:12:5)'],
      ['rejection', '{"code":42} (app.js:12:5)'],
      ['uncaught', 'TypeError: x is undefined (inline script:3)'],
      ['custom', 'card declined'],
      ['custom', '{"code":7}'],
      ['console', 'TypeError: boom'],
      [
        'uncaught',
        `TypeError: long ${'x'.repeat(300 - 'TypeError: long '.length - ' (app.js:12:5)'.length - 1)}… (app.js:12:5)`
      ]
    ])
    expect(describeStep(errors[1]!)).toEqual({
      title: 'Unhandled rejection',
      detail: '{"code":42} (app.js:12:5) · 3 more since the previous one'
    })
    expect(describeStep(errors[3]!).detail).toBe('checkout-error: card declined')
    expect(errors[0]!.stack).toContain('at f (')
  })

  it('scroll and resize bursts, form submits, custom events with a bounded preview of any payload', () => {
    let deep: unknown = 'bottom'
    for (let i = 0; i < 30_000; i++) deep = { deeper: deep }
    const steps = stepsOf([
      scroll(T + 100, 1, 100),
      scroll(T + 400, 1, 800),
      scroll(T + 2000, 20, 50),
      viewport(T + 2100, 800, 600),
      viewport(T + 2500, 1024, 700),
      custom(T + 3000, 'submit', { id: 10 }),
      custom(T + 3100, 'cart', deep)
    ])
    expect(steps.slice(1).map((step) => stepLine(step))).toEqual([
      'scroll page to 0, 800',
      'scroll body > div.list “Nothing yet” to 0, 50',
      'resize 1024×700',
      'form submit body > form.todo “Add”',
      expect.stringMatching(/^cart \{"deeper":\{"deeper":.*\{…\}/)
    ])
  })
})

describe('SessionSteps', () => {
  it('reads page loads in order, decides the previous page load at the next, keeps inactive stretches', () => {
    const session = new SessionSteps()
    session.feed([meta(T, 'http://todo.test/'), snapshot(T + 1, page), click(T + 100, 13), mouseMove(T + 200)], 0)
    session.feed([meta(T + 20_500, 'http://todo.test/next'), snapshot(T + 20_501, page), mouseMove(T + 20_600)], 1)
    expect(session.steps.map((step) => [step.kind, step.segment])).toEqual([
      ['page-load', 0],
      ['click', 0],
      ['page-load', 1]
    ])
    expect((session.steps[1] as ClickStep).dead).toBe(true) // the next page came 20 s later
    expect(session.inactive).toEqual([{ start: T + 200, end: T + 20_600 }])
    expect(session.inactiveUntil(T + 40_000)).toEqual([
      { start: T + 200, end: T + 20_600 },
      { start: T + 20_600, end: T + 40_000 }
    ])
    expect(stepAt(session.steps, T + 150)).toBe(1)
    expect(stepAt(session.steps, T - 1)).toBe(-1)
  })
})
