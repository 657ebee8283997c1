/** One gzipped batch waiting to be accepted by the receiver. Its body (and so its seq) never changes on retry. */
export interface OutgoingBatch {
  seq: number
  body: Uint8Array<ArrayBuffer>
}

export interface DeliveryOptions {
  /** Sends one body; resolves with the HTTP status, rejects on a network error, may throw if it cannot start. */
  post: (body: Uint8Array<ArrayBuffer>, keepalive: boolean) => Promise<number>
  /** navigator.sendBeacon: true when the browser has taken the body, with no way to learn the response. */
  beacon: (body: Uint8Array<ArrayBuffer>) => boolean
  warn: (message: string) => void
  /**
   * The receiver answered 410: the developer deleted this session in the app. Nothing more of it is
   * wanted; the queue empties and takes no more batches.
   */
  onSessionGone?: () => void
  /**
   * The receiver answered 401 or 403: this page may not record into it (a wrong or missing data-key, an
   * origin not on its allow-list). No later batch would be taken either; the queue empties and stops.
   */
  onRefused?: (status: number) => void
  maxBatches?: number
  maxQueuedBytes?: number
  baseRetryDelayMs?: number
  maxRetryDelayMs?: number
  /** Browsers refuse keepalive requests once the bodies in flight would exceed 64 KiB together. */
  keepaliveBudgetBytes?: number
}

export interface DeliveryQueue {
  /** Queues a batch and starts sending it now, unless a retry is already scheduled. */
  add(batch: OutgoingBatch): void
  /**
   * Tries everything queued now, skipping any wait for a retry; resolves once each has been tried
   * (sent, rejected, or failed again and rescheduled). Never rejects.
   */
  flush(): Promise<void>
  /**
   * The page may be going away (pagehide, or hidden and maybe never shown again): start a request that can
   * outlive it for every queued batch, the one given first. Synchronous on purpose: nothing after this is
   * guaranteed to run.
   */
  sendBeforeUnload(last?: OutgoingBatch): void
  /** How many batches wait for the receiver's 2xx (or a rejection). */
  readonly size: number
}

interface QueuedBatch extends OutgoingBatch {
  /** The request now carrying this batch, if any; resolves when it settles. */
  attempt: Promise<void> | null
  viaKeepalive: boolean
}

export type ResponseVerdict = 'sent' | 'retry' | 'rejected' | 'gone' | 'refused'

/**
 * Only 2xx counts as sent. Other 4xx means the receiver will never take this body, so resending is pointless;
 * 408 and 429 are the 4xx that mean "later"; 410, that the session itself was deleted; 401 and 403, that this
 * page may not record at all. 5xx, redirects and anything odd are retried.
 */
export function judgeResponse(status: number): ResponseVerdict {
  if (status >= 200 && status < 300) return 'sent'
  if (status === 410) return 'gone'
  if (status === 401 || status === 403) return 'refused'
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'rejected'
  return 'retry'
}

/**
 * Sends batches one at a time, oldest first, retrying with exponential backoff while the receiver is away.
 * The queue is bounded (a receiver that never comes back must not eat the page's memory): past the bounds
 * the oldest batch is dropped with a warning. Resending a batch the receiver already has is harmless because
 * it dedupes on (sessionId, seq), which is why the unload path may send a batch whose request is in flight.
 */
export function createDeliveryQueue({
  post,
  beacon,
  warn,
  onSessionGone,
  onRefused,
  maxBatches = 50,
  maxQueuedBytes = 5 * 1024 * 1024,
  baseRetryDelayMs = 1000,
  maxRetryDelayMs = 30_000,
  keepaliveBudgetBytes = 64 * 1024
}: DeliveryOptions): DeliveryQueue {
  const queue: QueuedBatch[] = []
  let queuedBytes = 0
  let keepaliveBytesInFlight = 0
  let consecutiveFailures = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let draining: Promise<void> | null = null
  /** Set once the receiver said the session was deleted, or that this page may not record. */
  let gone = false

  const isQueued = (batch: QueuedBatch): boolean => queue.includes(batch)

  function remove(batch: QueuedBatch): void {
    const index = queue.indexOf(batch)
    if (index === -1) return // already gone: sent by a concurrent request, or dropped
    queue.splice(index, 1)
    queuedBytes -= batch.body.length
  }

  function enqueue(batch: OutgoingBatch): void {
    queue.push({ seq: batch.seq, body: batch.body, attempt: null, viaKeepalive: false })
    queuedBytes += batch.body.length
    while (queue.length > 1 && (queue.length > maxBatches || queuedBytes > maxQueuedBytes)) {
      const oldest = queue[0]!
      remove(oldest)
      warn(`the receiver has not accepted recorded data for a while; dropped batch ${oldest.seq}`)
    }
  }

  /** Starts a request for the batch; false if it could not even start (post threw). */
  function startAttempt(batch: QueuedBatch, keepalive: boolean): boolean {
    let request: Promise<number>
    try {
      request = post(batch.body, keepalive)
    } catch {
      return false
    }
    const bytes = batch.body.length
    if (keepalive) keepaliveBytesInFlight += bytes
    const attempt: Promise<void> = request
      .then(
        (status) => ({ status, verdict: judgeResponse(status) }),
        () => ({ status: 0, verdict: 'retry' as const })
      )
      .then(({ status, verdict }) => {
        if (verdict === 'retry') return
        if (verdict === 'gone') return stop(() => onSessionGone?.())
        if (verdict === 'refused') return stop(() => onRefused?.(status))
        if (verdict === 'rejected') warn(`the receiver rejected batch ${batch.seq}; not retrying it`)
        consecutiveFailures = 0
        remove(batch)
      })
      .finally(() => {
        if (keepalive) keepaliveBytesInFlight -= bytes
        if (batch.attempt === attempt) {
          batch.attempt = null
          batch.viaKeepalive = false
        }
      })
    batch.attempt = attempt
    batch.viaKeepalive = keepalive
    return true
  }

  /** The receiver will take nothing more from this page: drop everything, take nothing, tell once. */
  function stop(tell: () => void): void {
    if (gone) return
    gone = true
    queue.length = 0
    queuedBytes = 0
    clearTimeout(retryTimer)
    tell()
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue[0]!
      if (!batch.attempt) startAttempt(batch, false)
      await batch.attempt
      if (isQueued(batch)) {
        scheduleRetry()
        return
      }
    }
  }

  /** Starts draining unless a drain is running; returns the running drain. */
  function drainNow(): Promise<void> {
    clearTimeout(retryTimer)
    retryTimer = undefined
    draining ??= drain().finally(() => (draining = null))
    return draining
  }

  function scheduleRetry(): void {
    consecutiveFailures += 1
    const delay = Math.min(baseRetryDelayMs * 2 ** (consecutiveFailures - 1), maxRetryDelayMs)
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => void drainNow(), delay)
  }

  return {
    add(batch) {
      if (gone) return
      enqueue(batch)
      if (retryTimer === undefined) void drainNow()
    },
    flush() {
      return drainNow()
    },
    sendBeforeUnload(last) {
      if (gone) return
      if (last) enqueue(last)
      for (const batch of queue.slice()) {
        if (batch.viaKeepalive) continue // already on a request that survives the page
        const fitsKeepalive = keepaliveBytesInFlight + batch.body.length <= keepaliveBudgetBytes
        if (fitsKeepalive && startAttempt(batch, true)) {
          // If the page lives on (it was only hidden), a failed keepalive request is retried as usual.
          void batch.attempt!.then(() => {
            if (isQueued(batch) && !draining && retryTimer === undefined) scheduleRetry()
          })
          continue
        }
        // The beacon gives no response: taking it on is the best evidence of delivery there is.
        if (beacon(batch.body)) remove(batch)
      }
    },
    get size() {
      return queue.length
    }
  }
}
