import { useEffect, useMemo, useState } from 'react'
import { formatDateTime, formatDuration, shortUrl } from '../format'
import { browserLabel, osLabel } from '../../../shared/session-labels'
import { diffHref, navigate, replaceHref, sessionHref, type Route } from '../router'
import { currentSteps, usePlayerStore } from '../stores/player-store'
import { usePrivacyStore } from '../stores/privacy-store'
import { useSavedStore } from '../stores/saved-store'
import { CompareDialog } from '../components/compare-dialog'
import { ConfirmDialog, PinDialog } from '../components/dialogs'
import { ConsolePanel } from '../components/console-panel'
import { NetworkPanel } from '../components/network-panel'
import { ErrorDetail } from '../components/error-detail'
import { EventList } from '../components/event-list'
import { MetadataPanel } from '../components/metadata-panel'
import { PrivacyPanel } from '../components/privacy-panel'
import { PlayerControls, PlayerFrame } from '../components/player-controls'
import { RemoteAssetsNotice } from '../components/remote-assets-notice'
import { ReplayAddress } from '../components/replay-address'
import { Timeline } from '../components/timeline'
import { ErrorBoundary } from '../components/error-boundary'
import { ErrorLine } from '../components/error-line'
import { getBridge } from '../api/bridge'

type SessionRoute = Extract<Route, { name: 'session' }>

const SEEK_STEP_MS = 5_000

/** Space, ←/→ and Shift+←/→ anywhere in the replay view except while typing or in a dialog. */
function usePlayerKeys() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return
      if (target?.closest('input, textarea, select, [contenteditable], dialog, [role="grid"]')) return
      const player = usePlayerStore.getState()
      if (event.key === ' ') player.togglePlay()
      else if (event.key === 'ArrowLeft' && event.shiftKey) player.jumpInteraction(-1)
      else if (event.key === 'ArrowRight' && event.shiftKey) player.jumpInteraction(1)
      else if (event.key === 'ArrowLeft') player.seekBy(-SEEK_STEP_MS)
      else if (event.key === 'ArrowRight') player.seekBy(SEEK_STEP_MS)
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}

function LoadStatus() {
  const status = usePlayerStore((state) => state.status)
  const outline = usePlayerStore((state) => state.outline)
  const loadedEvents = usePlayerStore((state) => state.loadedEvents)
  const fullyLoaded = usePlayerStore((state) => state.fullyLoaded)
  const firstFrameMs = usePlayerStore((state) => state.firstFrameMs)
  const pendingSeek = usePlayerStore((state) => state.pendingSeek)
  const error = usePlayerStore((state) => state.error)
  if (error)
    return (
      <span className="error-text" role="alert">
        {error}
      </span>
    )
  if (!outline || status === 'loading') return <span className="muted">Loading…</span>
  const total = Math.max(outline.eventCount, loadedEvents)
  const percent = Math.floor((loadedEvents / Math.max(1, total)) * 100)
  return (
    <span className="load-status muted" data-testid="load-status" data-loaded={fullyLoaded ? 'all' : percent}>
      {fullyLoaded ? (
        <>{total.toLocaleString()} events</>
      ) : (
        <>
          <progress max={100} value={percent} /> loading {percent}%{pendingSeek !== null && ' (seeking there)'}
        </>
      )}
      {firstFrameMs !== null && <> · first frame {firstFrameMs} ms</>}
    </span>
  )
}

/** Console errors and failed requests so far: the Console and Network tabs show them as badges. */
function useDevtoolsCounts() {
  const stepsVersion = usePlayerStore((state) => state.stepsVersion)
  return useMemo(() => {
    let consoleErrors = 0
    let failedRequests = 0
    for (const step of currentSteps()?.steps ?? []) {
      if (step.kind === 'console' && step.level === 'error') consoleErrors++
      else if (step.kind === 'network' && step.failed) failedRequests++
    }
    return { consoleErrors, failedRequests }
    // stepsVersion: the steps are mutable; a new version means new or changed steps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stepsVersion])
}

/** While paused, the address says where the playhead is: a reload (or a copied link) comes back to it. */
function useTimeInAddress(id: string, q: string | null) {
  const playing = usePlayerStore((state) => state.playing)
  const status = usePlayerStore((state) => state.status)
  const currentTs = usePlayerStore((state) => state.currentTs)
  const startedAt = usePlayerStore((state) => state.outline?.startedAt)
  useEffect(() => {
    if (playing || status !== 'ready' || startedAt === undefined) return
    replaceHref(sessionHref(id, Math.max(0, currentTs - startedAt), q))
  }, [id, q, playing, status, currentTs, startedAt])
}

export function ReplayView({ route }: { route: SessionRoute }) {
  const open = usePlayerStore((state) => state.open)
  const close = usePlayerStore((state) => state.close)
  const status = usePlayerStore((state) => state.status)
  const detail = usePlayerStore((state) => state.detail)
  const seek = usePlayerStore((state) => state.seek)
  const refreshDetail = usePlayerStore((state) => state.refreshDetail)
  const { pin, unpin, remove } = useSavedStore.getState()
  const [dialog, setDialog] = useState<'pin' | 'delete' | 'compare' | null>(null)
  const [exportError, setExportError] = useState<string | null>(null)
  const tab = usePlayerStore((state) => state.sideTab)
  const setTab = usePlayerStore((state) => state.setSideTab)
  const devtoolsCounts = useDevtoolsCounts()
  const findingCount = usePrivacyStore((state) => state.audit?.findings.length ?? null)
  usePlayerKeys()
  useTimeInAddress(route.id, route.q)

  // The route's t and q are read once, when the session opens (later URL updates do not re-open it).
  const { id, t, q } = route
  useEffect(() => {
    open(id, { t, q })
    usePrivacyStore.getState().open(id)
    return () => {
      close()
      usePrivacyStore.getState().close()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, open, close])

  if (status === 'missing') {
    return (
      <section className="pad">
        <h2>Session not found</h2>
        <p className="muted">It may have been deleted or pruned.</p>
        <a href="#/">Back to the sessions</a>
      </section>
    )
  }

  const title = detail?.pin?.name || shortUrl(detail?.urls[0] ?? '') || id
  return (
    <section className="replay-view" aria-label="Replay">
      <header className="replay-head">
        <a href="#/" className="back" aria-label="Back to the sessions">
          ←
        </a>
        <div className="replay-title">
          <h2 title={detail?.urls.join('\n')}>{title}</h2>
          {detail && (
            <span className="muted">
              {formatDateTime(detail.startedAt)} · {formatDuration(detail.durationMs)} · {browserLabel(detail) || '—'}{' '}
              on {osLabel(detail) || '—'} · {detail.segmentCount} page load{detail.segmentCount === 1 ? '' : 's'}
            </span>
          )}
        </div>
        <span className="spacer" />
        <LoadStatus />
        {detail?.pin ? (
          <>
            <span className="pin-mark" title={detail.pin.note}>
              ★ pinned
            </span>
            <button type="button" onClick={() => setDialog('pin')}>
              Edit pin
            </button>
            <button type="button" onClick={() => void unpin(id).then(refreshDetail)}>
              Unpin
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setDialog('pin')} disabled={!detail}>
            Pin…
          </button>
        )}
        <button type="button" onClick={() => setDialog('compare')} disabled={!detail}>
          Compare with…
        </button>
        <button
          type="button"
          onClick={() =>
            void getBridge()
              .files.exportSessions([id])
              .catch((error: unknown) => setExportError((error as Error).message))
          }
          disabled={!detail}
          title="Save this session as a .replay.json.gz file (events, metadata, pin): it opens again in any copy of the app"
        >
          Export
        </button>
        <button type="button" className="danger" onClick={() => setDialog('delete')} disabled={!detail}>
          Delete…
        </button>
      </header>
      <ErrorLine error={exportError} />
      <RemoteAssetsNotice />
      <div className="replay-body">
        <div className="replay-main">
          <ReplayAddress />
          <ErrorBoundary label="The replay" resetKey={id}>
            <PlayerFrame />
            <PlayerControls />
          </ErrorBoundary>
          <ErrorBoundary label="The timeline" resetKey={id}>
            <Timeline />
          </ErrorBoundary>
        </div>
        <aside className="replay-side">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'events'} onClick={() => setTab('events')}>
              Events
            </button>
            <button type="button" role="tab" aria-selected={tab === 'console'} onClick={() => setTab('console')}>
              Console
              {devtoolsCounts.consoleErrors > 0 && (
                <span className="badge badge-danger" title="console errors">
                  {devtoolsCounts.consoleErrors}
                </span>
              )}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'network'} onClick={() => setTab('network')}>
              Network
              {devtoolsCounts.failedRequests > 0 && (
                <span className="badge badge-danger" title="failed requests">
                  {devtoolsCounts.failedRequests}
                </span>
              )}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'privacy'} onClick={() => setTab('privacy')}>
              Privacy
              {findingCount !== null && (
                <span className={findingCount > 0 ? 'badge badge-warn' : 'badge'} data-testid="finding-count">
                  {findingCount}
                </span>
              )}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'metadata'} onClick={() => setTab('metadata')}>
              Metadata
            </button>
          </div>
          {tab === 'events' && (
            <ErrorBoundary label="The event list" resetKey={id}>
              <ErrorDetail />
              <EventList />
            </ErrorBoundary>
          )}
          {tab === 'console' && (
            <ErrorBoundary label="The console" resetKey={id}>
              <ConsolePanel />
            </ErrorBoundary>
          )}
          {tab === 'network' && (
            <ErrorBoundary label="The network panel" resetKey={id}>
              <NetworkPanel />
            </ErrorBoundary>
          )}
          {tab === 'privacy' && (
            <ErrorBoundary label="The privacy panel" resetKey={id}>
              <PrivacyPanel />
            </ErrorBoundary>
          )}
          {tab === 'metadata' && detail && (
            <ErrorBoundary label="The metadata" resetKey={detail}>
              <MetadataPanel detail={detail} onSeek={seek} />
            </ErrorBoundary>
          )}
        </aside>
      </div>
      {dialog === 'pin' && detail && (
        <PinDialog
          initialName={detail.pin?.name ?? ''}
          initialNote={detail.pin?.note ?? ''}
          onSave={async (name, note) => {
            await pin(id, name, note)
            await refreshDetail()
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'compare' && (
        <CompareDialog
          sessionId={id}
          onCompare={(other) => navigate(diffHref(id, other))}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'delete' && detail && (
        <ConfirmDialog
          title="Delete this session?"
          message={
            <p>
              The recording of <strong>{title}</strong> ({detail.eventCount.toLocaleString()} events) is removed from
              the database. This cannot be undone.
            </p>
          }
          confirmLabel="Delete"
          danger
          onConfirm={async () => {
            await remove(id)
            navigate('#/')
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </section>
  )
}
