// The open replay: session details, progressive loading, the player and its playhead, the derived event
// index. The player, the loader and the index are mutable objects kept outside React state; the store
// publishes what the UI draws (progress, playhead, `indexVersion` when the event list grew).
import { create } from 'zustand'
import { remoteAssetsSession } from '../replay/remote-assets-document'
import type { EventChunkInfo, RecordedEvent, SearchHit, SessionDetail, SessionOutline } from '../../../shared/types'
import { NotFoundError } from '../../../shared/api-errors'
import { getBridge } from '../api/bridge'
import { loadChunks, type ChunkLoad } from '../replay/chunk-loader'
import { INTERACTION_KINDS, rowAt, type EventIndex } from '../replay/event-index'
import { EventPipeline } from '../replay/event-pipeline'
import { PlayerHost } from '../replay/player-host'
import { EventType } from '../replay/rrweb-shapes'
import { useSessionsStore } from './sessions-store'

export type ReplayStatus = 'idle' | 'loading' | 'ready' | 'missing' | 'error'

interface PlayerState {
  sessionId: string | null
  status: ReplayStatus
  error: string | null
  detail: SessionDetail | null
  outline: SessionOutline | null
  /** Events handed to the player so far. */
  loadedEvents: number
  /** Epoch ms up to which events are loaded. */
  loadedUntil: number
  fullyLoaded: boolean
  /** Milliseconds from opening the session to the player's first frame (shown in the status line). */
  firstFrameMs: number | null
  playing: boolean
  /** The playhead, epoch ms (recording clock). */
  currentTs: number
  /** A seek beyond what is loaded yet: applied as soon as the loader gets there. */
  pendingSeek: number | null
  speed: number
  skipInactive: boolean
  loadRemoteAssets: boolean
  /** Distinct remote URLs the recording names (held back unless `loadRemoteAssets`). */
  remoteAssetCount: number
  remoteAssetSample: string[]
  /** Bumped whenever the event index grew (rows, marks, inactive stretches). */
  indexVersion: number
  /** Hits of the search the session was opened from (`#/session/<id>?q=…`), marked on the timeline. */
  searchHits: SearchHit[]
  searchQuery: string | null

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
  /** Shift+←/→: the previous/next click or input. */
  jumpInteraction(direction: -1 | 1): void
  setSpeed(speed: number): void
  setSkipInactive(skip: boolean): void
  setLoadRemoteAssets(load: boolean): void
}

/** The mutable side of the open replay. */
interface Runtime {
  id: string
  openedAt: number
  pipeline: EventPipeline
  /** Events for the player before it exists (chunk 0, and more if the container mounts late). */
  pending: RecordedEvent[]
  host: PlayerHost | null
  /** Loading progress, published to the store a few times a second (not per chunk: 2,000 renders). */
  progress: { chunks: number; events: number; until: number }
  load: ChunkLoad | null
  /** The session grew while chunks were loading: look for new ones when this load ends. */
  grewWhileLoading: boolean
  frame: number | null
  unsubscribe: () => void
  closed: boolean
}

let runtime: Runtime | null = null
/** Where the player goes: the replay view mounts it (possibly before the session is opened). */
const mount: { container: HTMLElement | null; size: { width: number; height: number } } = {
  container: null,
  size: { width: 800, height: 500 }
}

/** The open session's event index (read it when `indexVersion` changes). */
export function currentIndex(): EventIndex | null {
  return runtime?.pipeline.index ?? null
}

/** How often the store republishes the index while a long session streams in. */
const INDEX_PUBLISH_MS = 250

const INITIAL: Omit<PlayerState, keyof PlayerActions> = {
  sessionId: null,
  status: 'idle',
  error: null,
  detail: null,
  outline: null,
  loadedEvents: 0,
  loadedUntil: 0,
  fullyLoaded: false,
  firstFrameMs: null,
  playing: false,
  currentTs: 0,
  pendingSeek: null,
  speed: 1,
  skipInactive: true,
  loadRemoteAssets: false,
  remoteAssetCount: 0,
  remoteAssetSample: [],
  indexVersion: 0,
  searchHits: [],
  searchQuery: null
}

type PlayerActions = Pick<
  PlayerState,
  | 'open'
  | 'close'
  | 'refreshDetail'
  | 'attach'
  | 'resize'
  | 'togglePlay'
  | 'play'
  | 'pause'
  | 'seek'
  | 'seekBy'
  | 'jumpInteraction'
  | 'setSpeed'
  | 'setSkipInactive'
  | 'setLoadRemoteAssets'
>

export const usePlayerStore = create<PlayerState>((set, get) => {
  const alive = (rt: Runtime) => runtime === rt && !rt.closed

  /** The playhead follows the Replayer once per frame while playing. */
  const followPlayhead = (rt: Runtime) => {
    if (rt.frame !== null) return
    const tick = () => {
      rt.frame = null
      if (!alive(rt) || !rt.host) return
      set({ currentTs: rt.host.currentTs() })
      if (rt.host.isPlaying()) rt.frame = requestAnimationFrame(tick)
    }
    rt.frame = requestAnimationFrame(tick)
  }

  const createHost = (rt: Runtime) => {
    if (rt.host || !mount.container || rt.pending.length < 2) return
    const { speed, skipInactive } = get()
    rt.host = new PlayerHost(mount.container, rt.pending, {
      ...mount.size,
      speed,
      skipInactive,
      onFirstFrame: () => {
        if (alive(rt) && get().firstFrameMs === null) set({ firstFrameMs: Math.round(performance.now() - rt.openedAt) })
      },
      onPlayingChange: (playing) => {
        if (!alive(rt)) return
        set({ playing })
        if (playing) followPlayhead(rt)
        else if (rt.host) set({ currentTs: rt.host.currentTs() })
      }
    })
    rt.pending = []
    const state = get()
    set({ status: 'ready', currentTs: state.pendingSeek ?? rt.host.baseline })
    applyPendingSeek(rt)
  }

  const applyPendingSeek = (rt: Runtime) => {
    const { pendingSeek, fullyLoaded } = get()
    if (pendingSeek === null || !rt.host) return
    if (pendingSeek > rt.progress.until && !fullyLoaded) return
    set({ pendingSeek: null, currentTs: pendingSeek })
    rt.host.seek(pendingSeek)
  }

  /** Progress, the grown event index and the held-back asset count, in one store update. */
  const publish = (rt: Runtime, extra: Partial<PlayerState> = {}) => {
    const urls = rt.pipeline.remoteUrls
    set({
      loadedEvents: rt.progress.events,
      loadedUntil: rt.progress.until,
      indexVersion: get().indexVersion + 1,
      ...(urls.size !== get().remoteAssetCount && {
        remoteAssetCount: urls.size,
        remoteAssetSample: [...urls].slice(0, 5)
      }),
      ...extra
    })
  }

  const onChunk = (rt: Runtime, events: RecordedEvent[], chunk: EventChunkInfo) => {
    const forPlayer = rt.pipeline.process(events, chunk.segment)
    if (rt.host) rt.host.addEvents(forPlayer)
    else for (const event of forPlayer) rt.pending.push(event)
    rt.progress.chunks++
    rt.progress.events += events.length
    rt.progress.until = Math.max(rt.progress.until, chunk.lastTs)
  }

  /** Loads chunks from `from` on in the background, publishing the index a few times a second. */
  const streamRest = (rt: Runtime, outline: SessionOutline, from: number) => {
    const rest = outline.chunks.slice(from)
    if (!rest.length) {
      publish(rt, { fullyLoaded: true })
      applyPendingSeek(rt)
      if (rt.grewWhileLoading) void extend(rt)
      return
    }
    let lastPublish = performance.now()
    rt.load = loadChunks(getBridge().api, rt.id, rest, async (events, chunk) => {
      if (!alive(rt)) return
      const now = performance.now()
      onChunk(rt, events, chunk)
      if (now - lastPublish > INDEX_PUBLISH_MS) {
        lastPublish = now
        publish(rt)
      }
      applyPendingSeek(rt)
      // Give the UI thread a turn between chunks that took long (huge snapshots): input stays responsive.
      if (performance.now() - now > 8) await new Promise((resolve) => setTimeout(resolve, 0))
    })
    rt.load.done.then(
      () => {
        if (!alive(rt)) return
        rt.load = null
        publish(rt, { fullyLoaded: true })
        applyPendingSeek(rt)
        if (rt.grewWhileLoading) void extend(rt)
      },
      (error: Error) => {
        if (alive(rt)) set({ error: `Loading stopped: ${error.message}` })
      }
    )
  }

  /** A live session grew while open: fetch its new chunks (the ones after what is loaded). */
  const extend = async (rt: Runtime) => {
    if (rt.load || !get().fullyLoaded) {
      rt.grewWhileLoading = true
      return
    }
    rt.grewWhileLoading = false
    const outline = await getBridge().api.getSessionOutline(rt.id)
    if (!alive(rt) || !outline || rt.load) return
    const { chunks: loaded, until: loadedUntil } = rt.progress
    // Only chunks that continue the recording (a late batch that reorders earlier chunks waits for a reopen).
    if (outline.chunks.length <= loaded || outline.chunks[loaded]!.firstTs < loadedUntil) {
      set({ outline: { ...outline, chunks: outline.chunks.slice(0, loaded) } })
      return
    }
    set({ outline, fullyLoaded: false })
    streamRest(rt, outline, loaded)
  }

  const start = async (rt: Runtime, t: number | null, q: string | null) => {
    const api = getBridge().api
    // Chunk 0 is asked for alongside the outline: the first frame waits for one round trip, not two.
    const [detail, outline, first] = await Promise.all([
      api.getSession(rt.id),
      api.getSessionOutline(rt.id),
      api.getEventChunk(rt.id, 0).catch(() => null)
    ])
    if (!alive(rt)) return
    if (!detail || !outline || !outline.chunks.length) {
      set({ status: 'missing', detail })
      return
    }
    set({ detail, outline, pendingSeek: t === null ? null : outline.startedAt + t })
    if (q) void loadSearchHits(rt, q)
    // The first frame needs the first page load's Meta + FullSnapshot: chunk 0 normally has both.
    let next = 0
    while (next < outline.chunks.length && (rt.pending.length < 2 || !hasFullSnapshot(rt.pending))) {
      const chunk = outline.chunks[next]!
      const events = next === 0 && first ? first : await api.getEventChunk(rt.id, chunk.index)
      if (!alive(rt)) return
      onChunk(rt, events, chunk)
      next++
    }
    publish(rt)
    createHost(rt)
    streamRest(rt, outline, next)
  }

  const loadSearchHits = async (rt: Runtime, q: string) => {
    try {
      const results = await getBridge().api.searchSessions(q)
      if (!alive(rt)) return
      const hits = results.find((result) => result.sessionId === rt.id)?.hits ?? []
      set({ searchHits: [...hits].sort((a, b) => a.timestamp - b.timestamp), searchQuery: q })
    } catch {
      // Search is optional here: the replay works without its marks.
    }
  }

  const withHost = (action: (host: PlayerHost, rt: Runtime) => void) => {
    if (runtime?.host && !runtime.closed) action(runtime.host, runtime)
  }

  return {
    ...INITIAL,

    open(id, options = {}) {
      get().close()
      const rt: Runtime = {
        id,
        openedAt: performance.now(),
        pipeline: new EventPipeline(remoteAssetsSession() === id),
        pending: [],
        host: null,
        progress: { chunks: 0, events: 0, until: 0 },
        load: null,
        grewWhileLoading: false,
        frame: null,
        closed: false,
        unsubscribe: () => {}
      }
      runtime = rt
      rt.unsubscribe = useSessionsStore.getState().onChange((notice) => {
        // resync: the change stream was down, so this session may have grown meanwhile.
        if ((notice.kind !== 'resync' && notice.sessionId !== id) || !alive(rt)) return
        if (notice.kind === 'session-deleted') {
          rt.load?.cancel()
          set({ status: 'missing', playing: false })
          rt.host?.pause()
          return
        }
        void get().refreshDetail()
        void extend(rt)
      })
      set({ ...INITIAL, sessionId: id, status: 'loading', loadRemoteAssets: remoteAssetsSession() === id })
      start(rt, options.t ?? null, options.q ?? null).catch((error: Error) => {
        if (alive(rt))
          set(error instanceof NotFoundError ? { status: 'missing' } : { status: 'error', error: error.message })
      })
    },

    close() {
      const rt = runtime
      if (!rt) return
      rt.closed = true
      runtime = null
      rt.load?.cancel()
      rt.unsubscribe()
      if (rt.frame !== null) cancelAnimationFrame(rt.frame)
      rt.host?.destroy()
      set({ ...INITIAL })
    },

    async refreshDetail() {
      const rt = runtime
      if (!rt) return
      const detail = await getBridge()
        .api.getSession(rt.id)
        .catch((error: unknown) => {
          if (error instanceof NotFoundError) return null // deleted meanwhile: its session-deleted notice follows
          throw error
        })
      if (alive(rt) && detail) set({ detail })
    },

    attach(container, size) {
      if (size) mount.size = size
      if (container === mount.container) return
      mount.container = container
      const rt = runtime
      if (!rt) return
      if (!container && rt.host) {
        // Unmounted while open: a later attach builds a new player from everything loaded so far.
        rt.host.destroy()
        rt.host = null
        rt.pending = rt.pipeline.rebuild(get().loadRemoteAssets)
      }
      createHost(rt)
    },

    resize(width, height) {
      if (width < 10 || height < 10) return
      mount.size = { width, height }
      runtime?.host?.resize(width, height)
    },

    togglePlay() {
      if (get().playing) get().pause()
      else get().play()
    },

    play() {
      withHost((host, rt) => {
        const { currentTs, outline } = get()
        // At the end: play from the start, like any player.
        const from = outline && currentTs >= outline.endedAt - 50 ? host.baseline : currentTs
        host.play(from)
        followPlayhead(rt)
      })
    },

    pause() {
      withHost((host) => {
        host.pause()
        set({ playing: false, currentTs: host.currentTs() })
      })
    },

    seek(ts) {
      const { outline, fullyLoaded } = get()
      if (!outline) return
      const target = Math.min(Math.max(ts, outline.startedAt), outline.endedAt)
      if (target > (runtime?.progress.until ?? 0) && !fullyLoaded) {
        set({ pendingSeek: target, currentTs: target })
        return
      }
      set({ pendingSeek: null, currentTs: target })
      // The Replayer applies events strictly before the target: at the end, include the last one.
      withHost((host) => host.seek(target >= outline.endedAt ? target + 1 : target))
    },

    seekBy(deltaMs) {
      get().seek(get().currentTs + deltaMs)
    },

    jumpInteraction(direction) {
      const index = currentIndex()
      if (!index) return
      const { currentTs } = get()
      const rows = index.rows
      // 1 ms slack: after a jump the playhead sits exactly on a row, and the next press must move on.
      let at = rowAt(rows, direction > 0 ? currentTs + 1 : currentTs - 1)
      if (direction > 0) at++
      while (at >= 0 && at < rows.length && !INTERACTION_KINDS.has(rows[at]!.kind)) at += direction
      const row = rows[at]
      if (row) get().seek(row.ts)
    },

    setSpeed(speed) {
      set({ speed })
      withHost((host) => host.setSpeed(speed))
    },

    setSkipInactive(skipInactive) {
      set({ skipInactive })
      withHost((host) => host.setSkipInactive(skipInactive))
    },

    setLoadRemoteAssets(loadRemoteAssets) {
      const rt = runtime
      if (!rt || loadRemoteAssets === get().loadRemoteAssets) return
      set({ loadRemoteAssets })
      const events = rt.pipeline.rebuild(loadRemoteAssets)
      if (!rt.host) {
        rt.pending = events
        return
      }
      // A new player on the other set of events, at the same moment.
      const at = get().currentTs
      const wasPlaying = get().playing
      rt.host.destroy()
      rt.host = null
      rt.pending = events
      set({ pendingSeek: at, playing: false })
      createHost(rt)
      if (wasPlaying) get().play()
    }
  }
})

function hasFullSnapshot(events: RecordedEvent[]): boolean {
  return events.some((event) => event.type === EventType.FullSnapshot)
}
