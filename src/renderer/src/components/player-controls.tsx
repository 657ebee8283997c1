import { useLayoutEffect, useRef } from 'react'
import { formatClock } from '../format'
import { SPEEDS } from '../replay/player-host'
import { usePlayerStore } from '../stores/player-store'

/** The element rrweb-player renders into, sized to the space it is given. */
export function PlayerFrame() {
  const ref = useRef<HTMLDivElement>(null)
  const attach = usePlayerStore((state) => state.attach)
  const resize = usePlayerStore((state) => state.resize)
  const status = usePlayerStore((state) => state.status)

  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => ({ width: element.clientWidth, height: element.clientHeight })
    attach(element, measure())
    const observer = new ResizeObserver(() => {
      const { width, height } = measure()
      resize(width, height)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
      attach(null)
    }
  }, [attach, resize])

  return (
    <div className="player-frame" ref={ref} data-testid="player-frame">
      {status === 'loading' && <div className="player-placeholder muted">Loading the first page…</div>}
    </div>
  )
}

/** The masking inspector's toggles: outlines drawn by style rules in the replay frame (masking-overlay.ts). */
function OverlayToggles() {
  const overlay = usePlayerStore((state) => state.overlay)
  const counts = usePlayerStore((state) => state.overlayCounts)
  const maskLevel = usePlayerStore((state) => state.detail?.config.maskLevel)
  const setOverlay = usePlayerStore((state) => state.setOverlay)
  const hidden = counts ? counts.maskedInputs + counts.maskedTexts + counts.blocked : 0
  return (
    <div className="overlay-toggles" role="group" aria-label="Masking overlay">
      <button
        type="button"
        aria-pressed={overlay.masking}
        onClick={() => setOverlay({ masking: !overlay.masking })}
        title="Outline masked inputs, masked text and blocked placeholders on this frame"
      >
        Masked{overlay.masking && counts ? ` (${hidden})` : ''}
      </button>
      <button
        type="button"
        aria-pressed={overlay.strictPreview}
        disabled={maskLevel === 'strict'}
        onClick={() => setOverlay({ strictPreview: !overlay.strictPreview })}
        title={
          maskLevel === 'strict'
            ? 'Recorded under strict already'
            : 'Outline what data-mask-level="strict" would additionally have hidden on this frame'
        }
      >
        + strict{overlay.strictPreview && counts ? ` (${counts.strict})` : ''}
      </button>
    </div>
  )
}

export function PlayerControls() {
  const playing = usePlayerStore((state) => state.playing)
  const currentTs = usePlayerStore((state) => state.currentTs)
  const outline = usePlayerStore((state) => state.outline)
  const speed = usePlayerStore((state) => state.speed)
  const skipInactive = usePlayerStore((state) => state.skipInactive)
  const status = usePlayerStore((state) => state.status)
  const { togglePlay, setSpeed, setSkipInactive } = usePlayerStore.getState()
  const start = outline?.startedAt ?? 0
  const duration = outline ? outline.endedAt - outline.startedAt : 0

  return (
    <div className="player-controls">
      <button
        type="button"
        className="play"
        onClick={togglePlay}
        disabled={status !== 'ready'}
        aria-label={playing ? 'Pause (space)' : 'Play (space)'}
        title={playing ? 'Pause (space)' : 'Play (space)'}
      >
        {playing ? '❚❚' : '▶'}
      </button>
      <span className="mono clock" data-testid="clock">
        {formatClock(currentTs - start)} / {formatClock(duration)}
      </span>
      <div className="speeds" role="group" aria-label="Speed">
        {SPEEDS.map((option) => (
          <button key={option} type="button" aria-pressed={speed === option} onClick={() => setSpeed(option)}>
            {option}×
          </button>
        ))}
      </div>
      <label className="field">
        <input type="checkbox" checked={skipInactive} onChange={(event) => setSkipInactive(event.target.checked)} />
        Skip inactivity
      </label>
      <OverlayToggles />
      <span className="spacer" />
      <span className="muted keys" title="Keyboard">
        space play/pause · ←/→ 5 s · shift+←/→ previous/next interaction
      </span>
    </div>
  )
}
