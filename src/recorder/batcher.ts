export interface BatcherOptions {
  maxEvents: number
  /** Flush once the buffered events' JSON reaches this many characters (an estimate of raw bytes). */
  maxRawBytes: number
  intervalMs: number
  /** Receives the buffered events, each already serialized to JSON, oldest first. Never called empty. */
  onFlush: (eventJsons: string[]) => void
}

export interface Batcher {
  add(event: unknown): void
  /** Hands whatever is buffered to onFlush now. */
  flush(): void
  /** Removes and returns whatever is buffered without calling onFlush (the unload path sends it itself). */
  take(): string[]
  start(): void
  stop(): void
}

/**
 * Buffers events and flushes on whichever comes first: the interval, the event count or the size.
 * Each event is serialized once, on arrival: that JSON measures the batch and is spliced into the request body
 * as is, so estimating the size costs nothing extra and later changes to the event object cannot leak in.
 */
export function createBatcher({ maxEvents, maxRawBytes, intervalMs, onFlush }: BatcherOptions): Batcher {
  let buffered: string[] = []
  let bufferedChars = 0
  let interval: ReturnType<typeof setInterval> | undefined

  const take = (): string[] => {
    const events = buffered
    buffered = []
    bufferedChars = 0
    return events
  }
  const flush = (): void => {
    if (buffered.length > 0) onFlush(take())
  }

  return {
    add(event) {
      const json = JSON.stringify(event)
      buffered.push(json)
      bufferedChars += json.length
      if (buffered.length >= maxEvents || bufferedChars >= maxRawBytes) flush()
    },
    flush,
    take,
    start() {
      // A fixed interval, not a debounce: a page that never goes quiet must still send every few seconds.
      interval ??= setInterval(flush, intervalMs)
    },
    stop() {
      clearInterval(interval)
      interval = undefined
    }
  }
}
