// The session diff on real recordings: flows recorded by the real recorder in Chromium, stored by the real
// core, diffed by the API operations the workspace calls and by the CLI. Each pair of recordings differs in
// what must not matter (mouse paths, pauses, a new hash for every class name and id of the CSS-in-JS shop)
// and, for some, in one step of the flow.
import { describe, expect, it } from 'vitest'
import type { DiffRow, SessionDiff } from '../../src/shared/diff/diff-types'
import { describePageDifference } from '../../src/shared/diff/page-compare'
import { runCli } from '../helpers/cli'
import { DECLINED_CARD, serveStyledShop, shopFlow, todoFlow } from '../helpers/diff-flows'
import { useCoreAndChromium } from '../helpers/e2e-fixture'
import { recordVisit } from '../helpers/record-visit'
import { serveTodoApp } from '../helpers/todo-site'

const env = useCoreAndChromium()

const recordTodo = async (flow: Parameters<typeof todoFlow>[0]) =>
  recordVisit(env.core, env.browser, env.keep(await serveTodoApp(env.core)), todoFlow(flow))
const recordShop = async (flow: Parameters<typeof shopFlow>[0]) =>
  recordVisit(env.core, env.browser, env.keep(await serveStyledShop(env.core)), shopFlow(flow))

const ops = (diff: SessionDiff) => diff.rows.map((row) => row.op)
const notSame = (diff: SessionDiff) => diff.rows.filter((row) => row.op !== 'same')

describe('the session diff on real recordings', () => {
  let plain = ''

  it('the same to-do flow recorded twice: only same rows, no divergence', async () => {
    plain = await recordTodo({ seed: 1 })
    const again = await recordTodo({ seed: 7 })
    const diff = await env.core.api.diffSessions(plain, again)
    expect(diff.rows.length).toBeGreaterThanOrEqual(9)
    expect(new Set(ops(diff))).toEqual(new Set(['same']))
    expect(diff.firstDivergence).toBeNull()
    expect(diff.summary).toMatchObject({
      rows: diff.rows.length,
      same: diff.rows.length,
      changed: 0,
      onlyA: 0,
      onlyB: 0
    })
    // The flow, in words, on both sides; scrolls and the page's own value changes are no rows.
    const labels = diff.rows.map((row) => row.a!.label)
    // Typed values are masked (the recorder's default, moderate): a typing burst keys by field and length.
    expect(labels).toContain('input ******** (8 characters, masked) in header > input.new-todo[name="new-todo"]')
    expect(labels).toContain('checked li > input.toggle “buy milk”')
    expect(labels).toContain('click nav.filters > a “Active”')
    expect(labels.at(-1)).toBe('form submit body > form.newsletter “Subscribe Thanks!”')
    expect(diff.rows.every((row) => row.a!.kind === row.b!.kind && row.deltaMs !== undefined)).toBe(true)
    // Mouse paths and pauses differed: the timings do, and the deltas say by how much.
    expect(diff.rows.some((row) => row.deltaMs !== 0)).toBe(true)
    const total = diff.rows.reduce((sum, row) => sum + row.deltaMs!, 0)
    expect(diff.summary.totalDeltaMs).toBe(total)
    const last = diff.rows.at(-1)!
    expect(total).toBe(last.b!.offset - last.a!.offset)
  })

  it('the flow plus one extra click: only-b at the row after the tick', async () => {
    const extra = await recordTodo({ seed: 3, extraClick: true })
    const diff = await env.core.api.diffSessions(plain, extra)
    const odd = notSame(diff)
    expect(odd).toHaveLength(1)
    expect(odd[0]).toMatchObject({ op: 'only-b', b: { kind: 'click' } })
    expect(odd[0]!.b!.label).toMatch(/header > h1 “todos”$/)
    expect(odd[0]!.a).toBeUndefined()
    const row = diff.rows.indexOf(odd[0]!)
    expect(diff.rows[row - 1]!.a!.label).toBe('checked li > input.toggle “buy milk”')
    expect(diff.firstDivergence).toEqual({
      row,
      aTimestamp: diff.rows[row - 1]!.aAt,
      bTimestamp: odd[0]!.b!.timestamp
    })
    // A one-sided row keeps the other session where it was: at its previous step's moment.
    expect(odd[0]!.aAt).toBe(diff.rows[row - 1]!.aAt)
    expect(diff.summary).toMatchObject({ onlyB: 1, onlyA: 0, changed: 0, same: diff.rows.length - 1 })
    // And the other way round it is only-a at the same row.
    const back = await env.core.api.diffSessions(extra, plain)
    expect(notSame(back).map((r: DiffRow) => [r.op, back.rows.indexOf(r)])).toEqual([['only-a', row]])
  })

  it('a different click target (another filter link, another route) is changed, not one-sided', async () => {
    const other = await recordTodo({ seed: 5, filter: 'completed' })
    const diff = await env.core.api.diffSessions(plain, other)
    const odd = notSame(diff)
    expect(odd.map((row) => row.op)).toEqual(['changed', 'changed'])
    expect(odd.map((row) => [row.a!.kind, row.b!.kind])).toEqual([
      ['click', 'click'],
      ['navigation', 'navigation']
    ])
    expect(odd[0]!.a!.label).toMatch(/a “Active”$/)
    expect(odd[0]!.b!.label).toMatch(/a “Completed”$/)
    expect(odd[1]!.a!.label).toMatch(/#\/active$/)
    expect(odd[1]!.b!.label).toMatch(/#\/completed$/)
    expect(diff.firstDivergence?.row).toBe(diff.rows.indexOf(odd[0]!))
  })

  let paid = ''

  it('a CSS-in-JS page whose class names and ids change on every load still aligns', async () => {
    paid = await recordShop({ seed: 2 })
    const again = await recordShop({ seed: 9 })
    const diff = await env.core.api.diffSessions(paid, again)
    expect(new Set(ops(diff))).toEqual(new Set(['same']))
    expect(diff.rows.map((row) => row.a!.kind)).toEqual([
      'page-load',
      'click',
      'click',
      'input',
      'input',
      'click',
      'submit',
      'navigation'
    ])
    // The labels name the elements as recorded: their hashed classes differ from one load to the other.
    const differing = diff.rows.filter((row) => row.a!.label !== row.b!.label)
    expect(differing.length).toBeGreaterThanOrEqual(4)
    expect(differing.map((row) => row.a!.label).join('\n')).toMatch(/\.css-|\.sc-|Button_pay__/)
  })

  it('a flow that fails: the error banner, the button state and the URL differ at the Pay row', async () => {
    const declined = await recordShop({ seed: 4, card: DECLINED_CARD })
    const diff = await env.core.api.diffSessions(paid, declined)
    // The steps are the same up to the end: A's route to /thanks, B's uncaught error.
    expect(notSame(diff).map((row) => [row.op, row.a?.kind ?? row.b?.kind])).toEqual([
      ['only-a', 'navigation'],
      ['only-b', 'error']
    ])
    const error = notSame(diff)[1]!
    expect(error.b!.label).toMatch(/^uncaught error Error: Payment declined for order \d+/)
    const pay = diff.rows.find((row) => row.a?.kind === 'click' && row.a.label.includes('Pay now'))!
    expect(pay.op).toBe('same')
    const pages = await env.core.api.comparePages(paid, pay.aAt, declined, pay.bAt)
    const lines = pages.differences.map(describePageDifference)
    const css = '\\.css-\\w+'
    expect(lines).toEqual([
      'URL: /thanks in A, / in B',
      expect.stringMatching(/^disabled only in A: form\.css-\w+ > button\.Button_pay__\w+ “Pay now”$/),
      expect.stringMatching(new RegExp(`^only in A: main${css} > p${css} “Thanks! Your order is confirmed\\.”$`)),
      expect.stringMatching(
        new RegExp(`^only in B: main${css} > div${css}\\[role=alert\\] “Payment failed: card declined”$`)
      )
    ])
    // Nothing else: everything else on the two pages matched, though every class name differs between them.
    // One row earlier (the card typed), the pages were alike but for the typed value, which is masked.
    const card = diff.rows[diff.rows.indexOf(pay) - 1]!
    const before = await env.core.api.comparePages(paid, card.aAt, declined, card.bAt)
    expect(before.differences).toEqual([])
    expect(before.a.page!.items.some((item) => item.control && item.text === 'Pay now')).toBe(true)
  })

  it('the CLI: a table, --json in the documented shape, exit 0 either way and 2 on a bad argument', () => {
    const db = env.core.dbPath
    const sessions = env.core.store.listSessions().map((session) => session.id)
    const [a, b] = [plain, sessions.find((id) => id !== plain && id !== paid)!]
    const json = runCli(['diff', a, b, '--json', '--db', db])
    expect(json.status, json.stderr).toBe(0)
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>
    expect(Object.keys(parsed)).toEqual(['rows', 'firstDivergence', 'summary'])
    const api = env.core.api.diffSessions(a, b)
    return api.then((diff) => {
      expect(parsed).toEqual({
        rows: diff.rows.map((row) => ({
          op: row.op,
          ...(row.a && { a: { timestamp: row.a.timestamp, kind: row.a.kind, label: row.a.label } }),
          ...(row.b && { b: { timestamp: row.b.timestamp, kind: row.b.kind, label: row.b.label } }),
          ...(row.deltaMs !== undefined && { deltaMs: row.deltaMs }),
          ...(row.note !== undefined && { note: row.note })
        })),
        firstDivergence: diff.firstDivergence,
        summary: diff.summary
      })
      const table = runCli(['diff', a, b, '--db', db])
      expect(table.status).toBe(0)
      const lines = table.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^\d+ same, \d+ changed, \d+ only in A, \d+ only in B; /)
      expect(lines[1]).toMatch(/^row +op +A at +A step +B at +B step +B vs A$/)
      expect(lines).toHaveLength(diff.rows.length + 2)
      expect(lines[2]).toMatch(/^0 +[=~+-] +\+0s +page load /)
      expect(runCli(['diff', a, a, '--db', db])).toMatchObject({ status: 2, stdout: '' })
      const unknown = runCli(['diff', a, 'no-such-session', '--db', db])
      expect(unknown).toMatchObject({ status: 2, stdout: '' })
      expect(unknown.stderr).toContain('no session no-such-session')
    })
  })
})
