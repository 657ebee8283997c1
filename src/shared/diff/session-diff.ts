// Two sessions' steps (from the shared step model) as diff rows: keyed (step-keys.ts), aligned (align.ts),
// and given what a person reads a row for: both steps in words, where each session is at that row, how much
// longer B took to get there, the first divergence and the counts.
import { DEAD_WINDOW_MS } from '../events/rules'
import { clip } from '../events/preview'
import { stepLine, urlWithoutOrigin } from '../events/step-labels'
import type { Step } from '../events/steps'
import { alignSteps } from './align'
import type { DiffRow, DiffSide, DiffStepView, SessionDiff } from './diff-types'
import { stepKey, type StepKey } from './step-keys'

/**
 * Steps compared per session. Myers costs O((N+M)·D): two sessions of 10,000 steps that share nothing cost
 * 2·10⁸ integer comparisons (about a second); longer sessions are compared over their first steps.
 */
export const MAX_DIFF_STEPS = 10_000
/** A step's page is read once it settled: its reactions (a banner, a new route) come within this. */
export const SETTLE_MS = DEAD_WINDOW_MS

/** A step of the flow as the diff keeps it: small (a cache holds these, not the steps and their mirrors). */
export interface KeyedStep {
  key: StepKey
  view: DiffStepView
  /** Epoch ms of the step's last event (typing bursts last). */
  end: number
  /**
   * A click or an input: the page after a step is read before the next one of these. Not a form submit:
   * it is the form's answer to the click (or Enter) just before it, whose reactions it must not cut short.
   */
  act: boolean
}

/** One session, ready to be diffed. */
export interface DiffInput {
  sessionId: string
  startedAt: number
  endedAt: number
  steps: KeyedStep[]
  /** Steps of the flow in the session (more than `steps.length` when truncated). */
  total: number
}

/** The steps of the flow among `steps` (the shared model's, in time order), keyed, at most MAX_DIFF_STEPS. */
export function keyedSteps(steps: readonly Step[], startedAt: number): { steps: KeyedStep[]; total: number } {
  const out: KeyedStep[] = []
  let total = 0
  for (const step of steps) {
    const key = stepKey(step)
    if (!key) continue
    total++
    if (out.length >= MAX_DIFF_STEPS) continue
    const view: DiffStepView = {
      timestamp: step.ts,
      offset: step.ts - startedAt,
      kind: step.kind,
      label: stepLine(step),
      segment: step.segment
    }
    const problem = problemOf(step)
    if (problem) view.problem = problem
    out.push({
      key,
      view,
      end: step.end,
      act: step.kind === 'click' || step.kind === 'input'
    })
  }
  return { steps: out, total }
}

const FAILURE_PHRASES = { network: 'fail (network error)', abort: 'aborted', timeout: 'time out' } as const

/** What went wrong at a step, as a verb phrase (`got a 500 from POST /api/checkout`); null when nothing did. */
function problemOf(step: Step): string | null {
  switch (step.kind) {
    case 'network': {
      if (!step.failed) return null
      const { request } = step
      const what = `${request.method ?? request.initiator} ${clip(urlWithoutOrigin(request.url), 120)}`
      return request.error ? `saw ${what} ${FAILURE_PHRASES[request.error]}` : `got a ${request.status} from ${what}`
    }
    case 'console':
      return step.level === 'error' ? `logged an error: ${clip(step.message, 120)}` : null
    case 'error':
      return `threw ${step.name ?? 'an error'}: ${clip(step.message, 120)}`
    default:
      return null
  }
}

/** The row's note: the failure one side had and the other did not (or had differently). */
function noteOf(row: DiffRow): string | undefined {
  const a = row.a?.problem
  const b = row.b?.problem
  if (a === b) return undefined
  if (a && b) return `A ${a}; B ${b}`
  return a ? `A ${a}` : `B ${b}`
}

/** Each step's settled moment: SETTLE_MS after it ended, but before the next click or input and the session's end. */
function settledMoments(side: DiffInput): number[] {
  const moments = new Array<number>(side.steps.length)
  let nextAction = Infinity
  for (let i = side.steps.length - 1; i >= 0; i--) {
    const step = side.steps[i]!
    moments[i] = Math.max(step.end, Math.min(step.end + SETTLE_MS, nextAction - 1, side.endedAt))
    if (step.act) nextAction = step.view.timestamp
  }
  return moments
}

const sideOf = (input: DiffInput): DiffSide => ({
  sessionId: input.sessionId,
  startedAt: input.startedAt,
  endedAt: input.endedAt,
  steps: input.total,
  truncated: input.total > input.steps.length
})

export function diffSessions(a: DiffInput, b: DiffInput): SessionDiff {
  const pairs = alignSteps(
    a.steps.map((step) => step.key),
    b.steps.map((step) => step.key)
  )
  const aMoments = settledMoments(a)
  const bMoments = settledMoments(b)
  const summary = { rows: pairs.length, same: 0, changed: 0, onlyA: 0, onlyB: 0, totalDeltaMs: 0 }
  const rows: DiffRow[] = []
  // Where each session is (its last step's moment), and when the last row with both steps happened.
  let aAt = a.startedAt
  let bAt = b.startedAt
  let aPaired = a.startedAt
  let bPaired = b.startedAt
  for (const pair of pairs) {
    const row: DiffRow = { op: pair.op, aAt, bAt }
    if (pair.a !== null) {
      row.a = a.steps[pair.a]!.view
      row.aAt = aAt = aMoments[pair.a]!
    }
    if (pair.b !== null) {
      row.b = b.steps[pair.b]!.view
      row.bAt = bAt = bMoments[pair.b]!
    }
    if (row.a && row.b) {
      row.deltaMs = row.b.timestamp - bPaired - (row.a.timestamp - aPaired)
      summary.totalDeltaMs += row.deltaMs
      aPaired = row.a.timestamp
      bPaired = row.b.timestamp
    }
    const note = noteOf(row)
    if (note) row.note = note
    if (pair.op === 'same') summary.same++
    else if (pair.op === 'changed') summary.changed++
    else if (pair.op === 'only-a') summary.onlyA++
    else summary.onlyB++
    rows.push(row)
  }
  const first = rows.findIndex((row) => row.op !== 'same')
  const divergence = rows[first]
  return {
    a: sideOf(a),
    b: sideOf(b),
    rows,
    firstDivergence: divergence
      ? {
          row: first,
          aTimestamp: divergence.a?.timestamp ?? divergence.aAt,
          bTimestamp: divergence.b?.timestamp ?? divergence.bAt
        }
      : null,
    summary
  }
}

/** "took 4.2 s longer", "3.1 s faster", "same time" (within 50 ms): a row's delta in words. */
export function deltaWords(deltaMs: number): string {
  if (Math.abs(deltaMs) < 50) return 'same time'
  const seconds = Math.abs(deltaMs) / 1000
  const amount = seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`
  return deltaMs > 0 ? `took ${amount} longer` : `${amount} faster`
}
