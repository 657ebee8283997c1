import { isSessionId } from './session-id'
import type { StorageLike } from './storage'

/** One sessionStorage key holds the whole tab session, so it is read and written in one step. */
export const SESSION_STORAGE_KEY = '__replayInvestigator'

/** What sessionStorage remembers across the page loads of one tab. */
interface StoredSession {
  id: string
  /** Date.now() at the first page load: the max-duration clock spans page loads. */
  startedAt: number
  /** The sampling decision, made once so a multi-page visit is recorded whole or not at all. */
  sampled: boolean
  /** Next page-load index to hand out. */
  nextSegment: number
  /** Next batch sequence number to hand out; unique across page loads so the receiver can dedupe retries. */
  nextSeq: number
  /** The developer deleted this session in the app (the receiver answered 410): the tab records no more of it. */
  deleted?: true
}

export type SessionStart =
  { recording: false; reason: 'sampled-out' | 'expired' | 'deleted' } | { recording: true; session: RecordingSession }

export interface RecordingSession {
  /** Changes at most once, when fork() moves this page to a new session, and never after its first batch. */
  readonly id: string
  /** This page load's index within the session. */
  readonly segment: number
  /** Date.now() after which nothing more is recorded. */
  readonly deadline: number
  /** True when the id came from sessionStorage: an earlier page load of this tab, or a tab it was copied from. */
  readonly continued: boolean
  /** Hands out the next batch sequence number and remembers it for later page loads. */
  takeSeq(): number
  /**
   * Moves this page (and the later page loads of its tab) to a new session with fresh segment and seq counters,
   * for a tab that turned out to have copied another live tab's sessionStorage (see duplicate-tab.ts).
   * The sampling decision and the max-duration clock carry over: a duplicate continues the same visit, so it
   * records no longer than the original would have (and a duplicate of an expired tab is not recorded either).
   */
  fork(): void
  /** The receiver said the session was deleted: later page loads of the tab do not record it either. */
  markDeleted(): void
}

export interface SessionDeps {
  storage: StorageLike
  now: () => number
  /** Uniform in [0, 1), like Math.random. */
  random: () => number
  newSessionId: () => string
}

/** Called once per page load: continues the tab's session (or starts one) and decides whether to record. */
export function startSession(
  options: { sampleRate: number; maxDurationMs: number },
  { storage, now, random, newSessionId }: SessionDeps
): SessionStart {
  let stored = readSession(storage)
  const continued = stored !== null
  stored ??= writeSession(storage, {
    id: newSessionId(),
    startedAt: now(),
    // random() < 0 is never true and random() < 1 always is, so the ends of the range behave exactly.
    sampled: random() < options.sampleRate,
    nextSegment: 0,
    nextSeq: 0
  })

  // A rate of 0 is an off switch, even for a session that an earlier page decided to record.
  if (!stored.sampled || options.sampleRate === 0) return { recording: false, reason: 'sampled-out' }
  const deadline = stored.startedAt + options.maxDurationMs
  if (now() >= deadline) return { recording: false, reason: 'expired' }
  if (stored.deleted) return { recording: false, reason: 'deleted' }

  let mine: StoredSession = stored
  let segment = 0
  let nextSeqInMemory = 0
  /** Makes `session` this page's session and takes the next segment of it. */
  const join = (session: StoredSession): void => {
    mine = session
    segment = session.nextSegment
    nextSeqInMemory = 0
    writeSession(storage, { ...session, nextSegment: segment + 1 })
  }
  join(stored)

  return {
    recording: true,
    session: {
      get id() {
        return mine.id
      },
      get segment() {
        return segment
      },
      deadline,
      continued,
      takeSeq() {
        // Read again each time: a same-origin iframe running the recorder shares this storage. The in-memory
        // counter keeps seq increasing even if the page clears sessionStorage behind our back.
        const current = readSession(storage)
        const base = current && current.id === mine.id ? current : mine
        const seq = Math.max(base.nextSeq, nextSeqInMemory)
        nextSeqInMemory = seq + 1
        writeSession(storage, { ...base, nextSeq: seq + 1 })
        return seq
      },
      fork() {
        // Another page of this tab (a same-origin iframe) may have forked first and left its new session in the
        // storage they share: the tab moves to that one, as it would have on the next page load.
        const current = readSession(storage)
        join(
          current && current.id !== mine.id
            ? current
            : { id: newSessionId(), startedAt: mine.startedAt, sampled: mine.sampled, nextSegment: 0, nextSeq: 0 }
        )
      },
      markDeleted() {
        const current = readSession(storage)
        mine = { ...(current && current.id === mine.id ? current : mine), deleted: true }
        writeSession(storage, mine)
      }
    }
  }
}

function readSession(storage: StorageLike): StoredSession | null {
  try {
    const raw = storage.getItem(SESSION_STORAGE_KEY)
    return raw === null ? null : validStoredSession(JSON.parse(raw))
  } catch {
    return null // unreadable JSON: start afresh rather than trust it
  }
}

function validStoredSession(value: unknown): StoredSession | null {
  if (typeof value !== 'object' || value === null) return null
  const candidate = value as Partial<StoredSession>
  const valid =
    isSessionId(candidate.id) &&
    isCount(candidate.startedAt) &&
    typeof candidate.sampled === 'boolean' &&
    isCount(candidate.nextSegment) &&
    isCount(candidate.nextSeq) &&
    (candidate.deleted === undefined || candidate.deleted === true)
  return valid ? (candidate as StoredSession) : null
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

function writeSession(storage: StorageLike, session: StoredSession): StoredSession {
  storage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session))
  return session
}
