// Files in the formats file import reads (issue 10), built from an event array: a bare rrweb array or
// {"events": [...]}, PostHog's two export versions, Umami's gzip chunks, one file per way of being bad, and
// a streamed rrweb array of any size. Each builder states the layout it writes, so a test can say what it fed.
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { gzipSync } from 'node:zlib'
import { EventType, IncrementalSource } from '@rrweb/types'
import type { RecordedEvent } from '../../src/shared/types'
import { click, documentWith, el, input, meta, mouseMove, mutation, snapshot, text } from './rrweb-events'

export interface FileOptions {
  /** gzip the JSON (the importer recognises gzip by its magic bytes, not by the name). */
  gzip?: boolean
}

const encode = (value: unknown, { gzip = false }: FileOptions = {}): Buffer => {
  const json = Buffer.from(JSON.stringify(value))
  return gzip ? gzipSync(json) : json
}

/** `[event, ...]`: what rrweb's own examples save and most hand-rolled setups export. */
export function rrwebArrayFile(events: RecordedEvent[], options: FileOptions = {}): Buffer {
  return encode(events, options)
}

/** `{"events": [event, ...]}`: the other common hand-rolled shape. */
export function rrwebObjectFile(events: RecordedEvent[], options: FileOptions = {}): Buffer {
  return encode({ events }, options)
}

/** Window ids the PostHog builders use, in order (PostHog's are UUIDv7 strings; these are fixed for asserts). */
export const POSTHOG_WINDOW_IDS = [
  '0190a1b2-0000-7000-8000-000000000001',
  '0190a1b2-0000-7000-8000-000000000002',
  '0190a1b2-0000-7000-8000-000000000003',
  '0190a1b2-0000-7000-8000-000000000004'
] as const
/** The recording id posthogExportV2 writes. */
export const POSTHOG_RECORDING_ID = '0190a1b2-0000-7000-8000-0000000000aa'
export const POSTHOG_PERSON = {
  distinct_ids: ['user-1'],
  properties: { $os: 'Linux', $browser: 'Chrome' }
}

export interface PosthogOptions extends FileOptions {
  /** Split the events into this many windows (tabs), 1 by default; at most POSTHOG_WINDOW_IDS.length. */
  windows?: number
  /** The export's "version" (the real ones are '2022-12-02' and '2023-04-28'); for unsupported-version files. */
  version?: string
}

/**
 * Splits `events` in order into `windows` consecutive parts. Each part after the first starts with copies of
 * the recording's first Meta and FullSnapshot, timed at that part's first event, so every window can be
 * replayed from its own snapshot. The copies show the page as it was at the start, not at the split: that
 * window's incremental events can name nodes the snapshot lacks (added earlier), which rrweb's replayer skips.
 */
export function splitIntoWindows(events: RecordedEvent[], windows: number): RecordedEvent[][] {
  if (!Number.isInteger(windows) || windows < 1 || windows > POSTHOG_WINDOW_IDS.length)
    throw new Error(`windows must be 1..${POSTHOG_WINDOW_IDS.length}`)
  if (windows === 1) return [events]
  const firstMeta = events.find((e) => e.type === EventType.Meta)
  const firstSnapshotAt = events.findIndex((e) => e.type === EventType.FullSnapshot)
  const firstSnapshot = events[firstSnapshotAt]
  if (!firstMeta || !firstSnapshot) throw new Error('splitting into windows needs a Meta and a FullSnapshot')
  // The first window keeps at least everything up to its snapshot.
  const size = Math.max(firstSnapshotAt + 1, Math.ceil(events.length / windows))
  const parts: RecordedEvent[][] = []
  for (let start = 0; start < events.length; start += size) parts.push(events.slice(start, start + size))
  if (parts.length !== windows) throw new Error(`${events.length} events do not split into ${windows} windows`)
  return parts.map((part, i) => {
    if (i === 0) return part
    const at = part[0]!.timestamp // parts are never empty
    return [{ ...firstMeta, timestamp: at }, { ...firstSnapshot, timestamp: at }, ...part]
  })
}

/**
 * PostHog's older export: `{"version":"2022-12-02","data":{"person":{...},"snapshotsByWindowId":{"<id>":[...]}}}`,
 * one key per window (see splitIntoWindows).
 */
export function posthogExportV1(events: RecordedEvent[], options: PosthogOptions = {}): Buffer {
  const parts = splitIntoWindows(events, options.windows ?? 1)
  const snapshotsByWindowId = Object.fromEntries(parts.map((part, i) => [POSTHOG_WINDOW_IDS[i], part]))
  return encode(
    { version: options.version ?? '2022-12-02', data: { person: POSTHOG_PERSON, snapshotsByWindowId } },
    options
  )
}

/**
 * PostHog's newer export: `{"version":"2023-04-28","data":{"id":"<recording>","person":{...},"snapshots":[...]}}`,
 * every event flat in one list with its `windowId` beside type, timestamp and data (windows one after another).
 */
export function posthogExportV2(events: RecordedEvent[], options: PosthogOptions = {}): Buffer {
  const parts = splitIntoWindows(events, options.windows ?? 1)
  const snapshots = parts.flatMap((part, i) => part.map((event) => ({ windowId: POSTHOG_WINDOW_IDS[i], ...event })))
  return encode(
    { version: options.version ?? '2023-04-28', data: { id: POSTHOG_RECORDING_ID, person: POSTHOG_PERSON, snapshots } },
    options
  )
}

/**
 * Umami's replay chunks: gzip JSON arrays holding `events` split in order into `chunkCount` consecutive
 * parts (sizes differ by at most one). Only the first holds the full snapshot; throws if the split would not.
 */
export function umamiChunks(events: RecordedEvent[], chunkCount: number): Buffer[] {
  if (!Number.isInteger(chunkCount) || chunkCount < 1 || chunkCount > events.length)
    throw new Error(`chunkCount must be 1..${events.length}`)
  const chunks: RecordedEvent[][] = []
  for (let i = 0; i < chunkCount; i++)
    chunks.push(
      events.slice(Math.floor((i * events.length) / chunkCount), Math.floor(((i + 1) * events.length) / chunkCount))
    )
  if (chunks.slice(1).some((chunk) => chunk.some((e) => e.type === EventType.FullSnapshot)))
    throw new Error('a full snapshot would land outside the first chunk: fewer chunks, or fewer leading events')
  return chunks.map((chunk) => encode(chunk, { gzip: true }))
}

const PAGE_LOAD = Date.UTC(2024, 4, 14, 9, 30)

/**
 * A small valid recording without Chromium, in the manner of rrweb-events.ts: a to-do page, a typed to-do
 * (with an email address) added to the list, a click on its checkbox, mouse moves. 10 events.
 */
export function sampleRecording(start = PAGE_LOAD): RecordedEvent[] {
  const t = (ms: number): number => start + ms
  return [
    meta(t(0), 'http://127.0.0.1:5173/'),
    snapshot(t(5), documentWith(el(10, 'input', { class: 'new-todo' }), el(11, 'ul', { class: 'todo-list' }))),
    mouseMove(t(200)),
    click(t(300), 10),
    input(t(900), 10, 'call jane.doe@example.com'),
    mutation(t(1000), {
      adds: [
        {
          parentId: 11,
          nextId: null,
          node: el(12, 'li', {}, [el(13, 'input', { class: 'toggle', type: 'checkbox' })])
        },
        { parentId: 12, nextId: null, node: el(14, 'label', {}, [text(15, 'call jane.doe@example.com')]) }
      ]
    }),
    input(t(1001), 10, ''),
    mouseMove(t(1500)),
    click(t(1800), 13),
    input(t(1801), 13, '', true)
  ]
}

/** The ways a file can be bad, one badFiles() entry each. */
export type BadFileKind =
  | 'notJson'
  | 'jsonNotEvents'
  | 'jsonArrayNotEvents'
  | 'noFullSnapshot'
  | 'outOfOrder'
  | 'truncatedGzip'
  | 'unsupportedVersion'
  | 'emptyArray'

export interface BadFile {
  file: Buffer
  name: string
}

const HOUR_MS = 3_600_000

/**
 * One file per way an import can be refused, built from a valid recording (`events`, sampleRecording() by
 * default; it needs a FullSnapshot). `name` is what a user might have called it.
 */
export function badFiles(events: RecordedEvent[] = sampleRecording()): Record<BadFileKind, BadFile> {
  const firstSnapshot = events.find((e) => e.type === EventType.FullSnapshot)
  if (!firstSnapshot) throw new Error('badFiles needs a recording with a full snapshot')
  const incremental = events.filter((e) => e.type === EventType.IncrementalSnapshot)
  const full = rrwebArrayFile(events, { gzip: true })
  return {
    notJson: { name: 'notes.json', file: Buffer.from('hello, not json') },
    jsonNotEvents: { name: 'config.json', file: Buffer.from('{"hello": "world"}') },
    jsonArrayNotEvents: { name: 'numbers.json', file: Buffer.from('[1,2,3]') },
    noFullSnapshot: {
      name: 'no-snapshot.json',
      file: rrwebArrayFile(events.filter((e) => e.type !== EventType.FullSnapshot))
    },
    // The whole recording, then its incremental events again 3 hours before the page load they follow.
    outOfOrder: {
      name: 'out-of-order.json',
      file: rrwebArrayFile([...events, ...incremental.map((e) => ({ ...e, timestamp: e.timestamp - 3 * HOUR_MS }))])
    },
    truncatedGzip: { name: 'recording.json.gz', file: full.subarray(0, Math.floor(full.length / 2)) },
    unsupportedVersion: { name: 'posthog-export.json', file: posthogExportV1(events, { version: '2031-01-01' }) },
    emptyArray: { name: 'empty.json', file: Buffer.from('[]') }
  }
}

// writeBigRrwebFile's page: document(1) > html(2) > [head(3), body(4) > [h1(5) > text(6), ul.feed(7)]].
const FEED_ID = 7
const FIRST_ITEM_ID = 100
/** Items kept in the feed: each add past this many also removes the oldest, so a replay's DOM stays small. */
const KEEP_ITEMS = 200
const STEP_MS = 10
/** How much text is gathered before each write (fewer, larger writes are faster). */
const WRITE_CHUNK_CHARS = 1 << 20

/**
 * Streams a valid bare rrweb array of about `targetBytes` (a little over, by less than one event) to `path`:
 * a Meta, a FullSnapshot of a small page, then incremental events 10 ms apart cycling through two mutations
 * adding a list item with attributes and text (removing the oldest past KEEP_ITEMS), a text change on the
 * newest item and a mouse move. Events are built by string concatenation (no JSON.stringify, never the whole
 * text in memory) and written with backpressure. ASCII only, so characters are bytes.
 */
export async function writeBigRrwebFile(path: string, targetBytes: number): Promise<{ bytes: number; events: number }> {
  const out = createWriteStream(path)
  let bytes = 0
  let events = 0
  let pending = ''
  const flush = async (): Promise<void> => {
    bytes += pending.length
    const ok = out.write(pending)
    pending = ''
    if (!ok) await once(out, 'drain')
  }
  const start = PAGE_LOAD
  const head: RecordedEvent[] = [
    { type: EventType.Meta, timestamp: start, data: { href: 'http://127.0.0.1:5173/feed', width: 1280, height: 800 } },
    snapshot(
      start + STEP_MS,
      documentWith(el(5, 'h1', {}, [text(6, 'Big feed')]), el(FEED_ID, 'ul', { class: 'feed' }))
    )
  ]
  pending = '[' + head.map((e) => JSON.stringify(e)).join(',')
  events = head.length
  const incrementalHead = `{"type":${EventType.IncrementalSnapshot},"timestamp":`
  const mutationData = `,"data":{"source":${IncrementalSource.Mutation},"attributes":[],`
  const moveData = `,"data":{"source":${IncrementalSource.MouseMove},"positions":[{"x":`
  let items = 0
  let timestamp = start + STEP_MS
  // "]" closes the array: stop once the next event could not fit before it.
  while (bytes + pending.length < targetBytes - 1) {
    timestamp += STEP_MS
    const kind = (events - head.length) % 4
    let event: string
    if (kind < 2) {
      const li = FIRST_ITEM_ID + 2 * items
      const removes = items >= KEEP_ITEMS ? `{"parentId":${FEED_ID},"id":${li - 2 * KEEP_ITEMS}}` : ''
      event =
        incrementalHead +
        timestamp +
        mutationData +
        `"texts":[],"removes":[${removes}],"adds":[` +
        `{"parentId":${FEED_ID},"nextId":null,"node":{"type":2,"tagName":"li","attributes":{"class":"item item-${items % 7}","data-n":"${items}","title":"Item ${items}"},"childNodes":[],"id":${li}}},` +
        `{"parentId":${li},"nextId":null,"node":{"type":3,"textContent":"Item ${items}: something happened at step ${events}","id":${li + 1}}}]}}`
      items++
    } else if (kind === 2) {
      const newestText = FIRST_ITEM_ID + 2 * (items - 1) + 1
      event =
        incrementalHead +
        timestamp +
        mutationData +
        `"removes":[],"adds":[],"texts":[{"id":${newestText},"value":"Item ${items - 1}: changed at step ${events}"}]}}`
    } else {
      event =
        incrementalHead +
        timestamp +
        moveData +
        `${(events * 7) % 1280},"y":${(events * 3) % 800},"id":${FEED_ID},"timeOffset":0}]}}`
    }
    pending += ',' + event
    events++
    if (pending.length >= WRITE_CHUNK_CHARS) await flush()
  }
  pending += ']'
  await flush()
  out.end()
  await finished(out)
  return { bytes, events }
}
