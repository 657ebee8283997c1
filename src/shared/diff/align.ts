// Lines two sessions' steps up by their keys (step-keys.ts): a Myers diff (fast-myers-diff: iterative, so a
// hostile recording cannot overflow the stack, O((N+M)·D)) finds the longest run of equal steps, then the
// steps left over between two equal runs (a hunk) are paired into `changed` rows where they are near-equal
// neighbours, and the rest are `only-a` / `only-b`.
import { diff } from 'fast-myers-diff'
import type { DiffOp } from './diff-types'
import type { StepKey } from './step-keys'

/** One row of the alignment: indexes into the two step lists. */
export interface AlignedPair {
  op: DiffOp
  a: number | null
  b: number | null
}

/**
 * Near-equal: of one kind, with at least this share of their tokens in common (weighted Jaccard, where the
 * element and its ancestors weigh twice its href and text: another link in the same menu is near).
 */
export const MIN_SIMILARITY = 0.5
/** How far ahead in the other side's hunk a near-equal step is looked for. */
const PAIRING_WINDOW = 8

/** Where an element is (itself and its ancestors) says more about a step than its href or text. */
const weightOf = (token: string): number => (token.startsWith('el:') || /^up\d:/.test(token) ? 2 : 1)

/** Weighted Jaccard similarity of two steps' tokens (0 for different kinds). */
export function similarity(a: StepKey, b: StepKey): number {
  if (a.kind !== b.kind) return 0
  if (a.key === b.key) return 1
  const mine = new Set(a.tokens)
  const theirs = new Set(b.tokens)
  let common = 0
  let union = 0
  for (const token of mine) union += weightOf(token)
  for (const token of theirs) {
    if (mine.has(token)) common += weightOf(token)
    else union += weightOf(token)
  }
  return union === 0 ? 1 : common / union
}

/** The keys as small integers, so the diff compares numbers (one Map lookup per step, not per comparison). */
function intern(a: readonly StepKey[], b: readonly StepKey[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>()
  const idsOf = (keys: readonly StepKey[]) => {
    const out = new Int32Array(keys.length)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!.key
      let id = ids.get(key)
      if (id === undefined) ids.set(key, (id = ids.size))
      out[i] = id
    }
    return out
  }
  return [idsOf(a), idsOf(b)]
}

/** Whether a[aFrom..aTo) and b[bFrom..bTo) are as long as each other and of the same kinds, position by position. */
function sameShape(
  a: readonly StepKey[],
  b: readonly StepKey[],
  aFrom: number,
  aTo: number,
  bFrom: number,
  bTo: number
) {
  if (aTo - aFrom !== bTo - bFrom) return false
  for (let k = 0; k < aTo - aFrom; k++) if (a[aFrom + k]!.kind !== b[bFrom + k]!.kind) return false
  return true
}

/**
 * Rows for the steps a[aFrom..aTo) and b[bFrom..bTo) that the diff found unequal. First the near-equal
 * pairs (greedy, in order, the most similar within PAIRING_WINDOW); then, between two such pairs, runs of
 * the same length and the same kinds on both sides pair up position by position (the flow did other
 * things of the same kinds there: another link and the route it led to); what is left is one-sided.
 */
function pairHunk(
  a: readonly StepKey[],
  b: readonly StepKey[],
  aFrom: number,
  aTo: number,
  bFrom: number,
  bTo: number,
  out: AlignedPair[]
): void {
  const anchors: [number, number][] = []
  let next = bFrom
  for (let i = aFrom; i < aTo; i++) {
    let best = -1
    let bestScore = MIN_SIMILARITY
    for (let j = next; j < Math.min(bTo, next + PAIRING_WINDOW); j++) {
      const score = similarity(a[i]!, b[j]!)
      if (score >= bestScore && (best === -1 || score > bestScore)) {
        best = j
        bestScore = score
      }
    }
    if (best === -1) continue
    anchors.push([i, best])
    next = best + 1
  }
  anchors.push([aTo, bTo])
  let i = aFrom
  let j = bFrom
  for (const [anchorA, anchorB] of anchors) {
    if (sameShape(a, b, i, anchorA, j, anchorB)) {
      for (; i < anchorA; i++, j++) out.push({ op: 'changed', a: i, b: j })
    } else {
      for (; i < anchorA; i++) out.push({ op: 'only-a', a: i, b: null })
      for (; j < anchorB; j++) out.push({ op: 'only-b', a: null, b: j })
    }
    if (anchorA < aTo) out.push({ op: 'changed', a: anchorA, b: anchorB })
    i = anchorA + 1
    j = anchorB + 1
  }
}

/** The aligned rows of two step lists, in order. */
export function alignSteps(a: readonly StepKey[], b: readonly StepKey[]): AlignedPair[] {
  const [aIds, bIds] = intern(a, b)
  const out: AlignedPair[] = []
  let i = 0
  let j = 0
  // Each hunk [aFrom, aTo, bFrom, bTo]: a[aFrom..aTo) was replaced by b[bFrom..bTo); the steps before it
  // (since the previous hunk) are equal.
  for (const [aFrom, aTo, bFrom, bTo] of diff(aIds, bIds)) {
    for (; i < aFrom; i++, j++) out.push({ op: 'same', a: i, b: j })
    pairHunk(a, b, aFrom, aTo, bFrom, bTo, out)
    i = aTo
    j = bTo
  }
  for (; i < a.length; i++, j++) out.push({ op: 'same', a: i, b: j })
  return out
}
