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
