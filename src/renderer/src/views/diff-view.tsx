// Two sessions compared step by step: their players side by side, kept at the selected row; the aligned
// rows; the two pages at that row compared. The address carries both ids and the row (#/diff/<a>/<b>?row=n),
// so a reload or a copied link reopens the diff where it was.
import { useCallback, useEffect } from 'react'
import { browserLabel } from '../../../shared/session-labels'
import { DiffRows } from '../components/diff-rows'
import { PageDifferences } from '../components/page-differences'
import { ReplayFrame } from '../components/replay-frame'
import { formatClock, formatDateTime, shortUrl } from '../format'
import { diffHref, replaceHref, sessionHref, type Route } from '../router'
import { useDiffStore, type DiffSide } from '../stores/diff-store'
import './diff-view.css'

type DiffRoute = Extract<Route, { name: 'diff' }>

/** ↑/↓ rows, n / p (or Shift+N) next/previous difference, f first divergence, space play/pause both. */
function useDiffKeys() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      if (target?.closest('input, textarea, select, [contenteditable], dialog')) return
      const diff = useDiffStore.getState()
      if (event.key === 'ArrowDown') diff.moveRow(1)
      else if (event.key === 'ArrowUp') diff.moveRow(-1)
      else if (event.key === 'n') diff.jumpDifference(1)
      else if (event.key === 'p' || event.key === 'N') diff.jumpDifference(-1)
      else if (event.key === 'f') diff.firstDivergence()
      else if (event.key === ' ') diff.togglePlay()
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}

function DiffPlayer({ side }: { side: DiffSide }) {
  const player = useDiffStore((state) => state.players[side])
  const info = useDiffStore((state) => state.diff?.[side])
  const attach = useCallback(
    (container: HTMLElement | null, size?: { width: number; height: number }) =>
      useDiffStore.getState().attach(side, container, size),
    [side]
  )
  const resize = useCallback(
    (width: number, height: number) => useDiffStore.getState().resize(side, width, height),
    [side]
  )
  const { detail, currentTs } = player
  const startedAt = info?.startedAt ?? 0
  const title = detail?.pin?.name || shortUrl(detail?.urls[0] ?? '') || info?.sessionId || ''
  return (
    <div className="diff-player" data-testid={`diff-player-${side}`} data-current-ts={Math.round(currentTs)}>
      <div className="diff-player-head">
        <span className={`side-badge side-${side}`}>{side.toUpperCase()}</span>
        <span className="diff-player-title" title={detail?.urls.join('\n')}>
          {title}
        </span>
        {detail && (
          <span className="muted">
            {formatDateTime(detail.startedAt)} · {browserLabel(detail) || '—'}
          </span>
        )}
        <span className="spacer" />
        <span className="mono clock">{formatClock(currentTs - startedAt, true)}</span>
        {info && (
          <a href={sessionHref(info.sessionId, Math.max(0, currentTs - startedAt))} title="Open this session's replay">
            Open
          </a>
        )}
      </div>
      <ReplayFrame
        attach={attach}
        resize={resize}
        loading={player.status === 'loading'}
        testId={`diff-frame-${side}`}
      />
    </div>
  )
}

function Summary() {
  const diff = useDiffStore((state) => state.diff)
  if (!diff) return null
  const { same, changed, onlyA, onlyB } = diff.summary
  return (
    <span className="diff-summary" data-testid="diff-summary">
      <span className="chip op-same">{same} same</span>
      <span className="chip op-changed">{changed} changed</span>
      <span className="chip op-only-a">{onlyA} only in A</span>
      <span className="chip op-only-b">{onlyB} only in B</span>
      {diff.firstDivergence === null && <span className="muted">the same steps</span>}
    </span>
  )
}

export function DiffView({ route }: { route: DiffRoute }) {
  const open = useDiffStore((state) => state.open)
  const close = useDiffStore((state) => state.close)
  const status = useDiffStore((state) => state.status)
  const error = useDiffStore((state) => state.error)
  const diff = useDiffStore((state) => state.diff)
  const row = useDiffStore((state) => state.row)
  const pages = useDiffStore((state) => state.pages)
  const pagesError = useDiffStore((state) => state.pagesError)
  const { selectRow, firstDivergence, jumpDifference, togglePlay } = useDiffStore.getState()
  const playing = useDiffStore((state) => state.players.a.playing || state.players.b.playing)
  useDiffKeys()

  // The route's row is read once, when the diff opens (the address then follows the selection).
  const { a, b } = route
  useEffect(() => {
    open(a, b, route.row)
    return () => close()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [a, b, open, close])
  useEffect(() => {
    if (status === 'ready') replaceHref(diffHref(a, b, row))
  }, [a, b, row, status])

  if (status === 'missing' || status === 'error') {
    return (
      <section className="pad">
        <h2>{status === 'missing' ? 'Session not found' : 'The diff failed'}</h2>
        <p className="muted">{error ?? 'One of the two sessions may have been deleted or pruned.'}</p>
        <a href="#/">Back to the sessions</a>
      </section>
    )
  }

  return (
    <section className="diff-view" aria-label="Compare two sessions">
      <header className="replay-head diff-head">
        <a href="#/" className="back" aria-label="Back to the sessions">
          ←
        </a>
        <div className="replay-title">
          <h2>Compare sessions</h2>
          <span className="muted diff-subtitle">step by step; a row moves both players there</span>
        </div>
        <Summary />
        <span className="spacer" />
        {status === 'loading' && <span className="muted">Comparing…</span>}
        <button type="button" onClick={togglePlay} disabled={!diff} title="Play or pause both (space)">
          {playing ? '❚❚ Pause both' : '▶ Play both'}
        </button>
        <button
          type="button"
          onClick={() => jumpDifference(-1)}
          disabled={!diff}
          aria-label="Previous difference"
          title="Previous difference (p)"
        >
          ↑ Previous
        </button>
        <button
          type="button"
          onClick={() => jumpDifference(1)}
          disabled={!diff}
          aria-label="Next difference"
          title="Next difference (n)"
        >
          ↓ Next
        </button>
        <button
          type="button"
          className="primary"
          onClick={firstDivergence}
          disabled={!diff?.firstDivergence}
          title="First divergence (f)"
        >
          First divergence
        </button>
      </header>
      <div className="diff-players">
        <DiffPlayer side="a" />
        <DiffPlayer side="b" />
      </div>
      <div className="diff-lower">
        <div className="diff-table">
          <div className="diff-table-head">
            <span>#</span>
            <span>A</span>
            <span />
            <span>B</span>
            <span>B vs A</span>
          </div>
          {diff && <DiffRows rows={diff.rows} selected={row} onSelect={selectRow} />}
          <div className="muted keys diff-keys">
            ↑/↓ row · n / p next/previous difference · f first divergence · space play/pause both
          </div>
        </div>
        <aside className="diff-side">
          {diff?.rows[row]?.note && (
            <p className="diff-side-note" role="status">
              Row {row}: {diff.rows[row]!.note}
            </p>
          )}
          {diff && (
            <PageDifferences
              pages={pages}
              error={pagesError}
              startedAt={{ a: diff.a.startedAt, b: diff.b.startedAt }}
            />
          )}
        </aside>
      </div>
    </section>
  )
}
