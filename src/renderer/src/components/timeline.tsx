// The session's timeline under the player: one lane per group of steps (page loads, clicks — rage and dead
// ones in their own colours —, inputs, custom events, errors with console errors and failed requests), shaded inactive stretches, search hits, what
// is loaded so far, the playhead. Marks are binned per pixel, so a session with 50,000 clicks draws at most
// one mark per pixel per lane and variant.
import { useLayoutEffect, useMemo, useRef, useState, type PointerEvent, type RefObject } from 'react'
import { describeStep } from '../../../shared/events/step-labels'
import type { Step } from '../../../shared/events/steps'
import { clickVariant, groupOf, type StepGroup } from '../replay/step-groups'
import { formatClock } from '../format'
import { currentSteps, usePlayerStore } from '../stores/player-store'

type Lane = 'page' | 'click' | 'input' | 'custom' | 'error'

const LANES: { kind: Lane; label: string }[] = [
  { kind: 'page', label: 'Page loads' },
  { kind: 'click', label: 'Clicks' },
  { kind: 'input', label: 'Inputs' },
  { kind: 'custom', label: 'Custom events' },
  { kind: 'error', label: 'Errors' }
]
type MarkVariant = 'plain' | 'rage' | 'dead'
const VARIANT_RANK: Record<MarkVariant, number> = { plain: 0, dead: 1, rage: 2 }

const LANE_HEIGHT = 10
/** Errors are drawn as diamonds on their lane, large enough to see and to click. */
const ERROR_LANE = 4
const MARK_WIDTH = 3
/** Room above the track for search hits and the playhead knob. */
const TOP = 10
const TRACK_HEIGHT = LANES.length * LANE_HEIGHT + 6
const RULER = 14
const HEIGHT = TOP + TRACK_HEIGHT + RULER
/** Ruler steps (ms): the first that leaves at least MIN_TICK_PX between labels. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000)
const MIN_TICK_PX = 70

/** `POST 500: http://shop.test/api/checkout at 0:12`: an error mark's tooltip. */
function markTitle(step: Step, start: number): string {
  const { title, detail } = describeStep(step)
  return `${title}: ${detail.slice(0, 120)} at ${formatClock(step.ts - start)}`
}

function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)))
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref])
  return width
}

/** "Search hits 2/5 ◀ ▶": steps the playhead through the hits of the search the session was opened from. */
function SearchHitNav() {
  const hits = usePlayerStore((state) => state.searchHits)
  const query = usePlayerStore((state) => state.searchQuery)
  const currentTs = usePlayerStore((state) => state.currentTs)
  const seek = usePlayerStore((state) => state.seek)
  const at = hits.findLastIndex((hit) => hit.timestamp <= currentTs + 1)
  const go = (index: number) => {
    const hit = hits[Math.min(hits.length - 1, Math.max(0, index))]
    if (hit) seek(hit.timestamp)
  }
  return (
    <span className="tl-key tl-key-hit hit-nav" title={query ?? ''} data-testid="search-hits">
      Search hits {at >= 0 ? `${at + 1}/` : ''}
      {hits.length}
      <button type="button" aria-label="Previous search hit" onClick={() => go(at - 1)} disabled={at <= 0}>
        ◀
      </button>
      <button type="button" aria-label="Next search hit" onClick={() => go(at + 1)} disabled={at >= hits.length - 1}>
        ▶
      </button>
    </span>
  )
}

export function Timeline() {
  const ref = useRef<HTMLDivElement>(null)
  const width = useWidth(ref)
  const outline = usePlayerStore((state) => state.outline)
  const currentTs = usePlayerStore((state) => state.currentTs)
  const loadedUntil = usePlayerStore((state) => state.loadedUntil)
  const fullyLoaded = usePlayerStore((state) => state.fullyLoaded)
  const stepsVersion = usePlayerStore((state) => state.stepsVersion)
  const searchHits = usePlayerStore((state) => state.searchHits)
  const seek = usePlayerStore((state) => state.seek)
  const focusStep = usePlayerStore((state) => state.focusStep)
  const [hover, setHover] = useState<number | null>(null)

  const start = outline?.startedAt ?? 0
  const duration = Math.max(1, (outline?.endedAt ?? 1) - start)
  const x = (ts: number) => ((ts - start) / duration) * width

  const marks = useMemo(() => {
    const steps = currentSteps()
    if (!steps || !width) return null
    // Per lane, pixel -> the strongest variant there (a rage click outshines a plain one at the same pixel).
    const bins = new Map<StepGroup, Map<number, MarkVariant>>(LANES.map(({ kind }) => [kind, new Map()]))
    // Errors — recorded errors, console errors, failed requests — are drawn as their own clickable marks (the
    // first one at each pixel opens its detail).
    const errors = new Map<number, Step>()
    for (const step of steps.steps) {
      if (groupOf(step) === 'error') {
        const px = Math.round(((step.ts - start) / duration) * width)
        if (!errors.has(px)) errors.set(px, step)
        continue
      }
      const lane = bins.get(groupOf(step))
      if (!lane) continue
      const px = Math.round(((step.ts - start) / duration) * width)
      const variant = clickVariant(step) ?? 'plain'
      if (VARIANT_RANK[variant] > VARIANT_RANK[lane.get(px) ?? 'plain'] || !lane.has(px)) lane.set(px, variant)
    }
    const inactive = fullyLoaded && outline ? steps.inactiveUntil(outline.endedAt) : steps.inactive
    return { bins, inactive, errors }
    // stepsVersion: the steps are mutable; a new version means new or changed steps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepsVersion, width, start, duration, fullyLoaded, outline])

  if (!outline) return <div className="timeline" ref={ref} />

  const tsAt = (event: PointerEvent<SVGSVGElement>) => {
    const rect = event.currentTarget.getBoundingClientRect()
    return start + Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)) * duration
  }
  const playheadX = x(currentTs)
  const step = TICK_STEPS.find((candidate) => (candidate / duration) * width >= MIN_TICK_PX) ?? duration
  const ticks: number[] = []
  // Stop short of the end so the last label does not overflow the right edge.
  for (let tick = 0; tick <= duration - step / 2; tick += step) ticks.push(tick)

  return (
    <div className="timeline" ref={ref}>
      {width > 0 && (
        <svg
          width={width}
          height={HEIGHT}
          role="slider"
          aria-label="Timeline: click to seek"
          aria-valuemin={0}
          aria-valuemax={duration}
          aria-valuenow={Math.round(currentTs - start)}
          aria-valuetext={formatClock(currentTs - start)}
          data-current-offset={Math.round(currentTs - start)}
          onPointerDown={(event) => {
            event.currentTarget.setPointerCapture(event.pointerId)
            seek(tsAt(event))
          }}
          onPointerMove={(event) => {
            setHover(tsAt(event))
            if (event.buttons === 1) seek(tsAt(event))
          }}
          onPointerLeave={() => setHover(null)}
        >
          <rect className="tl-track" x={0} y={TOP} width={width} height={TRACK_HEIGHT} rx={3} />
          {marks?.inactive.map((span) => (
            <rect
              key={span.start}
              className="tl-inactive"
              x={x(span.start)}
              y={TOP}
              width={Math.max(1, x(span.end) - x(span.start))}
              height={TRACK_HEIGHT}
            >
              <title>Inactive {formatClock(span.end - span.start)}</title>
            </rect>
          ))}
          {marks?.inactive.map((span) =>
            x(span.end) - x(span.start) > 48 ? (
              <text
                key={`idle-${span.start}`}
                className="tl-idle"
                x={(x(span.start) + x(span.end)) / 2}
                y={TOP + TRACK_HEIGHT - 3}
                textAnchor="middle"
              >
                idle {formatClock(span.end - span.start)}
              </text>
            ) : null
          )}
          {!fullyLoaded && (
            <rect
              className="tl-unloaded"
              x={x(loadedUntil)}
              y={TOP}
              width={Math.max(0, width - x(loadedUntil))}
              height={TRACK_HEIGHT}
            />
          )}
          {marks &&
            LANES.map(({ kind }, lane) =>
              [...marks.bins.get(kind)!].map(([px, variant]) =>
                kind === 'page' ? (
                  <rect
                    key={`${kind}-${px}`}
                    className="tl-mark tl-page"
                    x={px - 1}
                    y={TOP}
                    width={2}
                    height={TRACK_HEIGHT}
                  />
                ) : (
                  <rect
                    key={`${kind}-${px}`}
                    className={`tl-mark tl-${kind}${variant === 'plain' ? '' : ` tl-${variant}`}`}
                    x={Math.min(width - MARK_WIDTH, Math.max(0, px - MARK_WIDTH / 2))}
                    y={TOP + 3 + lane * LANE_HEIGHT}
                    width={MARK_WIDTH}
                    height={LANE_HEIGHT - 3}
                    rx={1}
                  />
                )
              )
            )}
          {marks &&
            [...marks.errors].map(([px, step]) => {
              const cx = Math.min(width - 5, Math.max(5, px))
              const cy = TOP + 3 + ERROR_LANE * LANE_HEIGHT + (LANE_HEIGHT - 3) / 2
              return (
                <path
                  key={`error-${px}`}
                  className="tl-error-mark"
                  d={`M${cx},${cy - 5} L${cx + 5},${cy} L${cx},${cy + 5} L${cx - 5},${cy} Z`}
                  data-testid="timeline-error"
                  data-step={step.kind}
                  onPointerDown={(event) => {
                    event.stopPropagation()
                    focusStep(step)
                  }}
                >
                  <title>{markTitle(step, start)}</title>
                </path>
              )
            })}
          {ticks.map((tick) => (
            <text
              key={tick}
              className="tl-tick"
              x={x(start + tick)}
              y={HEIGHT - 2}
              textAnchor={tick ? 'middle' : 'start'}
            >
              {formatClock(tick)}
            </text>
          ))}
          {searchHits.map((hit, i) => {
            const hx = x(hit.timestamp)
            return (
              <path key={i} className="tl-hit" d={`M${hx - 4},0 L${hx + 4},0 L${hx},${TOP - 2} Z`}>
                <title>
                  Search hit: {hit.kind}
                  {hit.selector ? ` ${hit.selector}` : ''} at {formatClock(hit.timestamp - start)}
                </title>
              </path>
            )
          })}
          <line className="tl-playhead" x1={playheadX} x2={playheadX} y1={TOP - 4} y2={TOP + TRACK_HEIGHT} />
          <circle className="tl-playhead-knob" cx={playheadX} cy={TOP - 4} r={4} />
        </svg>
      )}
      <div className="tl-legend">
        {LANES.map(({ kind, label }) => (
          <span key={kind} className={`tl-key tl-key-${kind}`}>
            {label}
          </span>
        ))}
        <span className="tl-key tl-key-rage">Rage clicks</span>
        <span className="tl-key tl-key-dead">Dead clicks</span>
        <span className="tl-key tl-key-inactive">Inactive</span>
        {searchHits.length > 0 && <SearchHitNav />}
        <span className="spacer" />
        {hover !== null && <span className="mono muted">{formatClock(hover - start)}</span>}
      </div>
    </div>
  )
}
