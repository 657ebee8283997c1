// One recording of an import (a file, a PostHog window, a set of Umami chunks) on its way to becoming a
// session: its validated events are cut into batches the way the receiver stores them, each compressed into
// the staging file at once, so only the batch being built is in memory. What the session row needs (the
// first page, the viewport) and what decides whether the recording can be replayed at all (a full snapshot,
// events that do not precede it) are gathered on the way.
import { gzipSync, constants } from 'node:zlib'
import { EventType } from '@rrweb/types'
import { hrefOf } from '../../../shared/custom-events'
import { MAX_MUTATION_ENTRIES_PER_BATCH } from '../../../shared/limits'
import type { RecordedEvent } from '../../../shared/types'
import type { BatchBudget } from '../ingest/event-bounds'
import type { StagedBlob, StagingFile } from './staging-file'

/** A batch is cut at whichever comes first (the recorder's own batches are at most 100 events, 256 KB). */
const BATCH_MAX_EVENTS = 1000
const BATCH_MAX_RAW_BYTES = 512 * 1024
/** The receiver's per-batch budget of DOM changes; a batch is cut at half of it, so big mutations still fit. */
const BATCH_MUTATION_CUT = MAX_MUTATION_ENTRIES_PER_BATCH / 2
/**
 * An incremental event may precede its page load's first full snapshot by this much (clocks read at slightly
 * different moments); earlier than that, nothing could replay it: the events are out of order beyond repair.
 */
const ORDER_TOLERANCE_MS = 1000

/** Speed over size: idle compaction re-encodes every batch with brotli later (store/compactor.ts). */
const STAGING_GZIP_LEVEL = constants.Z_BEST_SPEED

const OPEN = Buffer.from('{"events":[')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']}')

export interface StagedBatch {
  segment: number
  firstTs: number
  lastTs: number
  eventCount: number
  rawBytes: number
  blob: StagedBlob
  pages: { url: string; at: number }[]
}

/** What the first Meta event says about the page (rrweb's Meta carries the URL and the window's size). */
export interface PageFacts {
  href: string | null
  width: number
  height: number
}

interface SegmentTimes {
  firstFullSnapshot: number
  firstIncremental: number
}

class OpenBatch {
  readonly parts: Buffer[] = []
  readonly budget: BatchBudget = { mutationEntries: 0 }
  readonly pages: { url: string; at: number }[] = []
  rawBytes = 0
  firstTs = Infinity
  lastTs = -Infinity

  constructor(readonly segment: number) {}
}

export class RecordingBuilder {
  events = 0
  readonly batches: StagedBatch[] = []
  readonly page: PageFacts = { href: null, width: 0, height: 0 }
  private readonly segments = new Map<number, SegmentTimes>()
  private open: OpenBatch | null = null

  constructor(
    /** 'main', or a PostHog window id. */
    readonly key: string,
    private readonly staging: StagingFile
  ) {}

  /** The budget the next event of `segment` is checked against (a batch is cut first when it is nearly used). */
  budgetFor(segment: number, bytes: number): BatchBudget {
    const open = this.open
    if (
      open &&
      (open.segment !== segment ||
        open.parts.length >= BATCH_MAX_EVENTS ||
        open.rawBytes + bytes > BATCH_MAX_RAW_BYTES ||
        open.budget.mutationEntries > BATCH_MUTATION_CUT)
    ) {
      this.cut()
    }
    this.open ??= new OpenBatch(segment)
    return this.open.budget
  }

  /** Adds an event that passed eventProblem against budgetFor(segment)'s budget; `bytes` is its JSON. */
  add(event: RecordedEvent, bytes: Buffer, segment: number): void {
    const open = this.open!
    open.parts.push(bytes)
    open.rawBytes += bytes.byteLength
    if (event.timestamp < open.firstTs) open.firstTs = event.timestamp
    if (event.timestamp > open.lastTs) open.lastTs = event.timestamp
    const url = hrefOf(event)
    if (url !== null) open.pages.push({ url, at: event.timestamp })
    this.events++
    this.noteTimes(event, segment)
    if (event.type === EventType.Meta && this.page.href === null) {
      const data = event.data as { href?: unknown; width?: unknown; height?: unknown }
      this.page.href = typeof data.href === 'string' ? data.href : null
      this.page.width = sizeOf(data.width)
      this.page.height = sizeOf(data.height)
    }
  }

  private noteTimes(event: RecordedEvent, segment: number): void {
    let times = this.segments.get(segment)
    if (!times) this.segments.set(segment, (times = { firstFullSnapshot: Infinity, firstIncremental: Infinity }))
    if (event.type === EventType.FullSnapshot)
      times.firstFullSnapshot = Math.min(times.firstFullSnapshot, event.timestamp)
    else if (event.type === EventType.IncrementalSnapshot) {
      times.firstIncremental = Math.min(times.firstIncremental, event.timestamp)
    }
  }

  /** Compresses the open batch into the staging file. */
  private cut(): void {
    const open = this.open
    this.open = null
    if (!open || open.parts.length === 0) return
    const pieces: Buffer[] = [OPEN]
    open.parts.forEach((part, i) => {
      if (i > 0) pieces.push(COMMA)
      pieces.push(part)
    })
    pieces.push(CLOSE)
    const json = Buffer.concat(pieces)
    this.batches.push({
      segment: open.segment,
      firstTs: open.firstTs,
      lastTs: open.lastTs,
      eventCount: open.parts.length,
      rawBytes: json.byteLength,
      blob: this.staging.append(gzipSync(json, { level: STAGING_GZIP_LEVEL })),
      pages: open.pages
    })
  }

  /** Stages the last batch. */
  finish(): void {
    this.cut()
  }

  /** Why this recording cannot become a session (no full snapshot, events before it), or null. */
  problem(): string | null {
    if (this.events === 0) return 'has no events'
    for (const [segment, times] of this.segments) {
      const where = this.segments.size > 1 ? ` in page load ${segment}` : ''
      if (times.firstFullSnapshot === Infinity) {
        return `has no full snapshot${where} (rrweb event type 2): nothing to replay from`
      }
      const early = times.firstFullSnapshot - times.firstIncremental
      if (early > ORDER_TOLERANCE_MS) {
        return (
          `has events out of order beyond repair${where}: a DOM change at ${new Date(times.firstIncremental).toISOString()} ` +
          `is ${formatGap(early)} before the first full snapshot it would change (${new Date(times.firstFullSnapshot).toISOString()})`
        )
      }
    }
    return null
  }

  /** The earliest and latest event of the recording. */
  timeRange(): { firstTs: number; lastTs: number } {
    let firstTs = Infinity
    let lastTs = -Infinity
    for (const batch of this.batches) {
      firstTs = Math.min(firstTs, batch.firstTs)
      lastTs = Math.max(lastTs, batch.lastTs)
    }
    return { firstTs, lastTs }
  }
}

const sizeOf = (value: unknown): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100_000 ? value : 0

function formatGap(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}
