// What the session diff answers (the API's diffSessions and comparePages, the CLI's `diff`, the workspace's
// diff view): two sessions' steps lined up row by row, and the two pages side by side at one row.
import type { PageDigest, PageItem } from '../events/page-digest'
import type { StepKind } from '../events/steps'

export type { PageDigest, PageItem }

/** same: the same step in both; changed: a near-equal step in each; only-a / only-b: a step in one only. */
export type DiffOp = 'same' | 'changed' | 'only-a' | 'only-b'

/** One session's step in a row. */
export interface DiffStepView {
  /** Epoch ms (the recording's clock) of the step. */
  timestamp: number
  /** Milliseconds from the session's start. */
  offset: number
  kind: StepKind
  /** The step in one line (step-labels.ts stepLine): `click li > button.destroy “×”`. */
  label: string
  /** The page load (segment) it happened in. */
  segment: number
  /**
   * What went wrong at this step, as a verb phrase after the session's letter: `got a 500 from POST
   * /api/checkout`, `logged an error: …`. Only failed requests, errors and console errors have one.
   */
  problem?: string
}

export interface DiffRow {
  op: DiffOp
  a?: DiffStepView
  b?: DiffStepView
  /**
   * Rows with both steps: how much longer B took than A to get here from the previous row with both
   * (from the session start for the first one); negative when B was faster.
   */
  deltaMs?: number
  /**
   * Where each session is at this row, epoch ms: the page once the step has settled (its reactions,
   * up to 1 s, before the next click or input). A one-sided row takes the other session at its previous
   * step (where it was when this one did something else), or at its start. The players seek here and the
   * page comparison reads the pages here.
   */
  aAt: number
  bAt: number
  /**
   * What went wrong at this row in one session and not (or not so) in the other, in words:
   * `B got a 500 from POST /api/checkout`. Absent when neither step failed, or both failed alike.
   */
  note?: string
}

export interface DiffSide {
  sessionId: string
  startedAt: number
  endedAt: number
  /** Steps of the flow (scrolls, resizes and the page's own value changes are not). */
  steps: number
  /** More steps than the diff compares (MAX_DIFF_STEPS): only the first ones are in the rows. */
  truncated: boolean
}

export interface DiffSummary {
  rows: number
  same: number
  changed: number
  onlyA: number
  onlyB: number
  /** Sum of the rows' deltas: how much longer B took over the steps both have. */
  totalDeltaMs: number
}

export interface SessionDiff {
  a: DiffSide
  b: DiffSide
  rows: DiffRow[]
  /** The first row that is not `same` (null: the two sessions took the same steps). */
  firstDivergence: { row: number; aTimestamp: number; bTimestamp: number } | null
  summary: DiffSummary
}

export type PageDifference =
  | { kind: 'url'; a: string | null; b: string | null }
  /** An item on one page only: `an error banner present only in B`. */
  | { kind: 'only-a' | 'only-b'; item: PageItem }
  /** An item on both pages whose state differs: `a button disabled only in A`. */
  | { kind: 'state'; item: PageItem; attribute: string; a: string | null; b: string | null }

export interface PageComparison {
  a: { sessionId: string; at: number; page: PageDigest | null }
  b: { sessionId: string; at: number; page: PageDigest | null }
  /** URL first, then state changes, then items on one page only, each in page order (at most MAX_PAGE_DIFFERENCES). */
  differences: PageDifference[]
}
