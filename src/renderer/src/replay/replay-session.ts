// One open replay, as a plain class (no React, no zustand): loading the session progressively (chunk 0 for
// the first frame, the rest streamed in ranges), the pending seek (a seek past what has loaded yet waits
// for it), the player's lifecycle (built once there is somewhere to mount it, rebuilt when the remote-asset
// choice changes) and the steps read from the events. The player store wraps it and publishes what the UI
// draws; what a session tells the store goes through `publish`.
import type { WorkspaceApi } from '../../../shared/api'
import { NotFoundError } from '../../../shared/api-errors'
import { EventType } from '../../../shared/events/rrweb'
import { stepAt } from '../../../shared/events/session-steps'
import { USER_ACTION_KINDS } from '../../../shared/events/steps'
import type { EventChunkInfo, RecordedEvent, SessionDetail, SessionOutline } from '../../../shared/types'
import { loadChunks, type ChunkLoad } from './chunk-loader'
import { EventPipeline } from './event-pipeline'
import { OFF, type OverlayCounts, type OverlayOptions } from './masking-overlay'
import { PlayerHost } from './player-host'

export type ReplayStatus = 'idle' | 'loading' | 'ready' | 'missing' | 'error'

/** What a replay session publishes (the player store's state, minus its actions). */
export interface ReplaySnapshot {
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
  /** Bumped whenever the steps grew or changed (rows, marks, inactive stretches). */
  stepsVersion: number
  /** An inactive stretch just jumped over while playing (shown on the player for a moment). */
  skipped: { ms: number } | null
  /** The masking inspector's overlay, and what it outlines on the current frame. */
  overlay: OverlayOptions
  overlayCounts: OverlayCounts | null
}

export const INITIAL_SNAPSHOT: ReplaySnapshot = {
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
  stepsVersion: 0,
  skipped: null,
  overlay: OFF,
  overlayCounts: null
}

export interface Mount {
  container: HTMLElement | null
  size: { width: number; height: number }
}

/** How often the steps are republished while a long session streams in (not per chunk: 2,000 renders). */
const PUBLISH_MS = 250
/** Skip inactivity keeps this much before the end of a stretch, so what ends it is seen coming. */
const SKIP_LEAD_MS = 1000
/** How long "Skipping 15 s of inactivity" stays on the player. */
const SKIP_NOTE_MS = 2000

export class ReplaySession {
  readonly pipeline: EventPipeline
  private state: ReplaySnapshot
  private readonly openedAt = performance.now()
  /** Events for the player before it exists (chunk 0, and more if the container mounts late). */
  private pending: RecordedEvent[] = []
  private host: PlayerHost | null = null
  private readonly progress = { chunks: 0, events: 0, until: 0 }
  private load: ChunkLoad | null = null
  /** The session grew while chunks were loading: look for new ones when this load ends. */
  private grewWhileLoading = false
  private frame: number | null = null
  private skipNote: ReturnType<typeof setTimeout> | undefined
  private closed = false

  constructor(
    readonly id: string,
    private readonly api: WorkspaceApi,
    private readonly mount: Mount,
    private readonly publish: (patch: Partial<ReplaySnapshot>) => void,
    options: { loadRemoteAssets: boolean; speed: number; skipInactive: boolean }
  ) {
    this.pipeline = new EventPipeline(options.loadRemoteAssets)
    this.state = { ...INITIAL_SNAPSHOT, ...options, status: 'loading' }
  }

  get snapshot(): ReplaySnapshot {
    return this.state
  }

  /** Loads the session; `t` is an offset from its start to open at. */
  async start(t: number | null): Promise<void> {
    try {
      await this.load0(t)
    } catch (error) {
      if (error instanceof NotFoundError) this.set({ status: 'missing' })
      else this.set({ status: 'error', error: (error as Error).message })
    }
  }

  close(): void {
    this.closed = true
    this.load?.cancel()
    clearTimeout(this.skipNote)
    if (this.frame !== null) cancelAnimationFrame(this.frame)
    this.host?.destroy()
    this.host = null
  }

  /** The session was deleted while open. */
  gone(): void {
    this.load?.cancel()
    this.host?.pause()
    this.set({ status: 'missing', playing: false })
  }

  /** Re-reads the session's details (after a pin or unpin). */
  async refreshDetail(): Promise<void> {
    try {
      this.set({ detail: await this.api.getSession(this.id) })
    } catch (error) {
      // Deleted meanwhile: the change notice that says so turns the replay 'missing'.
      if (!(error instanceof NotFoundError)) throw error
    }
  }

  /** The element to render into changed (the view mounted or unmounted it). */
  mountChanged(): void {
    if (!this.mount.container && this.host) {
      // Unmounted while open: a later mount builds a new player from everything loaded so far.
      this.host.destroy()
      this.host = null
      this.pending = this.pipeline.rebuild(this.state.loadRemoteAssets)
    }
    this.createHost()
  }

  resize(width: number, height: number): void {
    this.host?.resize(width, height)
  }

  play(): void {
    const host = this.host
    if (!host) return
    const { currentTs, outline } = this.state
    // At the end: play from the start, like any player.
    host.play(outline && currentTs >= outline.endedAt - 50 ? host.baseline : currentTs)
    this.followPlayhead()
  }

  pause(): void {
    if (!this.host) return
    this.host.pause()
    this.set({ playing: false, currentTs: this.host.currentTs() })
  }

  seek(ts: number): void {
    const { outline, fullyLoaded } = this.state
    if (!outline) return
    const target = Math.min(Math.max(ts, outline.startedAt), outline.endedAt)
    if (target > this.progress.until && !fullyLoaded) {
      this.set({ pendingSeek: target, currentTs: target })
      return
    }
    this.set({ pendingSeek: null, currentTs: target })
    // The Replayer applies events strictly before the target: at the end, include the last one.
    this.host?.seek(target >= outline.endedAt ? target + 1 : target)
  }

  /** Shift+←/→: the previous/next user action (click, input, form submit). */
  jumpToAction(direction: -1 | 1): void {
    const steps = this.pipeline.steps.steps
    const { currentTs } = this.state
    // 1 ms slack: after a jump the playhead sits exactly on a step, and the next press must move on.
    let at = stepAt(steps, direction > 0 ? currentTs + 1 : currentTs - 1)
    if (direction > 0) at++
    while (at >= 0 && at < steps.length && !USER_ACTION_KINDS.has(steps[at]!.kind)) at += direction
    const step = steps[at]
    if (step) this.seek(step.ts)
  }

  setSpeed(speed: number): void {
    this.set({ speed })
    this.host?.setSpeed(speed)
  }

  setSkipInactive(skipInactive: boolean): void {
    this.set({ skipInactive })
  }

  /** The overlay's options (kept for a player built later, or rebuilt). */
  setOverlay(overlay: OverlayOptions): void {
    this.set({ overlay })
    this.host?.setOverlay(overlay)
  }

  setLoadRemoteAssets(loadRemoteAssets: boolean): void {
    if (loadRemoteAssets === this.state.loadRemoteAssets) return
    this.set({ loadRemoteAssets })
    const events = this.pipeline.rebuild(loadRemoteAssets)
    if (!this.host) {
      this.pending = events
      return
    }
    // A new player on the other set of events, at the same moment.
    const at = this.state.currentTs
    const wasPlaying = this.state.playing
    this.host.destroy()
    this.host = null
    this.pending = events
    this.set({ pendingSeek: at, playing: false })
    this.createHost()
    if (wasPlaying) this.play()
  }

  /** A live session grew while open: fetch its new chunks (the ones after what is loaded). */
  async extend(): Promise<void> {
    if (this.load || !this.state.fullyLoaded) {
      this.grewWhileLoading = true
      return
    }
    this.grewWhileLoading = false
    const outline = await this.api.getSessionOutline(this.id).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null // deleted meanwhile: its notice follows
      throw error
    })
    if (this.closed || !outline || this.load) return
    const { chunks: loaded, until: loadedUntil } = this.progress
    // Only chunks that continue the recording (a late batch that reorders earlier chunks waits for a reopen).
    if (outline.chunks.length <= loaded || outline.chunks[loaded]!.firstTs < loadedUntil) {
      this.set({ outline: { ...outline, chunks: outline.chunks.slice(0, loaded) } })
      return
    }
    this.set({ outline, fullyLoaded: false })
    this.streamRest(outline, loaded)
  }

  private set(patch: Partial<ReplaySnapshot>): void {
    if (this.closed) return
    this.state = { ...this.state, ...patch }
    this.publish(patch)
  }

  private async load0(t: number | null): Promise<void> {
    // Chunk 0 is asked for alongside the outline: the first frame waits for one round trip, not two.
    const [detail, outline, first] = await Promise.all([
      this.api.getSession(this.id),
      this.api.getSessionOutline(this.id),
      this.api.getEventChunk(this.id, 0).catch(() => null)
    ])
    if (this.closed) return
    if (!outline.chunks.length) {
      this.set({ status: 'missing', detail })
      return
    }
    // A link past the end (or before the start) opens at the end (or the start).
    const asked = t === null ? null : Math.min(Math.max(outline.startedAt + t, outline.startedAt), outline.endedAt)
    this.set({ detail, outline, pendingSeek: asked })
    // The first frame needs the first page load's Meta + FullSnapshot: chunk 0 normally has both.
    let next = 0
    while (next < outline.chunks.length && (this.pending.length < 2 || !hasFullSnapshot(this.pending))) {
      const chunk = outline.chunks[next]!
      const events = next === 0 && first ? first : await this.api.getEventChunk(this.id, chunk.index)
      if (this.closed) return
      this.onChunk(events, chunk)
      next++
    }
    this.publishProgress()
    this.createHost()
    this.streamRest(outline, next)
  }

  private createHost(): void {
    if (this.host || !this.mount.container || this.pending.length < 2 || this.closed) return
    const host = new PlayerHost(this.mount.container, this.pending, {
      ...this.mount.size,
      speed: this.state.speed,
      onFirstFrame: () => {
        if (this.state.firstFrameMs === null) this.set({ firstFrameMs: Math.round(performance.now() - this.openedAt) })
      },
      onOverlayCounts: (overlayCounts) => this.set({ overlayCounts }),
      onPlayingChange: (playing) => {
        this.set({ playing })
        if (playing) this.followPlayhead()
        else if (this.host) this.set({ currentTs: this.host.currentTs() })
      }
    })
    this.host = host
    this.pending = []
    // Without a moment asked for, open where the first page was settled, not on its raw first frame.
    const settled = this.pipeline.steps.settledAt
    const opening = this.state.pendingSeek ?? (settled !== null ? settled + 1 : null)
    this.set({ status: 'ready', currentTs: opening ?? host.baseline, pendingSeek: opening })
    this.applyPendingSeek()
    host.setOverlay(this.state.overlay)
  }

  /** The playhead follows the Replayer once per frame while playing. */
  private followPlayhead(): void {
    if (this.frame !== null) return
    const tick = () => {
      this.frame = null
      if (this.closed || !this.host) return
      const ts = this.host.currentTs()
      this.set({ currentTs: ts })
      this.skipInactivity(ts)
      if (this.host.isPlaying()) this.frame = requestAnimationFrame(tick)
    }
    this.frame = requestAnimationFrame(tick)
  }

  /**
   * Jumps over an inactive stretch the playhead entered (to SKIP_LEAD_MS before its end) and says so.
   * rrweb's own skipInactive only speeds up, by the gap / 5 s: a 15 s stretch still took 5 s at 1×, and at
   * 8× nothing changed at all.
   */
  private skipInactivity(ts: number): void {
    if (!this.state.skipInactive || !this.state.playing || !this.host) return
    const { outline, fullyLoaded } = this.state
    const steps = this.pipeline.steps
    const spans = fullyLoaded && outline ? steps.inactiveUntil(outline.endedAt) : steps.inactive
    const span = spans.find((candidate) => ts >= candidate.start && ts < candidate.end - SKIP_LEAD_MS)
    if (!span) return
    const to = span.end - SKIP_LEAD_MS
    this.host.seek(to)
    this.set({ currentTs: to, skipped: { ms: to - ts } })
    clearTimeout(this.skipNote)
    this.skipNote = setTimeout(() => this.set({ skipped: null }), SKIP_NOTE_MS)
  }

  private applyPendingSeek(): void {
    const { pendingSeek, fullyLoaded } = this.state
    if (pendingSeek === null || !this.host) return
    if (pendingSeek > this.progress.until && !fullyLoaded) return
    this.set({ pendingSeek: null, currentTs: pendingSeek })
    this.host.seek(pendingSeek)
  }

  /** Progress, the grown steps and the held-back asset count, in one update. */
  private publishProgress(extra: Partial<ReplaySnapshot> = {}): void {
    const urls = this.pipeline.remoteUrls
    this.set({
      loadedEvents: this.progress.events,
      loadedUntil: this.progress.until,
      stepsVersion: this.state.stepsVersion + 1,
      ...(urls.size !== this.state.remoteAssetCount && {
        remoteAssetCount: urls.size,
        remoteAssetSample: [...urls].slice(0, 5)
      }),
      ...extra
    })
  }

  private onChunk(events: RecordedEvent[], chunk: EventChunkInfo): void {
    const forPlayer = this.pipeline.process(events, chunk.segment)
    if (this.host) this.host.addEvents(forPlayer)
    else for (const event of forPlayer) this.pending.push(event)
    this.progress.chunks++
    this.progress.events += events.length
    this.progress.until = Math.max(this.progress.until, chunk.lastTs)
  }

  /** Loads chunks from `from` on in the background, publishing the steps a few times a second. */
  private streamRest(outline: SessionOutline, from: number): void {
    const rest = outline.chunks.slice(from)
    if (!rest.length) return this.loaded()
    let lastPublish = performance.now()
    this.load = loadChunks(this.api, this.id, rest, async (events, chunk) => {
      if (this.closed) return
      const now = performance.now()
      this.onChunk(events, chunk)
      if (now - lastPublish > PUBLISH_MS) {
        lastPublish = now
        this.publishProgress()
      }
      this.applyPendingSeek()
      // Give the UI thread a turn between chunks that took long (huge snapshots): input stays responsive.
      if (performance.now() - now > 8) await new Promise((resolve) => setTimeout(resolve, 0))
    })
    this.load.done.then(
      () => {
        if (this.closed) return
        this.load = null
        this.loaded()
      },
      (error: Error) => this.set({ error: `Loading stopped: ${error.message}` })
    )
  }

  private loaded(): void {
    this.publishProgress({ fullyLoaded: true })
    this.applyPendingSeek()
    if (this.grewWhileLoading) void this.extend()
  }
}

function hasFullSnapshot(events: RecordedEvent[]): boolean {
  return events.some((event) => event.type === EventType.FullSnapshot)
}
