import { gunzipSync, strFromU8 } from 'fflate'
import { clientMeta } from '../helpers/client-meta'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FLUSH_INTERVAL_MS, FLUSH_MAX_EVENTS, FLUSH_MAX_RAW_BYTES } from '../../src/shared/limits'
import type { IngestBatch } from '../../src/shared/types'
import { encodeBatchBody, serializeBatch, type BatchEnvelope } from '../../src/recorder/batch-body'
import { createBatcher } from '../../src/recorder/batcher'

function batcherWithSpy() {
  const flushed: string[][] = []
  const batcher = createBatcher({
    maxEvents: FLUSH_MAX_EVENTS,
    maxRawBytes: FLUSH_MAX_RAW_BYTES,
    intervalMs: FLUSH_INTERVAL_MS,
    onFlush: (events) => flushed.push(events)
  })
  return { batcher, flushed }
}

const smallEvent = (n: number) => ({ type: 3, timestamp: n, data: { source: 1, n } })

describe('createBatcher', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('flushes as soon as FLUSH_MAX_EVENTS events are buffered', () => {
    const { batcher, flushed } = batcherWithSpy()
    for (let n = 0; n < FLUSH_MAX_EVENTS - 1; n++) batcher.add(smallEvent(n))
    expect(flushed).toHaveLength(0)
    batcher.add(smallEvent(FLUSH_MAX_EVENTS - 1))
    expect(flushed).toHaveLength(1)
    expect(flushed[0]).toHaveLength(FLUSH_MAX_EVENTS)
    expect(flushed[0]!.map((json) => JSON.parse(json).timestamp)).toEqual([...Array(FLUSH_MAX_EVENTS).keys()])
  })

  it('flushes as soon as the buffered JSON reaches FLUSH_MAX_RAW_BYTES', () => {
    const { batcher, flushed } = batcherWithSpy()
    const bigEvent = { type: 2, timestamp: 1, data: { html: 'x'.repeat(FLUSH_MAX_RAW_BYTES / 2) } }
    batcher.add(bigEvent)
    expect(flushed).toHaveLength(0)
    batcher.add(bigEvent)
    expect(flushed).toHaveLength(1)
    expect(flushed[0]).toHaveLength(2)
  })

  it('flushes one huge event (a full snapshot) on its own at once', () => {
    const { batcher, flushed } = batcherWithSpy()
    batcher.add({ type: 2, timestamp: 1, data: { html: 'x'.repeat(FLUSH_MAX_RAW_BYTES * 3) } })
    expect(flushed).toHaveLength(1)
  })

  it('flushes every FLUSH_INTERVAL_MS even while events keep arriving (an interval, not a debounce)', () => {
    const { batcher, flushed } = batcherWithSpy()
    batcher.start()
    for (let second = 0; second < 12; second++) {
      batcher.add(smallEvent(second))
      vi.advanceTimersByTime(1000)
    }
    expect(flushed.map((events) => events.length)).toEqual([5, 5])
  })

  it('does not call onFlush when there is nothing buffered', () => {
    const { batcher, flushed } = batcherWithSpy()
    batcher.start()
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS * 3)
    batcher.flush()
    expect(flushed).toHaveLength(0)
  })

  it('stops flushing on the interval once stopped', () => {
    const { batcher, flushed } = batcherWithSpy()
    batcher.start()
    batcher.stop()
    batcher.add(smallEvent(1))
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS * 2)
    expect(flushed).toHaveLength(0)
  })

  it('take() empties the buffer without calling onFlush', () => {
    const { batcher, flushed } = batcherWithSpy()
    batcher.add(smallEvent(1))
    batcher.add(smallEvent(2))
    expect(batcher.take().map((json) => JSON.parse(json).timestamp)).toEqual([1, 2])
    batcher.flush()
    expect(flushed).toHaveLength(0)
    expect(batcher.take()).toEqual([])
  })

  it('keeps the event as it was when emitted, even if the object changes later', () => {
    const { batcher, flushed } = batcherWithSpy()
    const event = smallEvent(1)
    batcher.add(event)
    event.data.n = 999
    batcher.flush()
    expect(JSON.parse(flushed[0]![0]!).data.n).toBe(1)
  })
})

describe('batch body', () => {
  const envelope: BatchEnvelope = {
    v: 1,
    sessionId: 'abcDEF123_-abcDEF123_-',
    seq: 7,
    segment: 2,
    sentAt: 1_700_000_000_000,
    meta: clientMeta({
      userAgent: 'UA "quoted" \u2028',
      language: 'de-DE',
      viewport: { width: 1200, height: 800 },
      url: 'https://shop.example/cart?x=1',
      config: { ...clientMeta().config, blockSelector: null, maskSelector: '.secret' }
    })
  }
  const events = [
    { type: 4, timestamp: 1, data: { href: 'https://shop.example/', width: 1, height: 2 } },
    { type: 3, timestamp: 2, data: { text: 'ünïcödé ✓ 🎉' } }
  ]

  it('serializes exactly like JSON.stringify of the whole IngestBatch', () => {
    const batch: IngestBatch = { ...envelope, events }
    expect(
      serializeBatch(
        envelope,
        events.map((e) => JSON.stringify(e))
      )
    ).toBe(JSON.stringify(batch))
    expect(serializeBatch(envelope, [])).toBe(JSON.stringify({ ...envelope, events: [] }))
  })

  it('is gzip (magic bytes 1f 8b) of the UTF-8 JSON', () => {
    const body = encodeBatchBody(
      envelope,
      events.map((e) => JSON.stringify(e))
    )
    expect([body[0], body[1]]).toEqual([0x1f, 0x8b])
    expect(JSON.parse(strFromU8(gunzipSync(body)))).toEqual({ ...envelope, events })
  })
})
