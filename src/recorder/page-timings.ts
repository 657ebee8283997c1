import { PAGE_TIMING_TAG, type PageTimingPayload } from '../shared/devtools-events'

/**
 * This page load's navigation timing and web vitals (PageTimingPayload in src/shared/devtools-events.ts), from
 * the browser's PerformanceObserver, computed as Google's web-vitals library defines them:
 *
 * - TTFB, DOMContentLoaded, load: the navigation entry's responseStart, domContentLoadedEventStart and
 *   loadEventStart, less activationStart (a prerendered page counts from when it was shown).
 * - LCP: the last largest-contentful-paint entry before the first keydown or pointerdown (or the page being
 *   hidden), after which the browser's candidates no longer count.
 * - CLS: the largest session window of layout shifts without recent input (shifts less than 1 s apart, the
 *   window at most 5 s long).
 * - INP: per interaction (interactionId), its longest event; then the longest interaction, skipping one per 50
 *   interactions as outliers. Events under 40 ms are not observed (web-vitals' threshold too); the first
 *   input always is.
 *
 * A report goes out once the load event has finished and, through report('hidden'), each time the page is
 * hidden or left, before the recorder's last flush (index.ts): only then are LCP, CLS and INP final (CLS and INP
 * go on counting if the page is shown again, and the next hiding reports again). A report equal to the previous
 * one is not sent again.
 */

export interface PageTimingDeps {
  addCustomEvent: (tag: string, payload: PageTimingPayload) => void
  /** The window: load, keydown and pointerdown are dispatched at it. */
  target: EventTarget
  readyState: () => DocumentReadyState
}

/** web-vitals' INP keeps the 10 longest interactions: enough for the 1-in-50 skip up to 500 interactions. */
const LONGEST_KEPT = 10

/** CLS's session window: shifts less than 1 s apart, at most 5 s from its first. */
export interface ShiftWindow {
  value: number
  first: number
  last: number
}

/** The session window after a layout shift at `time` (ms) of `value`: the same window grown, or a new one. */
export function addLayoutShift(window: ShiftWindow, time: number, value: number): ShiftWindow {
  const joins = window.value > 0 && time - window.last < 1000 && time - window.first < 5000
  return joins ? { value: window.value + value, first: window.first, last: time } : { value, first: time, last: time }
}

/**
 * INP from the longest interactions' durations (longest first) and how many interactions there were: the
 * longest, skipping one per 50 interactions as outliers; null without any.
 */
export function interactionToNextPaint(longest: readonly number[], interactionCount: number): number | null {
  if (longest.length === 0) return null
  return Math.round(longest[Math.min(longest.length - 1, Math.floor(interactionCount / 50))]!)
}
const sinceStart = (time: number | undefined, activationStart: number): number | null =>
  time && time > 0 ? Math.round(Math.max(time - activationStart, 0)) : null

export function watchPageTimings({ addCustomEvent, target, readyState }: PageTimingDeps): {
  report(reason: PageTimingPayload['reason']): void
} {
  const supported = new Set(typeof PerformanceObserver === 'function' ? PerformanceObserver.supportedEntryTypes : [])
  const navigation = () => performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
  const activationStart = (navigation() as { activationStart?: number } | undefined)?.activationStart ?? 0

  let lcp: number | null = null
  let lcpFinal = false
  let cls: number | null = supported.has('layout-shift') ? 0 : null
  let clsWindow: ShiftWindow = { value: 0, first: 0, last: 0 }
  const interactions = new Map<number, number>()
  let longest: number[] = []
  let lastSent = ''

  const observers: { observer: PerformanceObserver; read: (entries: PerformanceEntry[]) => void }[] = []
  const observe = (type: string, read: (entries: PerformanceEntry[]) => void, options: object = {}): void => {
    if (!supported.has(type)) return
    const observer = new PerformanceObserver((list) => read(list.getEntries()))
    try {
      observer.observe({ type, buffered: true, ...options })
      observers.push({ observer, read })
    } catch {
      // an option this browser does not take: that measure stays unknown
    }
  }

  observe('largest-contentful-paint', (entries) => {
    const last = entries.at(-1)
    if (!lcpFinal && last) lcp = sinceStart(last.startTime, activationStart) ?? 0
  })
  observe('layout-shift', (entries) => {
    for (const entry of entries as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
      if (entry.hadRecentInput) continue
      clsWindow = addLayoutShift(clsWindow, entry.startTime, entry.value)
      cls = Math.max(cls ?? 0, clsWindow.value)
    }
  })
  const readInteractions = (entries: PerformanceEntry[]): void => {
    for (const entry of entries as (PerformanceEntry & { interactionId?: number })[]) {
      const id = entry.interactionId
      if (!id) continue
      const duration = Math.max(interactions.get(id) ?? 0, entry.duration)
      interactions.set(id, duration)
    }
    longest = [...interactions.values()].sort((a, b) => b - a).slice(0, LONGEST_KEPT)
  }
  observe('event', readInteractions, { durationThreshold: 40 })
  observe('first-input', readInteractions)

  const finishLcp = (): void => {
    lcpFinal = true
  }
  for (const type of ['keydown', 'pointerdown']) target.addEventListener(type, finishLcp, { once: true, capture: true })

  const inp = (): number | null =>
    interactionToNextPaint(
      longest,
      (performance as { interactionCount?: number }).interactionCount || interactions.size
    )

  function report(reason: PageTimingPayload['reason']): void {
    try {
      // Entries the browser has but not yet handed to the callbacks (they run in a later task).
      for (const { observer, read } of observers) read(observer.takeRecords())
      if (reason === 'hidden') finishLcp()
      const entry = navigation()
      const payload: PageTimingPayload = {
        reason,
        ttfb: sinceStart(entry?.responseStart, activationStart),
        domContentLoaded: sinceStart(entry?.domContentLoadedEventStart, activationStart),
        load: sinceStart(entry?.loadEventStart, activationStart),
        lcp,
        cls: cls === null ? null : Math.round(cls * 10_000) / 10_000,
        inp: inp()
      }
      const text = JSON.stringify({ ...payload, reason: null })
      if (text === lastSent) return
      lastSent = text
      addCustomEvent(PAGE_TIMING_TAG, payload)
    } catch {
      // rrweb having stopped: nothing more to report
    }
  }

  // loadEventEnd is set once the load handlers have run: report in the task after.
  const afterLoad = (): void => void setTimeout(() => report('load'))
  if (readyState() === 'complete') afterLoad()
  else target.addEventListener('load', afterLoad, { once: true })
  return { report }
}
