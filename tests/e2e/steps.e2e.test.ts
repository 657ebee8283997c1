// The shared step model on real recordings: the to-do app (tests/e2e/pages/todo-app.html) recorded by the
// real recorder in Chromium, read back from the store chunk by chunk as the replay reads it. And the one
// check that matters most for "one reading": the replay's click steps and the search index's clicks for the
// same recording are the same moments with the same selectors.
import { describe, expect, it } from 'vitest'
import { SessionSteps } from '../../src/shared/events/session-steps'
import { describeStep } from '../../src/shared/events/step-labels'
import type { ClickStep, InputStep, Step } from '../../src/shared/events/steps'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import type { TestCore } from '../helpers/test-core'
import { recordTodoSession } from '../helpers/todo-site'

const env = useCoreAndChromium()

/** The session's steps, read from its stored chunks in playback order (as the replay view reads them). */
function stepsOf(core: TestCore, sessionId: string): SessionSteps {
  const steps = new SessionSteps()
  const outline = core.store.getSessionOutline(sessionId)!
  for (const chunk of outline.chunks) steps.feed(core.store.getEventChunk(sessionId, chunk.index)!, chunk.segment)
  return steps
}

/** The session's field steps in short, for a failure's message (a flaky run once read one burst too few). */
const fieldSteps = (steps: Step[]) =>
  JSON.stringify(
    steps
      .filter((step) => step.kind === 'input' || step.kind === 'page-input' || step.kind === 'page-load')
      .map((step) => [step.kind, step.ts, step.segment, 'target' in step ? step.target?.selector : null])
  )

/** Input steps on elements whose label ends with `selector` (a parent's class may change meanwhile). */
const inputsOn = (steps: Step[], selector: string) =>
  steps.filter((step): step is InputStep => step.kind === 'input' && !!step.target.selector?.endsWith(selector))

describe('steps of a real to-do session', () => {
  let lax = ''
  let moderate = ''

  it('typing bursts keep what was typed, not the value the page cleared the field to', async () => {
    lax = await recordTodoSession(env.core, env.browser, { 'data-mask-level': 'lax' })
    const { steps } = stepsOf(env.core, lax)
    const todos = inputsOn(steps, 'header > input.new-todo[name="new-todo"]')
    expect(
      todos.map((step) => [step.value, step.masked, step.length]),
      fieldSteps(steps)
    ).toEqual([
      ['buy milk', false, 8],
      ['call mum', false, 8]
    ])
    expect(todos.every((step) => step.changes >= 8)).toBe(true) // one step per burst, not per key
    expect(describeStep(todos[0]!).detail).toBe('“buy milk” in header > input.new-todo[name="new-todo"]')
    expect(todos[0]!.target.text).toBe('What needs to be done?')
    // The page's own `field.value = ''` after each Enter, and toggle-all's checkboxes, are the page's steps.
    const pageInputs = steps.filter((step) => step.kind === 'page-input')
    expect(pageInputs.length).toBeGreaterThanOrEqual(3)
    expect(pageInputs.some((step) => step.kind === 'page-input' && step.changes === 2)).toBe(true)
  })

  it('checkboxes read as checked and unchecked, with the to-do they belong to', () => {
    const { steps } = stepsOf(env.core, lax)
    const toggles = inputsOn(steps, '> input.toggle')
    // The to-do's label right after it names the checkbox; the item was marked done in between.
    expect(toggles.map((step) => [step.checked, step.target.text])).toEqual([
      [true, 'buy milk'],
      [false, 'buy milk']
    ])
    expect(toggles.map((step) => Object.values(describeStep(step)).join(': '))).toEqual([
      'Checked: li > input.toggle “buy milk”',
      'Unchecked: li.completed > input.toggle “buy milk”'
    ])
    const toggleAll = inputsOn(steps, 'header > input#toggle-all.toggle-all')
    expect(toggleAll.map((step) => [step.checked, step.target.text])).toEqual([[true, 'Mark all as complete']])
  })

  it('rage and dead clicks, the hash route, the form submitted with Enter, and the reload', () => {
    const { steps } = stepsOf(env.core, lax)
    const archive = steps.filter(
      (step): step is ClickStep => step.kind === 'click' && step.target.selector === 'footer > button.does-nothing'
    )
    expect(archive.map((step) => [step.rage, step.dead])).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [false, true]
    ])
    expect(archive.map((step) => describeStep(step).title)).toEqual([
      'Rage click',
      'Rage click',
      'Rage click',
      'Dead click'
    ])
    const routes = steps.filter((step) => step.kind === 'navigation' || step.kind === 'page-load')
    expect(routes.map((step) => [step.kind, step.segment, 'href' in step && new URL(step.href).hash])).toEqual([
      ['page-load', 0, ''],
      ['navigation', 0, '#/active'],
      ['page-load', 1, '#/active'],
      ['navigation', 1, '#/completed']
    ])
    // The filter link changed the page (its class): not dead.
    const filter = steps.find((step): step is ClickStep => step.kind === 'click' && step.target.text === 'Active')
    expect(filter?.dead).toBe(false)
    const submits = steps.filter((step) => step.kind === 'submit')
    expect(submits.map((step) => step.kind === 'submit' && step.target.selector)).toEqual(['body > form.newsletter'])
    expect(steps.some((step) => step.kind === 'click' && step.target.selector === null)).toBe(false)
  })

  it('under moderate masking an input step has the masked length and no value', async () => {
    moderate = await recordTodoSession(env.core, env.browser, { 'data-mask-level': 'moderate' })
    const { steps } = stepsOf(env.core, moderate)
    const todos = inputsOn(steps, 'header > input.new-todo[name="new-todo"]')
    expect(
      todos.map((step) => [step.value, step.masked, step.length]),
      fieldSteps(steps)
    ).toEqual([
      [null, true, 8],
      [null, true, 8]
    ])
    expect(describeStep(todos[0]!).detail).toMatch(/^\*{8} \(8 characters, masked\) in header > input\.new-todo/)
  })

  it("the replay's click steps and the search index's clicks are the same moments with the same selectors", async () => {
    for (const sessionId of [lax, moderate]) {
      const fromSteps = stepsOf(env.core, sessionId)
        .steps.filter((step): step is ClickStep => step.kind === 'click')
        .map((step) => ({
          timestamp: step.ts,
          kind: step.button,
          selector: step.target.selector,
          text: step.target.text
        }))
      const results = await env.core.api.searchSessions('clicked:*')
      const fromIndex = results.find((result) => result.sessionId === sessionId)!.hits
      expect(fromSteps.length).toBeGreaterThan(8)
      expect(fromIndex).toEqual(fromSteps)
    }
  })
})
