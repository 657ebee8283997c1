import { gunzipSync, strFromU8 } from 'fflate'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FLUSH_INTERVAL_MS, FLUSH_MAX_EVENTS } from '../../src/shared/limits'
import type { ClientMeta, IngestBatch, RecorderConfig } from '../../src/shared/types'
import type { DeliveryQueue, OutgoingBatch } from '../../src/recorder/delivery-queue'
import { startRecorder, type SessionGate } from '../../src/recorder/recorder'
import type { RecordingSession } from '../../src/recorder/session'

const config: RecorderConfig = {
  maskLevel: 'moderate',
  blockSelector: null,
  maskSelector: null,
  sampleRate: 1,
  maxDurationMs: 60_000,
  console: 'errors',
  networkBodies: [],
  version: 'test'
}

const meta = (): ClientMeta => ({
  userAgent: 'test-agent',
  language: 'en',
  timezone: 'UTC',
  screen: { width: 1, height: 2 },
  viewport: { width: 3, height: 4 },
  url: `https://site.example/page-at-${Date.now()}`,
  referrer: '',
  config
})

const decode = (batch: OutgoingBatch): IngestBatch => JSON.parse(strFromU8(gunzipSync(batch.body)))

function fakeDelivery() {
  const added: OutgoingBatch[] = []
  const beforeUnload: (OutgoingBatch | undefined)[] = []
  const delivery: DeliveryQueue = {
    add: (batch) => void added.push(batch),
    flush: vi.fn(() => Promise.resolve()),
    sendBeforeUnload: (last) => void beforeUnload.push(last),
    size: 0
  }
  return { delivery, added, beforeUnload }
}

/** A session whose fork() moves it to 'Forked_SessionId_0000' with fresh counters, as session.ts does. */
function fakeSession({ deadline = 60_000, segment = 3 } = {}) {
  let nextSeq = 10
  let id = 'SessionId_1234567890ab'
  let currentSegment = segment
  const session: RecordingSession = {
    get id() {
      return id
    },
    get segment() {
      return currentSegment
    },
    deadline,
    continued: true,
    takeSeq: () => nextSeq++,
    fork() {
      id = 'Forked_SessionId_0000'
      currentSegment = 0
      nextSeq = 0
    },
    markDeleted() {}
  }
  return session
}

/** A gate the test opens: open() settles the check as the duplicate-tab guard would, fork() first if asked. */
function fakeGate(session: RecordingSession) {
  let open!: () => void
  const checked = new Promise<void>((resolve) => (open = resolve))
  const gate: SessionGate & { open(options?: { fork?: boolean }): void } = {
    checked,
    finishNow: vi.fn(() => open()),
    open({ fork = false } = {}) {
      if (fork) session.fork()
      open()
    }
  }
  return gate
}

/** Starts a recorder on a fake rrweb; `emit` plays rrweb, `stopRrweb` shows whether rrweb was stopped. */
function setup({ deadline = 60_000, segment = 3, emitOnStart = [] as unknown[], gated = false } = {}) {
  const session = fakeSession({ deadline, segment })
  const gate = gated ? fakeGate(session) : undefined
  const { delivery, added, beforeUnload } = fakeDelivery()
  const stopRrweb = vi.fn()
  let emit!: (event: unknown) => void
  const warn = vi.fn()
  const recorder = startRecorder({
    config,
    session,
    gate,
    delivery,
    startRecording: (rrwebEmit) => {
      emit = rrwebEmit
      emitOnStart.forEach((event) => rrwebEmit(event)) // rrweb snapshots synchronously on a loaded page
      return stopRrweb
    },
    collectMeta: meta,
    now: Date.now,
    warn
  })
  return { recorder, emit: (event: unknown) => emit(event), added, beforeUnload, delivery, stopRrweb, warn, gate }
}

const event = (timestamp: number) => ({ type: 3, timestamp, data: { source: 1, positions: [] } })

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(0)
})
afterEach(() => vi.useRealTimers())

describe('startRecorder', () => {
  it('sends gzipped IngestBatches with the session id, segment, a new seq each, meta and the events', () => {
    const { recorder, emit, added } = setup({ emitOnStart: [{ type: 4, timestamp: 0, data: {} }] })
    emit(event(1))
    vi.setSystemTime(1234)
    void recorder.flush()
    emit(event(2))
    void recorder.flush()

    expect(added.map((batch) => batch.seq)).toEqual([10, 11])
    const [first, second] = added.map(decode)
    expect(first).toEqual({
      v: 1,
      sessionId: 'SessionId_1234567890ab',
      seq: 10,
      segment: 3,
      sentAt: 1234,
      meta: { ...meta(), url: 'https://site.example/page-at-1234' },
      events: [{ type: 4, timestamp: 0, data: {} }, event(1)]
    })
    expect(second).toMatchObject({ seq: 11, segment: 3, events: [event(2)] })
  })

  it('flushes on the interval and on the event count', () => {
    const { emit, added } = setup()
    emit(event(1))
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS)
    expect(added.map((batch) => decode(batch).events.length)).toEqual([1])
    for (let n = 0; n < FLUSH_MAX_EVENTS; n++) emit(event(n))
    expect(added.map((batch) => decode(batch).events.length)).toEqual([1, FLUSH_MAX_EVENTS])
  })

  it('flush() hands what is buffered to delivery and waits for delivery.flush()', async () => {
    const { recorder, emit, added, delivery } = setup()
    emit(event(1))
    await recorder.flush()
    expect(added).toHaveLength(1)
    expect(delivery.flush).toHaveBeenCalledOnce()
  })

  it('stop() stops rrweb, sends what was buffered and ignores later events', () => {
    const { recorder, emit, added, stopRrweb } = setup()
    emit(event(1))
    recorder.stop()
    expect(stopRrweb).toHaveBeenCalledOnce()
    expect(recorder.recording).toBe(false)
    expect(added.map((batch) => decode(batch).events)).toEqual([[event(1)]])
    emit(event(2))
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS * 2)
    void recorder.flush()
    expect(added).toHaveLength(1)
  })

  it('addCustomEvent() records an rrweb custom event at once, before rrweb snapshots too; nothing after stop()', () => {
    // rrweb started on a page still loading has emitted nothing yet (it waits for the load event).
    const { recorder, added } = setup()
    vi.setSystemTime(42)
    recorder.addCustomEvent('console', { level: 'error', message: 'booting' })
    recorder.stop()
    recorder.addCustomEvent('console', { level: 'error', message: 'after stop' })
    void recorder.flush()
    expect(added.map((batch) => decode(batch).events)).toEqual([
      [{ type: 5, timestamp: 42, data: { tag: 'console', payload: { level: 'error', message: 'booting' } } }]
    ])
  })

  it('stops by itself at the session deadline, sending what it had', () => {
    const { recorder, emit, added, stopRrweb } = setup({ deadline: 7_000 })
    emit(event(1))
    vi.advanceTimersByTime(6_999)
    expect(recorder.recording).toBe(true)
    vi.advanceTimersByTime(1)
    expect(recorder.recording).toBe(false)
    expect(stopRrweb).toHaveBeenCalledOnce()
    expect(added.flatMap((batch) => decode(batch).events)).toEqual([event(1)])
  })

  it('stops at the deadline on the next event even if the timer was held back (background tab)', () => {
    const { recorder, emit, stopRrweb } = setup({ deadline: 7_000 })
    vi.setSystemTime(7_500) // the clock moved on, the timer has not fired
    emit(event(7_500))
    expect(recorder.recording).toBe(false)
    expect(stopRrweb).toHaveBeenCalledOnce()
  })

  it('stops rrweb when the deadline passes during the first synchronous snapshot', () => {
    vi.setSystemTime(10_000)
    const { recorder, stopRrweb, added } = setup({ deadline: 5_000, emitOnStart: [event(1)] })
    expect(recorder.recording).toBe(false)
    expect(stopRrweb).toHaveBeenCalledOnce()
    expect(added).toHaveLength(1)
  })

  it('keeps recording past the 24.8-day setTimeout limit instead of stopping at once', () => {
    const { recorder } = setup({ deadline: 2 ** 31 + 10_000 })
    vi.advanceTimersByTime(1)
    expect(recorder.recording).toBe(true)
  })

  it('flushBeforeUnload() passes the buffered events as the last batch, or nothing when the buffer is empty', () => {
    const { recorder, emit, beforeUnload, added } = setup()
    emit(event(1))
    recorder.flushBeforeUnload()
    recorder.flushBeforeUnload()
    expect(added).toHaveLength(0)
    expect(beforeUnload).toHaveLength(2)
    expect(decode(beforeUnload[0]!).events).toEqual([event(1)])
    expect(beforeUnload[1]).toBeUndefined()
  })

  it('never throws into the page when an event cannot be serialized; warns once', () => {
    const { emit, warn } = setup()
    const circular: Record<string, unknown> = { type: 3, timestamp: 1 }
    circular.data = circular
    expect(() => emit(circular)).not.toThrow()
    expect(() => emit(circular)).not.toThrow()
    expect(warn).toHaveBeenCalledOnce()
  })
})

describe('startRecorder with a session id that is not final yet (a tab that may be a copy of another)', () => {
  const snapshot = { type: 2, timestamp: 0, data: {} }

  it('records from the start but makes no batch until the id is final; then makes them with the final id', async () => {
    const { recorder, emit, added, gate } = setup({ gated: true, emitOnStart: [snapshot] })
    expect(recorder.recording).toBe(true)
    emit(event(1))
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS)
    emit(event(2))
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS)
    expect(added).toHaveLength(0)

    gate!.open({ fork: true })
    await vi.advanceTimersByTimeAsync(0)
    expect(recorder.sessionId).toBe('Forked_SessionId_0000')
    expect(
      added.map(decode).map(({ sessionId, seq, segment, events }) => ({ sessionId, seq, segment, events }))
    ).toEqual([
      { sessionId: 'Forked_SessionId_0000', seq: 0, segment: 0, events: [snapshot, event(1)] },
      { sessionId: 'Forked_SessionId_0000', seq: 1, segment: 0, events: [event(2)] }
    ])
    emit(event(3))
    void recorder.flush()
    expect(decode(added[2]!)).toMatchObject({ sessionId: 'Forked_SessionId_0000', seq: 2, events: [event(3)] })
  })

  it('keeps the id it has when the check ends without a fork', async () => {
    const { emit, added, gate } = setup({ gated: true })
    emit(event(1))
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS)
    gate!.open()
    await vi.advanceTimersByTimeAsync(0)
    expect(added.map(decode).map((batch) => [batch.sessionId, batch.seq])).toEqual([['SessionId_1234567890ab', 10]])
  })

  it('flush() waits for the check, then delivers what was recorded and flushes delivery', async () => {
    const { recorder, emit, added, delivery, gate } = setup({ gated: true })
    emit(event(1))
    let flushed = false
    void recorder.flush().then(() => (flushed = true))
    await vi.advanceTimersByTimeAsync(0)
    expect([flushed, added.length]).toEqual([false, 0])
    gate!.open({ fork: true })
    await vi.advanceTimersByTimeAsync(0)
    expect(flushed).toBe(true)
    expect(added.map((batch) => decode(batch).sessionId)).toEqual(['Forked_SessionId_0000'])
    expect(delivery.flush).toHaveBeenCalledOnce()
  })

  it('a page leaving before the answer ends the check and sends everything at once, synchronously', () => {
    const { recorder, emit, added, beforeUnload, gate } = setup({ gated: true, emitOnStart: [snapshot] })
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS)
    emit(event(1))
    recorder.flushBeforeUnload()
    expect(gate!.finishNow).toHaveBeenCalledOnce()
    expect(added.map(decode).map((batch) => [batch.seq, batch.events])).toEqual([[10, [snapshot]]])
    expect(decode(beforeUnload[0]!)).toMatchObject({ seq: 11, events: [event(1)] })
  })
})
