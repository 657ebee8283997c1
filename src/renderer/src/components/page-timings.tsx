// Each page load's navigation timing and web vitals (recorded by the recorder's page-timings.ts, read by the
// shared step model): a small bar per page load — waiting for the first byte, then until DOMContentLoaded,
// then until load, with the largest contentful paint marked — and the figures rated as web.dev rates them.
import type { PageTimingPayload } from '../../../shared/devtools-events'
import { formatMs } from '../../../shared/events/step-labels'
import { currentSteps, usePlayerStore } from '../stores/player-store'

type Rating = 'good' | 'needs-improvement' | 'poor'

/** web.dev's thresholds (good up to the first, poor above the second). */
const THRESHOLDS = { ttfb: [800, 1800], lcp: [2500, 4000], cls: [0.1, 0.25], inp: [200, 500] } as const

export function rate(metric: keyof typeof THRESHOLDS, value: number): Rating {
  const [good, poor] = THRESHOLDS[metric]
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor'
}

const BAR_WIDTH = 300
const BAR_HEIGHT = 14

function TimingBar({ timing }: { timing: PageTimingPayload }) {
  const { ttfb, domContentLoaded, load, lcp } = timing
  const end = Math.max(1, ttfb ?? 0, domContentLoaded ?? 0, load ?? 0, lcp ?? 0)
  const x = (ms: number) => (ms / end) * BAR_WIDTH
  const spans: { from: number; to: number | null; className: string; label: string }[] = [
    { from: 0, to: ttfb, className: 'pt-wait', label: 'waiting for the first byte' },
    { from: ttfb ?? 0, to: domContentLoaded, className: 'pt-dom', label: 'until DOMContentLoaded' },
    { from: domContentLoaded ?? 0, to: load, className: 'pt-load', label: 'until load' }
  ]
  return (
    <svg
      className="page-timing-bar"
      viewBox={`0 0 ${BAR_WIDTH} ${BAR_HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`Load ${load === null ? 'not known' : formatMs(load)}, LCP ${lcp === null ? 'not known' : formatMs(lcp)}`}
    >
      <rect className="pt-track" x={0} y={3} width={BAR_WIDTH} height={BAR_HEIGHT - 6} rx={2} />
      {spans.map((span) =>
        span.to === null || span.to <= span.from ? null : (
          <rect
            key={span.className}
            className={span.className}
            x={x(span.from)}
            y={3}
            width={x(span.to - span.from)}
            height={BAR_HEIGHT - 6}
          >
            <title>
              {formatMs(span.from)}–{formatMs(span.to)} {span.label}
            </title>
          </rect>
        )
      )}
      {lcp !== null && (
        <rect
          className={`pt-lcp rating-${rate('lcp', lcp)}`}
          x={Math.max(0, x(lcp) - 1.5)}
          y={0}
          width={3}
          height={BAR_HEIGHT}
        >
          <title>Largest contentful paint at {formatMs(lcp)}</title>
        </rect>
      )}
    </svg>
  )
}

function Figure({ label, value, metric }: { label: string; value: number | null; metric?: keyof typeof THRESHOLDS }) {
  if (value === null) return null
  const text = metric === 'cls' ? value.toFixed(3) : formatMs(value)
  return (
    <span
      className={`pt-figure${metric ? ` rating-${rate(metric, value)}` : ''}`}
      title={metric ? rate(metric, value).replace('-', ' ') : undefined}
    >
      {label} <strong>{text}</strong>
    </span>
  )
}

/** The page loads with recorded timings, in order; nothing when none were recorded. */
export function PageTimings({ pages }: { pages: { segment: number; url: string }[] }) {
  usePlayerStore((state) => state.stepsVersion) // re-render as timings arrive
  const timings = currentSteps()?.pageTimings
  const rows = pages.flatMap((page) => {
    const timing = timings?.get(page.segment)
    return timing ? [{ ...page, timing }] : []
  })
  if (rows.length === 0) return null
  return (
    <>
      <h3>Page timings</h3>
      <ol className="page-timings" data-testid="page-timings">
        {rows.map(({ segment, url, timing }) => (
          <li key={segment}>
            <div className="mono wrap muted">{url}</div>
            <TimingBar timing={timing} />
            <div className="pt-figures">
              <Figure label="TTFB" value={timing.ttfb} metric="ttfb" />
              <Figure label="DOMContentLoaded" value={timing.domContentLoaded} />
              <Figure label="Load" value={timing.load} />
              <Figure label="LCP" value={timing.lcp} metric="lcp" />
              <Figure label="CLS" value={timing.cls} metric="cls" />
              <Figure label="INP" value={timing.inp} metric="inp" />
            </div>
          </li>
        ))}
      </ol>
    </>
  )
}
