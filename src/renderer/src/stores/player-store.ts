// The open replay for React: one ReplaySession (replay/replay-session.ts: loading, pending seek, the
// player) at a time, its published state, and the search hits it was opened with (from the search store).
import { create } from 'zustand'
import type { SessionSteps } from '../../../shared/events/session-steps'
import type { ConsoleStep, ErrorStep, NetworkStep, Step } from '../../../shared/events/steps'
import type { SearchHit } from '../../../shared/types'
import { getBridge } from '../api/bridge'
import { remoteAssetsSession } from '../replay/remote-assets-document'
import type { OverlayOptions } from '../replay/masking-overlay'
import { INITIAL_SNAPSHOT, ReplaySession, type Mount, type ReplaySnapshot } from '../replay/replay-session'
import { useSearchStore } from './search-store'
import { useSessionsStore } from './sessions-store'

export type { ReplayStatus } from '../replay/replay-session'

/** The tabs beside the player. */
export type SideTab = 'events' | 'console' | 'network' | 'privacy' | 'metadata'

interface PlayerState extends ReplaySnapshot {
  sessionId: string | null
  /** Hits of the search the session was opened from (`#/session/<id>?q=…`), marked on the timeline. */
  searchHits: SearchHit[]
  searchQuery: string | null
  /** The recorded error whose detail is open (from its event row or its timeline mark). */
  errorDetail: ErrorStep | null
  /** The request whose detail the Network panel shows. */
  selectedRequest: NetworkStep | null
  /** The console message last picked (from its row, its event row or its timeline mark). */
  selectedConsole: ConsoleStep | null
  sideTab: SideTab

  open(id: string, options?: { t?: number | null; q?: string | null }): void
  close(): void
  /** Re-reads the session's details (after a pin or unpin). */
  refreshDetail(): Promise<void>
  /** The element the player renders into (the replay view mounts it); null when it unmounts. */
  attach(container: HTMLElement | null, size?: { width: number; height: number }): void
  resize(width: number, height: number): void
  togglePlay(): void
  play(): void
  pause(): void
  seek(ts: number): void
  seekBy(deltaMs: number): void
  /** Shift+←/→: the previous/next user action. */
  jumpInteraction(direction: -1 | 1): void
  setSpeed(speed: number): void
  setSkipInactive(skip: boolean): void
  setLoadRemoteAssets(load: boolean): void
  /** Seeks to a recorded error and opens its detail (null closes it). */
  showError(step: ErrorStep | null): void
  /** Seeks to a request and shows it in the Network panel (null closes the detail). */
  showRequest(step: NetworkStep | null): void
  /** Seeks to a console message and shows it in the Console panel. */
  showConsole(step: ConsoleStep): void
  /** A step picked on the timeline or in the event list: its detail where it has one, else just the moment. */
  focusStep(step: Step): void
  setSideTab(tab: SideTab): void
  /** The masking overlay's toggles (the session's mask level is filled in from its details). */
  setOverlay(patch: Partial<Omit<OverlayOptions, 'maskLevel'>>): void
  /** Seeks to a privacy finding and outlines its element (null: no element, just the moment). */
  showFinding(ts: number, nodeId: number | null): void
}

let session: ReplaySession | null = null
let unsubscribe: () => void = () => {}
/** Where the player goes: the replay view mounts it (possibly before the session is opened). */
const mount: Mount = { container: null, size: { width: 800, height: 500 } }

/** The open session's steps (read them when `stepsVersion` changes). */
export function currentSteps(): SessionSteps | null {
  return session?.pipeline.steps ?? null
}

const NOT_OPEN: Pick<
  PlayerState,
  'sessionId' | 'searchHits' | 'searchQuery' | 'errorDetail' | 'selectedRequest' | 'selectedConsole'
> = {
  sessionId: null,
  searchHits: [],
  searchQuery: null,
  errorDetail: null,
  selectedRequest: null,
  selectedConsole: null
}

export const usePlayerStore = create<PlayerState>((set, get) => ({
  ...INITIAL_SNAPSHOT,
  ...NOT_OPEN,
  sideTab: 'events',

  open(id, options = {}) {
    get().close()
    const { speed, skipInactive } = get()
    const loadRemoteAssets = remoteAssetsSession() === id
    const opened = new ReplaySession(
      id,
      getBridge().api,
      mount,
      (patch) => {
        if (session === opened) set(patch)
      },
      { loadRemoteAssets, speed, skipInactive }
    )
    session = opened
    unsubscribe = useSessionsStore.getState().onChange((notice) => {
      // resync: the change stream was down, so this session may have grown meanwhile.
      if (notice.kind !== 'resync' && notice.sessionId !== id) return
      if (notice.kind === 'session-deleted') return opened.gone()
      void opened.refreshDetail()
      void opened.extend()
    })
    set({ ...opened.snapshot, ...NOT_OPEN, sessionId: id })
    void opened.start(options.t ?? null)
    const q = options.q
    if (q) {
      // Search is optional here: the replay works without its marks.
      useSearchStore
        .getState()
        .hitsFor(q, id)
        .then((hits) => {
          if (session === opened) set({ searchHits: hits, searchQuery: q })
        })
        .catch(() => {})
    }
  },

  close() {
    unsubscribe()
    unsubscribe = () => {}
    session?.close()
    session = null
    const { speed, skipInactive } = get()
    set({ ...INITIAL_SNAPSHOT, ...NOT_OPEN, speed, skipInactive })
  },

  async refreshDetail() {
    await session?.refreshDetail()
  },

  attach(container, size) {
    if (size) mount.size = size
    if (container === mount.container) return
    mount.container = container
    session?.mountChanged()
  },

  resize(width, height) {
    if (width < 10 || height < 10) return
    mount.size = { width, height }
    session?.resize(width, height)
  },

  togglePlay() {
    if (get().playing) get().pause()
    else get().play()
  },

  play() {
    // A finding's outline marks one moment: playing on leaves it.
    if (get().overlay.highlightNodeId !== null) get().setOverlay({ highlightNodeId: null })
    session?.play()
  },
  pause: () => session?.pause(),
  seek: (ts) => session?.seek(ts),
  seekBy(deltaMs) {
    get().seek(get().currentTs + deltaMs)
  },
  jumpInteraction: (direction) => session?.jumpToAction(direction),
  setSpeed(speed) {
    set({ speed })
    session?.setSpeed(speed)
  },
  setSkipInactive(skipInactive) {
    set({ skipInactive })
    session?.setSkipInactive(skipInactive)
  },
  setLoadRemoteAssets: (load) => session?.setLoadRemoteAssets(load),
  showError(step) {
    set({ errorDetail: step })
    if (step) get().seek(step.ts)
  },
  showRequest(step) {
    set(step ? { selectedRequest: step, sideTab: 'network' } : { selectedRequest: null })
    if (step) get().seek(step.ts)
  },
  showConsole(step) {
    set({ selectedConsole: step, sideTab: 'console' })
    get().seek(step.ts)
  },
  focusStep(step) {
    if (step.kind === 'error') get().showError(step)
    else if (step.kind === 'network') get().showRequest(step)
    else if (step.kind === 'console') get().showConsole(step)
    else get().seek(step.ts)
  },
  setSideTab: (sideTab) => set({ sideTab }),
  setOverlay(patch) {
    const maskLevel = get().detail?.config?.maskLevel ?? 'moderate'
    session?.setOverlay({ ...get().overlay, ...patch, maskLevel })
  },
  showFinding(ts, nodeId) {
    get().pause()
    // The Replayer applies events strictly before the target: +1 shows the moment itself.
    get().seek(ts + 1)
    get().setOverlay({ highlightNodeId: nodeId })
  }
}))
