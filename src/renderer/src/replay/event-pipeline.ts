// Every chunk goes through here once, in playback order: remote assets are held back for the player, and the
// shared step model (src/shared/events) reads the events: the event list, the timeline's marks, the
// inactive stretches and Shift+←/→ all come from its steps.
import { SessionSteps } from '../../../shared/events/session-steps'
import type { RecordedEvent } from '../../../shared/types'
import { RemoteAssetFilter } from './remote-assets'

interface RawChunk {
  segment: number
  events: RecordedEvent[]
}

export class EventPipeline {
  readonly steps = new SessionSteps()
  /** The filter reads the steps' DOM mirror, except after a rebuild (it must be replayed from the start). */
  private assets = new RemoteAssetFilter(this.steps)
  /** The events as recorded, per chunk: the player is rebuilt from these when the asset choice changes. */
  private readonly chunks: RawChunk[] = []

  constructor(private loadRemoteAssets: boolean) {}

  /** Distinct remote URLs the recording names (held back unless remote assets are allowed). */
  get remoteUrls(): ReadonlySet<string> {
    return this.assets.heldBack
  }

  /** Reads one chunk and returns the events to give the player. */
  process(events: RecordedEvent[], segment: number): RecordedEvent[] {
    this.chunks.push({ segment, events })
    const forPlayer: RecordedEvent[] = []
    for (const event of events) {
      // The filter reads the mirror as it was before this event (it classifies attribute changes by tag).
      const filtered = this.assets.filter(event, segment)
      this.steps.feedEvent(event, segment)
      const chosen = this.loadRemoteAssets ? event : filtered
      if (chosen) forPlayer.push(chosen)
    }
    return forPlayer
  }

  /** Switches the asset choice and returns every event so far, ready for a new player. */
  rebuild(loadRemoteAssets: boolean): RecordedEvent[] {
    this.loadRemoteAssets = loadRemoteAssets
    if (loadRemoteAssets) return this.chunks.flatMap((chunk) => chunk.events)
    // Filtering needs the DOM as it was at each event: replay the whole history into a fresh reader.
    const dom = new SessionSteps()
    this.assets = new RemoteAssetFilter(dom)
    const forPlayer: RecordedEvent[] = []
    for (const { segment, events } of this.chunks) {
      for (const event of events) {
        const filtered = this.assets.filter(event, segment)
        dom.feedEvent(event, segment)
        if (filtered) forPlayer.push(filtered)
      }
    }
    return forPlayer
  }
}
