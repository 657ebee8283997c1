// rrweb-player 2.1.6 (a Svelte component around rrweb's Replayer) with its own controller hidden: the
// workspace draws its controls and timeline and drives the Replayer directly. All times here are epoch
// ms (the recording's clock); the Replayer counts from its first event, `baseline`.
import rrwebPlayer from 'rrweb-player'
import 'rrweb-player/dist/style.css'
import type { RecordedEvent } from '../../../shared/types'
import { EventType } from '../../../shared/events/rrweb'
import { MaskingOverlay, type FrameMirror, type OverlayCounts, type OverlayOptions } from './masking-overlay'

/** The part of rrweb's Replayer the workspace uses (typed here: rrweb-player's own types need svelte). */
interface Replayer {
  play(timeOffset?: number): void
  pause(timeOffset?: number): void
  getCurrentTime(): number
  addEvent(event: unknown): void
  setConfig(config: { speed?: number; skipInactive?: boolean }): void
  destroy(): void
  on(event: string, handler: (payload: unknown) => void): void
  getMirror(): FrameMirror
  iframe: HTMLIFrameElement
}

interface PlayerComponent {
  getReplayer(): Replayer
  triggerResize(): void
  $set(props: { width?: number; height?: number }): void
  $destroy(): void
}

type PlayerConstructor = new (options: { target: HTMLElement; props: Record<string, unknown> }) => PlayerComponent

export const SPEEDS = [1, 2, 4, 8] as const

export interface PlayerOptions {
  width: number
  height: number
  speed: number
  onPlayingChange(playing: boolean): void
  /** The first full snapshot is on screen. */
  onFirstFrame?(): void
  /** What the masking overlay outlines on the current frame, whenever that changes. */
  onOverlayCounts?(counts: OverlayCounts): void
}

export class PlayerHost {
  private readonly component: PlayerComponent
  private readonly replayer: Replayer
  /** Style rules in the replay frame (never scripts): the masking inspector's outlines. */
  private readonly overlay: MaskingOverlay
  /** Epoch ms of the Replayer's time 0. */
  readonly baseline: number
  private playing = false
  /** A paused seek makes the Replayer play for an instant (play(t) then pause): not a state to show. */
  private seeking = false
  /**
   * Page-load starts: each Meta's time and the time of the FullSnapshot that follows it. The Replayer
   * only rebuilds a page when seeking strictly past its snapshot, so seeks into [Meta, FullSnapshot]
   * are moved just past it (otherwise the frame would keep showing the previous page).
   */
  private readonly metaTs: number[] = []
  private readonly snapshotTs: (number | undefined)[] = []
  /**
   * rrweb's Replayer.addEvent hands each event to its state machine in a microtask: a seek right after adding
   * events would rebuild the frame without them (a link into a later page load showed that page's snapshot
   * without the mutations after it: an empty to-do list, the cursor at 0,0). Seeks and plays wait for this.
   */
  private added: Promise<void> | null = null
  private afterAdded: (() => void) | null = null
  private readonly keepFocus = () => {
    // The Replayer replays focus events by focusing elements inside the frame, which would take the
    // keyboard away from the workspace (space, arrows): hand it back.
    setTimeout(() => {
      if (document.activeElement === this.replayer.iframe) this.replayer.iframe.blur()
    })
  }

  constructor(target: HTMLElement, events: RecordedEvent[], options: PlayerOptions) {
    this.baseline = events.reduce((min, event) => Math.min(min, event.timestamp), Infinity)
    this.notePageStarts(events)
    const Player = rrwebPlayer as unknown as PlayerConstructor
    this.component = new Player({
      target,
      props: {
        events,
        width: options.width,
        height: options.height,
        autoPlay: false,
        showController: false,
        // Skipping inactivity is the replay session's (it jumps; rrweb's only speeds up by gap / 5 s).
        skipInactive: false,
        speed: options.speed,
        speedOption: [...SPEEDS],
        // Replayer options (rrweb-player passes its props through): never the UNSAFE canvas mode, which
        // would add allow-scripts to the sandbox; no console noise from recordings the replayer cannot apply.
        UNSAFE_replayCanvas: false,
        showWarning: false,
        // A replayed focus event would focus an element inside the iframe, taking the keyboard focus with it:
        // keys pressed until keepFocus hands it back (Shift+→ right after a jump onto an input) went to the
        // recorded page instead of the workspace. The replay shows no :focus ring in exchange.
        triggerFocus: false,
        mouseTail: { strokeStyle: 'rgba(110, 168, 254, 0.6)' }
      }
    })
    this.replayer = this.component.getReplayer()
    this.overlay = new MaskingOverlay(this.replayer.iframe, () => this.replayer.getMirror())
    if (options.onOverlayCounts) this.overlay.onCounts = options.onOverlayCounts
    window.addEventListener('blur', this.keepFocus)
    let firstFrame = options.onFirstFrame
    this.replayer.on('fullsnapshot-rebuilded', () => {
      firstFrame?.()
      firstFrame = undefined
      this.overlay.rebuilt()
    })
    this.replayer.on('state-change', (states) => {
      const player = (states as { player?: { value?: string } }).player
      if (!player?.value || this.seeking) return
      const playing = player.value === 'playing'
      if (playing !== this.playing) {
        this.playing = playing
        options.onPlayingChange(playing)
      }
    })
  }

  /** The playhead, epoch ms. */
  currentTs(): number {
    return this.baseline + this.replayer.getCurrentTime()
  }

  isPlaying(): boolean {
    return this.playing
  }

  addEvents(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return
    for (const event of events) this.replayer.addEvent(event)
    this.notePageStarts(events)
    // Resolves after the microtasks addEvent queued (jobs run in order).
    const added = Promise.resolve().then(() => {
      if (this.added !== added) return
      this.added = null
      const action = this.afterAdded
      this.afterAdded = null
      action?.()
    })
    this.added = added
  }

  /**
   * Runs `action` now, or once the events just added reached the Replayer. Deferred actions replace each
   * other (the latest seek wins), except `after`, which runs after the one waiting (a pause after a seek).
   */
  private whenAdded(action: () => void, after = false): void {
    if (!this.added) return action()
    const waiting = this.afterAdded
    this.afterAdded = after && waiting ? () => (waiting(), action()) : action
  }

  private notePageStarts(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.type === EventType.Meta) {
        this.metaTs.push(event.timestamp)
        this.snapshotTs.push(undefined)
      } else if (event.type === EventType.FullSnapshot && this.snapshotTs.length) {
        const last = this.snapshotTs.length - 1
        this.snapshotTs[last] ??= event.timestamp
      }
    }
  }

  /** Where a seek to `ts` must land so that the page shown is the one live at `ts`. */
  private seekable(ts: number): number {
    let low = 0
    let high = this.metaTs.length - 1
    let at = 0
    while (low <= high) {
      const mid = (low + high) >> 1
      if (this.metaTs[mid]! <= ts) {
        at = mid
        low = mid + 1
      } else {
        high = mid - 1
      }
    }
    const snapshot = this.snapshotTs[at]
    return snapshot !== undefined && ts <= snapshot ? snapshot + 1 : ts
  }

  play(fromTs = this.currentTs()): void {
    this.whenAdded(() => this.replayer.play(Math.max(0, this.seekable(fromTs) - this.baseline)))
  }

  pause(): void {
    this.whenAdded(() => this.replayer.pause(), true)
  }

  /** Moves the playhead; keeps playing if it was. */
  seek(ts: number): void {
    this.whenAdded(() => this.seekNow(ts))
  }

  private seekNow(ts: number): void {
    const offset = Math.max(0, this.seekable(ts) - this.baseline)
    if (this.playing) {
      this.replayer.play(offset)
      return
    }
    this.seeking = true
    try {
      this.replayer.pause(offset)
    } finally {
      this.seeking = false
    }
  }

  setSpeed(speed: number): void {
    const wasPlaying = this.playing
    const at = this.currentTs()
    if (wasPlaying) this.replayer.pause()
    this.replayer.setConfig({ speed })
    if (wasPlaying) this.play(at)
  }

  /** What the overlay outlines (masked, blocked, what strict would add, a finding's element). */
  setOverlay(options: OverlayOptions): void {
    this.overlay.set(options)
  }

  resize(width: number, height: number): void {
    this.component.$set({ width, height })
    this.component.triggerResize()
  }

  destroy(): void {
    window.removeEventListener('blur', this.keepFocus)
    this.overlay.destroy()
    try {
      this.replayer.destroy()
    } finally {
      this.component.$destroy()
    }
  }
}
