import { describe, expect, it } from 'vitest'
import type { EventChunkInfo, RecordedEvent } from '../../../shared/types'
import { loadChunks } from './chunk-loader'

const chunks: EventChunkInfo[] = Array.from({ length: 10 }, (_, index) => ({
  index,
  segment: 0,
  firstTs: index,
  lastTs: index,
  eventCount: 1
}))

/** Answers out of order (later chunks first) and records how many requests were in flight. */
function slowApi() {
  let inFlight = 0
  let maxInFlight = 0
  return {
    stats: () => ({ maxInFlight }),
    getEventChunk: async (_id: string, index: number): Promise<RecordedEvent[]> => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 20 - index))
      inFlight--
      return [{ type: 3, timestamp: index, data: {} }]
    }
  }
}

describe('loadChunks', () => {
  it('hands chunks over in playback order while keeping a few requests in flight', async () => {
    const api = slowApi()
    const seen: number[] = []
    await loadChunks(api, 's', chunks, (events) => void seen.push(events[0]!.timestamp), 4).done
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(api.stats().maxInFlight).toBe(4)
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

  it('rejects when a chunk fails', async () => {
    const api = {
      getEventChunk: async (_id: string, index: number) => {
        if (index === 2) throw new Error('gone')
        return []
      }
    }
    await expect(loadChunks(api, 's', chunks, () => {}).done).rejects.toThrow('gone')
  })
})
