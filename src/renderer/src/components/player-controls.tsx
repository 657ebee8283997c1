import { useState } from 'react'
import { formatClock, formatDuration } from '../format'
import { sessionHref } from '../router'
import { SPEEDS } from '../replay/player-host'
import { usePlayerStore } from '../stores/player-store'
import { ReplayFrame } from './replay-frame'

/** The element rrweb-player renders into, sized to the space it is given. */
export function PlayerFrame() {
  const attach = usePlayerStore((state) => state.attach)
  const resize = usePlayerStore((state) => state.resize)
  const status = usePlayerStore((state) => state.status)
  const skipped = usePlayerStore((state) => state.skipped)
  return (
    <ReplayFrame attach={attach} resize={resize} loading={status === 'loading'}>
      {skipped && (
        <div className="skip-note" role="status" data-testid="skip-note">
          ⏩ Skipping {formatDuration(skipped.ms)} of inactivity
        </div>
      )}
    </ReplayFrame>
  )
}

/** The masking inspector's toggles: outlines drawn by style rules in the replay frame (masking-overlay.ts). */
function OverlayToggles() {
  const overlay = usePlayerStore((state) => state.overlay)
  const counts = usePlayerStore((state) => state.overlayCounts)
  const maskLevel = usePlayerStore((state) => state.detail?.config?.maskLevel)
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
  // A deep link past the end (or a seek that was) still reads as a moment of this session.
  const position = Math.min(Math.max(0, currentTs - start), duration)

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
        {formatClock(position)} / {formatClock(duration)}
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
      <CopyLinkButton position={position} />
      <OverlayToggles />
      <span className="spacer" />
      <span className="muted keys" title="Keyboard">
        space play/pause · ←/→ 5 s · shift+←/→ previous/next interaction
      </span>
    </div>
  )
}

/** "Copy link at this moment": the address of this session at the playhead, for a colleague or a note. */
function CopyLinkButton({ position }: { position: number }) {
  const sessionId = usePlayerStore((state) => state.sessionId)
  const [copied, setCopied] = useState(false)
  if (!sessionId) return null
  const copy = async () => {
    const link = `${location.origin}${location.pathname}${sessionHref(sessionId, position)}`
    try {
      await navigator.clipboard.writeText(link)
      setCopied(true)
      setTimeout(() => setCopied(false), 1500)
    } catch {
      // No clipboard (an insecure context): show the link so it can be copied by hand.
      window.prompt('Link at this moment', link)
    }
  }
  return (
    <button type="button" onClick={() => void copy()} title="Copy a link to this moment" data-testid="copy-link">
      {copied ? 'Copied ✓' : 'Copy link'}
    </button>
  )
}
