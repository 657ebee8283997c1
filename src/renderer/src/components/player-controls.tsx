import { formatClock } from '../format'
import { SPEEDS } from '../replay/player-host'
import { usePlayerStore } from '../stores/player-store'
import { ReplayFrame } from './replay-frame'

/** The element rrweb-player renders into, sized to the space it is given. */
export function PlayerFrame() {
  const attach = usePlayerStore((state) => state.attach)
  const resize = usePlayerStore((state) => state.resize)
  const status = usePlayerStore((state) => state.status)
  return <ReplayFrame attach={attach} resize={resize} loading={status === 'loading'} />
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
      <span className="spacer" />
      <span className="muted keys" title="Keyboard">
        space play/pause · ←/→ 5 s · shift+←/→ previous/next interaction
      </span>
    </div>
  )
}
