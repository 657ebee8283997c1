import { describe, expect, it } from 'vitest'
import type { EventChunkInfo, RecordedEvent } from '../../../shared/types'
import { loadChunks, planRanges, RANGE_MAX_CHUNKS, RANGE_MAX_EVENTS } from './chunk-loader'

const chunkInfos = (counts: number[], firstIndex = 0): EventChunkInfo[] =>
  counts.map((eventCount, i) => ({ index: firstIndex + i, segment: 0, firstTs: i, lastTs: i, eventCount }))

const chunks = chunkInfos(Array.from({ length: 10 }, () => 1))

/** Answers out of order (later ranges first) and records how many requests were in flight. */
function slowApi() {
  let inFlight = 0
  let maxInFlight = 0
  const calls: [number, number][] = []
  return {
    stats: () => ({ maxInFlight, calls }),
    getEventChunks: async (_id: string, from: number, count: number): Promise<RecordedEvent[][]> => {
      calls.push([from, count])
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 20 - from))
      inFlight--
      return Array.from({ length: count }, (_, i) => [{ type: 3, timestamp: from + i, data: {} }])
    }
  }
}

describe('planRanges', () => {
  it('groups consecutive chunks up to the event and chunk limits', () => {
    const ranges = planRanges(chunkInfos([RANGE_MAX_EVENTS - 10, 5, 5, 1, RANGE_MAX_EVENTS * 2, 3]))
    expect(ranges.map((range) => range.map((chunk) => chunk.index))).toEqual([[0], [1, 2, 3], [4], [5]])
    const many = planRanges(chunkInfos(Array.from({ length: RANGE_MAX_CHUNKS * 2 + 1 }, () => 1)))
    expect(many.map((range) => range.length)).toEqual([RANGE_MAX_CHUNKS, RANGE_MAX_CHUNKS, 1])
  })

  it('starts small and doubles, so progress follows what has arrived from the first moment', () => {
    const ranges = planRanges(chunkInfos(Array.from({ length: 400 }, () => 100)))
    expect(ranges.map((range) => range.length)).toEqual([10, 20, 40, 80, 100, 100, 50])
  })

  it('never joins chunks whose indices are not consecutive', () => {
    const gap = [...chunkInfos([1, 1]), ...chunkInfos([1], 5)]
    expect(planRanges(gap).map((range) => range.map((chunk) => chunk.index))).toEqual([[0, 1], [5]])
  })
})

describe('loadChunks', () => {
  it('hands chunks over in playback order while keeping a few range requests in flight', async () => {
    const api = slowApi()
    const seen: number[] = []
    const big = chunkInfos(Array.from({ length: 10 }, () => RANGE_MAX_EVENTS / 2))
    await loadChunks(api, 's', big, (events) => void seen.push(events[0]!.timestamp), 3).done
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(api.stats().calls).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 2],
      [6, 2],
      [8, 2]
    ])
    expect(api.stats().maxInFlight).toBe(3)
  })

  it('asks for small chunks in one request', async () => {
    const api = slowApi()
    await loadChunks(api, 's', chunks, () => {}).done
    expect(api.stats().calls).toEqual([[0, 10]])
  })

  it('stops handing over after cancel', async () => {
    const seen: number[] = []
    const load = loadChunks(slowApi(), 's', chunks, (events) => {
      seen.push(events[0]!.timestamp)
      if (seen.length === 3) load.cancel()
    })
    await load.done
    expect(seen).toEqual([0, 1, 2])
  })

  it('rejects when a range fails or comes back short', async () => {
    const failing = { getEventChunks: async () => Promise.reject(new Error('gone')) }
    await expect(loadChunks(failing, 's', chunks, () => {}).done).rejects.toThrow('gone')
    const short = { getEventChunks: async () => [[]] }
    await expect(loadChunks(short, 's', chunks, () => {}).done).rejects.toThrow(/got 1/)
  })
})
