// The rules that turn clicks into findings. Documented in docs/search.md ("Rage and dead clicks").
//
// Rage click: a click is part of a rage burst when, counting itself, at least RAGE_MIN_CLICKS clicks of one
// page load landed within RAGE_RADIUS_PX of it during the RAGE_WINDOW_MS up to and including it. Every click
// of the burst is marked.
//
// Dead click: a click after which nothing happened for DEAD_WINDOW_MS: no DOM mutation, no input and no
// navigation (a new page load or a URL change) in the session. Deciding needs an event later than the window,
// which may come in the next batch: until then the click is undecided (never reported as dead), and each
// later batch of its page load decides the undecided ones (InteractionIndexer.applyBatch); a new page load
// decides those of the previous one (SearchIndexStore.resolveUndecidedClicks).

export const RAGE_MIN_CLICKS = 3
export const RAGE_WINDOW_MS = 1000
export const RAGE_RADIUS_PX = 30
export const DEAD_WINDOW_MS = 1000

export interface ClickPoint {
  ts: number
  x: number | null
  y: number | null
}

const near = (a: ClickPoint, b: ClickPoint): boolean =>
  a.x !== null && a.y !== null && b.x !== null && b.y !== null && Math.hypot(a.x - b.x, a.y - b.y) <= RAGE_RADIUS_PX

/**
 * Keeps the clicks of the last RAGE_WINDOW_MS and returns, for a new click, the earlier clicks that make a
 * rage burst with it (empty when there is no burst). `T` carries whatever the caller needs to mark them.
 */
export class RageDetector<T extends ClickPoint> {
  private recent: T[] = []

  constructor(seed: T[] = []) {
    this.recent = seed
  }

  add(click: T): T[] {
    this.recent = this.recent.filter((earlier) => click.ts - earlier.ts <= RAGE_WINDOW_MS)
    const burst = this.recent.filter((earlier) => near(earlier, click))
    this.recent.push(click)
    return burst.length + 1 >= RAGE_MIN_CLICKS ? burst : []
  }
}

/** The verdict on one click so far, given the first reaction after it and the latest event time seen. */
export function deadVerdict(
  clickTs: number,
  firstReaction: number | null,
  latest: number
): 'alive' | 'dead' | 'undecided' {
  if (firstReaction !== null && firstReaction >= clickTs && firstReaction - clickTs <= DEAD_WINDOW_MS) return 'alive'
  if (latest - clickTs > DEAD_WINDOW_MS) return 'dead'
  return 'undecided'
}
