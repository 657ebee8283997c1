import { SESSION_STORAGE_KEY, type RecordingSession } from './session'
import type { StorageLike } from './storage'

/**
 * Chrome's "Duplicate tab" (and window.open of a same-origin page, in some browsers) copies sessionStorage, so
 * the new tab would continue the original's session id AND its seq counters. The receiver dedupes batches by
 * (sessionId, seq), so one tab's batches would be dropped as "retries" of the other's. This guard finds out,
 * right after start-up, whether another live tab owns the session id, and if so forks this page onto a new id
 * before its first batch goes out.
 *
 * Over a BroadcastChannel (same origin, like sessionStorage) a page that continued a stored session asks
 * "who owns <id>?" under a random per-page-load instance id, and waits at most `waitMs` for an answer. Every
 * recorder on the origin answers for its own session id, with two exceptions:
 *
 * - Pages of one tab never answer each other. Before asking, the asker leaves a probe key with its instance id
 *   in sessionStorage; a page that finds that key in its own sessionStorage shares the asker's storage, so it
 *   is the same tab: a same-origin iframe (which shares the tab's session on purpose) or the outgoing page of a
 *   reload or navigation. A copied tab has its own storage, made before the probe existed.
 * - Two pages that are both still asking about the same id (two copies starting at once, or the original
 *   reloading while its copy starts) settle it by instance id: the lower one answers the other and keeps the
 *   id, the higher one forks at once. Exactly one of them keeps the id whatever order the messages cross in.
 *
 * So only the newcomer forks: a tab that reloads after its copy has forked asks about an id nobody else holds
 * any more, and keeps it. Limits, all ending in today's behaviour rather than in lost events: a tab that does
 * not answer in time (frozen, or its main thread blocked for longer than the wait) is not noticed, and without
 * BroadcastChannel there is no check at all. A page leaving before the answer keeps the id it has.
 */

/** How long the first batch of a continued session may wait for another tab's answer. */
export const DUPLICATE_CHECK_WAIT_MS = 150

const PROBE_KEY_PREFIX = `${SESSION_STORAGE_KEY}.probe.`

/** The part of BroadcastChannel the guard sends with; a fake connecting fake tabs satisfies it in tests. */
export interface ChannelLike {
  postMessage(message: unknown): void
  close(): void
}

/** Opens the origin's channel and hands every message other pages post on it to onMessage. */
export type OpenChannel = (onMessage: (data: unknown) => void) => ChannelLike

export interface DuplicateTabGuardDeps {
  session: RecordingSession
  storage: StorageLike
  /** null where BroadcastChannel is unavailable: no check, no answers, today's behaviour. */
  openChannel: OpenChannel | null
  /** Random, new on every page load. */
  instanceId: string
  waitMs?: number
}

export interface DuplicateTabGuard {
  /** Resolves once session.id is final for this page: checked, and forked if another tab owns it. */
  readonly checked: Promise<void>
  /** Stops waiting now (the page may be going away): keeps the id unless an answer has forked it already. */
  finishNow(): void
  /** pagehide: stop answering. A page in the back/forward cache cannot answer, and a message would evict it. */
  disconnect(): void
  /** pageshow from the back/forward cache: answer for this page's session again. */
  connect(): void
}

interface Message {
  /** q: who owns session s? a: I do (sent to the asker `to`). */
  ri: 'q' | 'a'
  s: string
  /** The sender's instance id. */
  i: string
  to?: string
}

function asMessage(data: unknown): Message | null {
  if (typeof data !== 'object' || data === null) return null
  const message = data as Partial<Message>
  const valid =
    (message.ri === 'q' || message.ri === 'a') && typeof message.s === 'string' && typeof message.i === 'string'
  return valid ? (message as Message) : null
}

export function guardAgainstDuplicateTab({
  session,
  storage,
  openChannel,
  instanceId,
  waitMs = DUPLICATE_CHECK_WAIT_MS
}: DuplicateTabGuardDeps): DuplicateTabGuard {
  const probeKey = PROBE_KEY_PREFIX + instanceId
  let channel: ChannelLike | null = null
  let waiting = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let markChecked!: () => void
  const checked = new Promise<void>((resolve) => (markChecked = resolve))

  const finish = (): void => {
    if (!waiting) return
    waiting = false
    clearTimeout(timer)
    storage.removeItem(probeKey)
    markChecked()
  }

  const fork = (): void => {
    if (!waiting) return // the id is final once checked: batches may already carry it
    session.fork()
    finish()
  }

  const onMessage = (data: unknown): void => {
    const message = asMessage(data)
    if (!message || message.s !== session.id || message.i === instanceId) return
    if (message.ri === 'a') {
      if (message.to === instanceId) fork()
      return
    }
    // A question about our id. From our own tab (it left its probe in our storage), it is not a duplicate.
    if (storage.getItem(PROBE_KEY_PREFIX + message.i) !== null) return
    // Both still asking: the lower instance id keeps the id (and answers), the higher one forks.
    if (waiting && message.i < instanceId) fork()
    else channel?.postMessage({ ri: 'a', s: session.id, i: instanceId, to: message.i })
  }

  const open = (): ChannelLike | null => {
    try {
      channel ??= openChannel?.(onMessage) ?? null
    } catch {
      channel = null // e.g. a sandboxed document: record as without BroadcastChannel
    }
    return channel
  }

  const opened = open()
  if (opened && session.continued) {
    waiting = true
    storage.setItem(probeKey, '1') // before asking: pages of this tab must see it when the question arrives
    timer = setTimeout(finish, waitMs)
    opened.postMessage({ ri: 'q', s: session.id, i: instanceId })
  } else {
    markChecked()
  }

  return {
    checked,
    finishNow: finish,
    disconnect() {
      finish()
      channel?.close()
      channel = null
    },
    connect() {
      open()
    }
  }
}
