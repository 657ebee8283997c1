import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createDeliveryQueue,
  judgeResponse,
  type DeliveryOptions,
  type OutgoingBatch
} from '../../src/recorder/delivery-queue'

const batch = (seq: number, bytes = 100): OutgoingBatch => ({ seq, body: new Uint8Array(bytes).fill(seq) })

interface PostCall {
  seq: number
  keepalive: boolean
  at: number
  body: Uint8Array
}

/** A fake receiver: answers each request from a script of statuses (an Error means a network failure). */
function receiver(answer: (call: PostCall) => number | Error | Promise<number>) {
  const calls: PostCall[] = []
  const post = vi.fn((body: Uint8Array<ArrayBuffer>, keepalive: boolean) => {
    const call = { seq: body[0]!, keepalive, at: Date.now(), body }
    calls.push(call)
    const result = answer(call)
    return result instanceof Error ? Promise.reject(result) : Promise.resolve(result)
  })
  return { calls, post }
}

function queueWith(post: DeliveryOptions['post'], options: Partial<DeliveryOptions> = {}) {
  const warn = vi.fn()
  const beacon = vi.fn((_body: Uint8Array<ArrayBuffer>) => true)
  const queue = createDeliveryQueue({ post, beacon, warn, ...options })
  return { queue, warn, beacon }
}

/** A promise the test resolves by hand, to hold a request in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(0)
})
afterEach(() => vi.useRealTimers())

describe('judgeResponse', () => {
  it.each([
    [200, 'sent'],
    [202, 'sent'],
    [204, 'sent'],
    [400, 'rejected'],
    [401, 'refused'],
    [403, 'refused'],
    [422, 'rejected'],
    [413, 'rejected'],
    [410, 'gone'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [302, 'retry'],
    [0, 'retry']
  ])('%i → %s', (status, verdict) => {
    expect(judgeResponse(status)).toBe(verdict)
  })
})

describe('createDeliveryQueue', () => {
  it('sends a batch at once, with a normal (not keepalive) request, and forgets it after a 2xx', async () => {
    const { calls, post } = receiver(() => 200)
    const { queue } = queueWith(post)
    queue.add(batch(0))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toMatchObject([{ seq: 0, keepalive: false, at: 0 }])
    expect(queue.size).toBe(0)
  })

  it('sends one batch at a time, oldest first', async () => {
    const pending = [deferred<number>(), deferred<number>(), deferred<number>()]
    const { calls, post } = receiver((call) => pending[call.seq]!.promise)
    const { queue } = queueWith(post)
    queue.add(batch(0))
    queue.add(batch(1))
    queue.add(batch(2))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.map((c) => c.seq)).toEqual([0])
    pending[0]!.resolve(200)
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.map((c) => c.seq)).toEqual([0, 1])
    pending[1]!.resolve(200)
    pending[2]!.resolve(200)
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.map((c) => c.seq)).toEqual([0, 1, 2])
    expect(queue.size).toBe(0)
  })

  it('retries with exponential backoff capped at 30 s, resending the very same body', async () => {
    const { calls, post } = receiver(() => 503)
    const { queue } = queueWith(post)
    const sent = batch(4)
    queue.add(sent)
    await vi.advanceTimersByTimeAsync(100_000)
    const gaps = calls.slice(1).map((call, i) => call.at - calls[i]!.at)
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000])
    expect(calls.every((call) => call.body === sent.body && call.seq === 4)).toBe(true)
    expect(queue.size).toBe(1)
  })

  it.each([
    ['a network error', new Error('offline')],
    ['408', 408],
    ['429', 429],
    ['500', 500]
  ])('retries after %s', async (_label, firstAnswer) => {
    const { calls, post } = receiver(() => (calls.length === 1 ? firstAnswer : 200) as number | Error)
    const { queue } = queueWith(post)
    queue.add(batch(0))
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toHaveLength(2)
    expect(queue.size).toBe(0)
  })

  it.each([400, 413, 422])('does not retry a batch the receiver rejected with %i, and says so', async (status) => {
    const { calls, post } = receiver(() => status)
    const { queue, warn } = queueWith(post)
    queue.add(batch(9))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toHaveLength(1)
    expect(queue.size).toBe(0)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('rejected batch 9'))
  })

  it('moves on to the next batch after a rejection', async () => {
    const { calls, post } = receiver((call) => (call.seq === 0 ? 400 : 200))
    const { queue } = queueWith(post)
    queue.add(batch(0))
    queue.add(batch(1))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.map((c) => c.seq)).toEqual([0, 1])
    expect(queue.size).toBe(0)
  })

  it.each([
    [410, 'the session was deleted in the app', 'onSessionGone'],
    [401, 'a wrong ingest key', 'onRefused'],
    [403, 'an origin the app does not allow', 'onRefused']
  ] as const)('on %i (%s) empties the queue, says so once and takes no more batches', async (status, _why, told) => {
    const { calls, post } = receiver(() => status)
    const onSessionGone = vi.fn()
    const onRefused = vi.fn()
    const { queue, warn, beacon } = queueWith(post, { onSessionGone, onRefused })
    queue.add(batch(1))
    queue.add(batch(2))
    await queue.flush()
    const callbacks = { onSessionGone, onRefused }
    // onRefused hears the status (a 401 and a 403 mean different fixes); onSessionGone needs none.
    expect(callbacks[told]).toHaveBeenCalledExactlyOnceWith(...(told === 'onRefused' ? [status] : []))
    expect(callbacks[told === 'onRefused' ? 'onSessionGone' : 'onRefused']).not.toHaveBeenCalled()
    expect(queue.size).toBe(0)
    queue.add(batch(3))
    queue.sendBeforeUnload(batch(4))
    await vi.runAllTimersAsync()
    expect(calls.map((call) => call.seq)).toEqual([1])
    expect(beacon).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  it('starts the backoff over after a success', async () => {
    let up = false
    const { calls, post } = receiver(() => (up ? 200 : 503))
    const { queue } = queueWith(post)
    queue.add(batch(0))
    await vi.advanceTimersByTimeAsync(1000 + 2000) // attempts at 0, 1 s, 3 s; next would wait 4 s
    up = true
    await vi.advanceTimersByTimeAsync(4000)
    expect(queue.size).toBe(0)
    up = false
    const before = calls.length
    queue.add(batch(1))
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls.length - before).toBe(2) // the first try and a retry after 1 s, not 8 s
  })

  it('waits for the scheduled retry instead of hammering a receiver that is down when batches keep coming', async () => {
    const { calls, post } = receiver(() => 503)
    const { queue } = queueWith(post)
    queue.add(batch(0))
    await vi.advanceTimersByTimeAsync(10)
    queue.add(batch(1))
    queue.add(batch(2))
    await vi.advanceTimersByTimeAsync(500)
    expect(calls).toHaveLength(1)
  })

  it('drops the oldest batch, with a warning, past maxBatches', async () => {
    let up = false
    const { calls, post } = receiver(() => (up ? 200 : 503))
    const { queue, warn } = queueWith(post, { maxBatches: 3 })
    for (let seq = 0; seq < 5; seq++) queue.add(batch(seq))
    expect(queue.size).toBe(3)
    expect(warn).toHaveBeenCalledTimes(2)
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining('dropped batch 0'),
      expect.stringContaining('dropped batch 1')
    ])
    await vi.advanceTimersByTimeAsync(0)
    up = true
    calls.length = 0
    await queue.flush()
    expect(calls.map((c) => c.seq)).toEqual([2, 3, 4])
  })

  it('drops the oldest batches past maxQueuedBytes, but never the newest one', () => {
    const { post } = receiver(() => 503)
    const { queue, warn } = queueWith(post, { maxQueuedBytes: 250 })
    queue.add(batch(0, 100))
    queue.add(batch(1, 100))
    expect(queue.size).toBe(2)
    queue.add(batch(2, 100))
    expect(queue.size).toBe(2)
    queue.add(batch(3, 1000))
    expect(queue.size).toBe(1)
    expect(warn).toHaveBeenCalledTimes(3)
  })

  describe('flush()', () => {
    it('resolves once every queued batch has been sent', async () => {
      const { calls, post } = receiver(() => 200)
      const { queue } = queueWith(post)
      queue.add(batch(0))
      queue.add(batch(1))
      queue.add(batch(2))
      await queue.flush()
      expect(calls.map((c) => c.seq)).toEqual([0, 1, 2])
      expect(queue.size).toBe(0)
    })

    it('tries again at once instead of waiting out the backoff', async () => {
      const { calls, post } = receiver(() => (calls.length === 1 ? 503 : 200))
      const { queue } = queueWith(post)
      queue.add(batch(0))
      await vi.advanceTimersByTimeAsync(0)
      await queue.flush()
      expect(calls.map((c) => c.at)).toEqual([0, 0])
      expect(queue.size).toBe(0)
    })

    it('resolves (does not reject) while the receiver is down, keeping the batch for later', async () => {
      const { calls, post } = receiver(() => new Error('connection refused'))
      const { queue } = queueWith(post)
      queue.add(batch(0))
      await expect(queue.flush()).resolves.toBeUndefined()
      expect(queue.size).toBe(1)
      await vi.advanceTimersByTimeAsync(1000)
      expect(calls).toHaveLength(2)
    })

    it('also covers a batch added while a request was in flight', async () => {
      const first = deferred<number>()
      const { calls, post } = receiver((call) => (call.seq === 0 ? first.promise : 200))
      const { queue } = queueWith(post)
      queue.add(batch(0))
      const flushed = queue.flush()
      queue.add(batch(1))
      first.resolve(200)
      await flushed
      expect(calls.map((c) => c.seq)).toEqual([0, 1])
      expect(queue.size).toBe(0)
    })
  })

  describe('sendBeforeUnload()', () => {
    it('sends the last batch with keepalive, and no normal request for it', async () => {
      const { calls, post } = receiver(() => 200)
      const { queue, beacon } = queueWith(post)
      queue.sendBeforeUnload(batch(3))
      expect(calls).toMatchObject([{ seq: 3, keepalive: true }])
      expect(beacon).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(0)
      expect(queue.size).toBe(0)
    })

    it('also sends what is waiting for a retry', async () => {
      const { calls, post } = receiver(() => (calls.length === 1 ? 503 : 200))
      const { queue } = queueWith(post)
      queue.add(batch(0))
      await vi.advanceTimersByTimeAsync(0)
      queue.sendBeforeUnload(batch(1))
      expect(calls.map((c) => [c.seq, c.keepalive])).toEqual([
        [0, false],
        [0, true],
        [1, true]
      ])
    })

    it('uses sendBeacon for a body over the 64 KiB keepalive limit', () => {
      const { calls, post } = receiver(() => 200)
      const { queue, beacon } = queueWith(post)
      const big = batch(1, 64 * 1024 + 1)
      queue.sendBeforeUnload(big)
      expect(calls).toHaveLength(0)
      expect(beacon).toHaveBeenCalledWith(big.body)
      expect(queue.size).toBe(0)
    })

    it('keeps 64 KiB as the budget for all keepalive bodies in flight together', () => {
      const { calls, post } = receiver(() => new Promise<number>(() => {}))
      const { queue, beacon } = queueWith(post)
      queue.add(batch(0, 30 * 1024)) // in flight (normal request) and so resent below
      queue.add(batch(1, 30 * 1024))
      queue.sendBeforeUnload(batch(2, 30 * 1024))
      expect(calls.filter((c) => c.keepalive).map((c) => c.seq)).toEqual([0, 1])
      expect(beacon).toHaveBeenCalledOnce()
      expect(beacon.mock.calls[0]![0]![0]).toBe(2)
    })

    it('falls back to sendBeacon when fetch throws', () => {
      const post = vi.fn(() => {
        throw new TypeError('fetch is broken on this page')
      })
      const { queue, beacon } = queueWith(post)
      queue.sendBeforeUnload(batch(0))
      expect(beacon).toHaveBeenCalledOnce()
      expect(queue.size).toBe(0)
    })

    it('keeps the batch queued when sendBeacon declines it', () => {
      const { post } = receiver(() => 200)
      const declining = vi.fn(() => false)
      const { queue } = queueWith(post, { beacon: declining })
      queue.sendBeforeUnload(batch(0, 100 * 1024))
      expect(declining).toHaveBeenCalledOnce()
      expect(queue.size).toBe(1)
    })

    it('does not send a batch twice with keepalive when pagehide follows visibilitychange', () => {
      const { calls, post } = receiver(() => new Promise<number>(() => {}))
      const { queue } = queueWith(post)
      queue.sendBeforeUnload(batch(0))
      queue.sendBeforeUnload()
      expect(calls).toHaveLength(1)
    })

    it('retries as usual when the page lives on and the keepalive request failed', async () => {
      const { calls, post } = receiver(() => (calls.length === 1 ? new Error('offline') : 200))
      const { queue } = queueWith(post)
      queue.sendBeforeUnload(batch(0))
      await vi.advanceTimersByTimeAsync(999)
      expect(calls).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(calls.map((c) => c.keepalive)).toEqual([true, false])
      expect(queue.size).toBe(0)
    })
  })
})
