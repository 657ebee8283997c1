// Every rule that turns recorded events into steps, in one place: burst gaps, rage and dead clicks,
// inactivity. The search index, the replay's event list and timeline, the audit and the diff all read steps
// made by these rules (docs/search.md, "Steps", documents them for people).
//
// Rage click: a click is part of a rage burst when, counting itself, at least RAGE_MIN_CLICKS clicks of one
// page load landed within RAGE_RADIUS_PX of it during the RAGE_WINDOW_MS up to and including it. Every click
// of the burst is marked.
//
// Dead click: a click after which nothing happened for DEAD_WINDOW_MS: no DOM mutation, no input and no
// navigation (a new page load or a URL change) in the session. Deciding needs an event later than the window,
// which may come in the next batch: until then the click is undecided (never reported as dead); a new page
// load decides those of the previous one.

export const RAGE_MIN_CLICKS = 3
export const RAGE_WINDOW_MS = 1000
export const RAGE_RADIUS_PX = 30
export const DEAD_WINDOW_MS = 1000

/** Input events into one field, each within this of the previous, are one typing step (a word, a sentence). */
export const TYPING_GAP_MS = 3000
/** Scroll (per target) and viewport resize events within this of the previous extend the same step. */
export const SCROLL_GAP_MS = 1000
/** Value changes made by the page's own code within this of each other collapse into one step. */
export const PAGE_INPUT_GAP_MS = 1000
/**
 * A page load is settled once its first full snapshot and the mutations right after it are in: each within
 * SETTLE_GAP_MS of the previous, at most SETTLE_MAX_MS after the snapshot, and before any user activity. A
 * replay opens there, not at the raw first event: a page's first frame (a footer that existed for 7 ms, a
 * blank page an app renders into right after load) is not what anyone saw.
 */
export const SETTLE_GAP_MS = 250
export const SETTLE_MAX_MS = 3000

/** rrweb's default `inactivePeriodThreshold`: gaps longer than this between user actions are inactive. */
export const INACTIVE_THRESHOLD_MS = 10_000

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
  private clicks: T[] = []

  constructor(seed: T[] = []) {
    this.clicks = seed
  }

  /** The clicks of the last RAGE_WINDOW_MS (a later click may still make them part of a burst). */
  recent(): readonly T[] {
    return this.clicks
  }

  add(click: T): T[] {
    this.clicks = this.clicks.filter((earlier) => click.ts - earlier.ts <= RAGE_WINDOW_MS)
    const burst = this.clicks.filter((earlier) => near(earlier, click))
    this.clicks.push(click)
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
