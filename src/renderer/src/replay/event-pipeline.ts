// Every chunk goes through here once, in playback order: remote assets are held back for the player,
// the node map learns the DOM, and the event list and timeline marks grow.
import type { RecordedEvent } from '../../../shared/types'
import { EventIndex } from './event-index'
import { NodeMap } from './node-map'
import { RemoteAssetFilter } from './remote-assets'

interface RawChunk {
  segment: number
  events: RecordedEvent[]
}

export class EventPipeline {
  private readonly nodes = new NodeMap()
  readonly index = new EventIndex(this.nodes)
  /** The filter's node map is the index's, except after a rebuild (it must be replayed from the start). */
  private filterNodes = this.nodes
  private assets = new RemoteAssetFilter(this.filterNodes)
  /** The events as recorded, per chunk: the player is rebuilt from these when the asset choice changes. */
  private readonly chunks: RawChunk[] = []

  constructor(private loadRemoteAssets: boolean) {}

  /** Distinct remote URLs the recording names (held back unless remote assets are allowed). */
  get remoteUrls(): ReadonlySet<string> {
    return this.assets.heldBack
  }

  /** Indexes one chunk and returns the events to give the player. */
  process(events: RecordedEvent[], segment: number): RecordedEvent[] {
    this.chunks.push({ segment, events })
    const forPlayer: RecordedEvent[] = []
    for (const event of events) {
      // The filter reads the node map as it was before this event (it classifies attribute changes by tag).
      const filtered = this.assets.filter(event, segment)
      this.nodes.apply(event, segment)
      if (this.filterNodes !== this.nodes) this.filterNodes.apply(event, segment)
      this.index.add(event, segment)
      const chosen = this.loadRemoteAssets ? event : filtered
      if (chosen) forPlayer.push(chosen)
    }
    return forPlayer
  }

  /** Switches the asset choice and returns every event so far, ready for a new player. */
  rebuild(loadRemoteAssets: boolean): RecordedEvent[] {
    this.loadRemoteAssets = loadRemoteAssets
    if (loadRemoteAssets) return this.chunks.flatMap((chunk) => chunk.events)
    // Filtering needs the node map as it was at each event: replay the whole history into a fresh one.
    this.filterNodes = new NodeMap()
    this.assets = new RemoteAssetFilter(this.filterNodes)
    const forPlayer: RecordedEvent[] = []
    for (const { segment, events } of this.chunks) {
      for (const event of events) {
        const filtered = this.assets.filter(event, segment)
        this.filterNodes.apply(event, segment)
        if (filtered) forPlayer.push(filtered)
      }
    }
    return forPlayer
  }
}
