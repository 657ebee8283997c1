// The import fixtures (tests/helpers/import-files.ts) are what they claim: each file parsed back holds the
// events it was built from, in the layout its format has; a fixture that lied would make import tests pass
// or fail for the wrong reason.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { EventType, IncrementalSource } from '@rrweb/types'
import { afterAll, describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../../src/shared/types'
import {
  badFiles,
  POSTHOG_RECORDING_ID,
  POSTHOG_WINDOW_IDS,
  posthogExportV1,
  posthogExportV2,
  rrwebArrayFile,
  rrwebObjectFile,
  sampleRecording,
  umamiChunks,
  writeBigRrwebFile
} from '../helpers/import-files'
import { tempDir } from '../helpers/test-core'

const events = sampleRecording()
const parse = (file: Buffer): unknown => JSON.parse(file.toString('utf8'))
const isGzip = (file: Buffer): boolean => file[0] === 0x1f && file[1] === 0x8b
const fullSnapshots = (list: RecordedEvent[]): number => list.filter((e) => e.type === EventType.FullSnapshot).length

const dir = tempDir('ri-import-fixtures-')
afterAll(() => dir.remove())

describe('import fixtures', () => {
  it('the sample recording has a Meta, one FullSnapshot, clicks and inputs', () => {
    expect(events[0]?.type).toBe(EventType.Meta)
    expect(fullSnapshots(events)).toBe(1)
    const sources = events
      .filter((e) => e.type === EventType.IncrementalSnapshot)
      .map((e) => (e.data as { source: number }).source)
    expect(sources).toContain(IncrementalSource.MouseInteraction)
    expect(sources).toContain(IncrementalSource.Input)
  })

  it('rrweb files: a bare array and {"events": [...]}, gzip only when asked', () => {
    expect(parse(rrwebArrayFile(events))).toEqual(events)
    expect(parse(rrwebObjectFile(events))).toEqual({ events })
    const gzipped = rrwebArrayFile(events, { gzip: true })
    expect(isGzip(gzipped)).toBe(true)
    expect(isGzip(rrwebArrayFile(events))).toBe(false)
    expect(parse(gunzipSync(gzipped))).toEqual(events)
    expect(parse(gunzipSync(rrwebObjectFile(events, { gzip: true })))).toEqual({ events })
  })

  it('PostHog v1: one window holds every event; two windows split them, each from its own snapshot', () => {
    type V1 = { version: string; data: { person: unknown; snapshotsByWindowId: Record<string, RecordedEvent[]> } }
    const one = parse(posthogExportV1(events)) as V1
    expect(one.version).toBe('2022-12-02')
    expect(one.data.person).toEqual({ distinct_ids: ['user-1'], properties: { $os: 'Linux', $browser: 'Chrome' } })
    expect(one.data.snapshotsByWindowId).toEqual({ [POSTHOG_WINDOW_IDS[0]]: events })

    const two = parse(gunzipSync(posthogExportV1(events, { windows: 2, gzip: true }))) as V1
    const [first = [], second = []] = Object.values(two.data.snapshotsByWindowId)
    const windows = [first, second]
    expect(Object.keys(two.data.snapshotsByWindowId)).toEqual(POSTHOG_WINDOW_IDS.slice(0, 2))
    for (const window of windows) {
      expect(window.slice(0, 2).map((e) => e.type)).toEqual([EventType.Meta, EventType.FullSnapshot])
      expect(fullSnapshots(window)).toBe(1)
      expect(window.map((e) => e.timestamp)).toEqual([...window.map((e) => e.timestamp)].sort((a, b) => a - b))
    }
    // Without the second window's copied Meta and snapshot, the windows are the recording in order.
    expect([...first, ...second.slice(2)]).toEqual(events)
  })

  it('PostHog v2: a flat snapshot list, each event with its windowId', () => {
    type V2 = {
      version: string
      data: { id: string; person: unknown; snapshots: (RecordedEvent & { windowId: string })[] }
    }
    const one = parse(posthogExportV2(events)) as V2
    expect(one.version).toBe('2023-04-28')
    expect(one.data.id).toBe(POSTHOG_RECORDING_ID)
    expect(one.data.snapshots.map(({ windowId, ...event }) => [windowId, event])).toEqual(
      events.map((event) => [POSTHOG_WINDOW_IDS[0], event])
    )
    const two = parse(posthogExportV2(events, { windows: 2 })) as V2
    expect(two.data.snapshots).toHaveLength(events.length + 2)
    const second = two.data.snapshots.filter((e) => e.windowId === POSTHOG_WINDOW_IDS[1])
    expect(second.slice(0, 2).map((e) => e.type)).toEqual([EventType.Meta, EventType.FullSnapshot])
    expect(new Set(two.data.snapshots.map((e) => e.windowId)).size).toBe(2)
  })

  it('Umami: gzip JSON arrays, consecutive, only the first with the full snapshot', () => {
    const chunks = umamiChunks(events, 3)
    expect(chunks).toHaveLength(3)
    expect(chunks.every(isGzip)).toBe(true)
    const parts = chunks.map((chunk) => parse(gunzipSync(chunk)) as RecordedEvent[])
    expect(parts.flat()).toEqual(events)
    expect(parts.map(fullSnapshots)).toEqual([1, 0, 0])
    expect(() => umamiChunks(events, events.length)).toThrow(/full snapshot/)
  })

  it('bad files are each bad in the way their name says', () => {
    const bad = badFiles()
    expect(() => parse(bad.notJson.file)).toThrow()
    expect(parse(bad.jsonNotEvents.file)).toEqual({ hello: 'world' })
    expect(parse(bad.jsonArrayNotEvents.file)).toEqual([1, 2, 3])
    const noSnapshot = parse(bad.noFullSnapshot.file) as RecordedEvent[]
    expect(noSnapshot.length).toBe(events.length - 1)
    expect(fullSnapshots(noSnapshot)).toBe(0)
    const outOfOrder = parse(bad.outOfOrder.file) as RecordedEvent[]
    const loadAt = outOfOrder.find((e) => e.type === EventType.FullSnapshot)!.timestamp
    const tail = outOfOrder.slice(events.length)
    expect(tail.length).toBeGreaterThan(0)
    expect(tail.every((e) => e.type === EventType.IncrementalSnapshot && e.timestamp < loadAt - 2.9 * 3_600_000)).toBe(
      true
    )
    expect(isGzip(bad.truncatedGzip.file)).toBe(true)
    expect(() => gunzipSync(bad.truncatedGzip.file)).toThrow()
    expect((parse(bad.unsupportedVersion.file) as { version: string }).version).toBe('2031-01-01')
    expect(parse(bad.emptyArray.file)).toEqual([])
  })

  it('the big-file writer streams a valid rrweb array of about the size asked, with the events it reports', async () => {
    const path = join(dir.path, 'big.json')
    const target = 5_000_000
    const { bytes, events: count } = await writeBigRrwebFile(path, target)
    const text = readFileSync(path)
    expect(text.length).toBe(bytes)
    expect(bytes).toBeGreaterThanOrEqual(target)
    expect(bytes).toBeLessThan(target + 1000)
    const parsed = JSON.parse(text.toString('utf8')) as RecordedEvent[]
    expect(parsed).toHaveLength(count)
    expect(parsed.slice(0, 2).map((e) => e.type)).toEqual([EventType.Meta, EventType.FullSnapshot])
    expect(fullSnapshots(parsed)).toBe(1)
    const steps = parsed.slice(1).map((e, i) => e.timestamp - parsed[i]!.timestamp)
    expect(new Set(steps)).toEqual(new Set([10]))
    const sources = new Set(parsed.slice(2).map((e) => (e.data as { source: number }).source))
    expect(sources).toEqual(new Set([IncrementalSource.Mutation, IncrementalSource.MouseMove]))
  })
})
