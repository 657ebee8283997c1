import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DUPLICATE_CHECK_WAIT_MS,
  guardAgainstDuplicateTab,
  type DuplicateTabGuard,
  type OpenChannel
} from '../../src/recorder/duplicate-tab'
import { SESSION_STORAGE_KEY, startSession, type RecordingSession } from '../../src/recorder/session'
import type { StorageLike } from '../../src/recorder/storage'

/**
 * One origin's BroadcastChannel: messages are cloned, and delivered to the other open ends when pump() runs.
 * Like the real thing, a message goes to the ends open when it was posted; `crossing` delivers to the ends open
 * when it arrives instead, which lets two pages that started at once hear each other's question.
 */
function fakeOrigin({ crossing = false } = {}) {
  const ends = new Set<(data: unknown) => void>()
  const inFlight: (() => void)[] = []
  const posted: unknown[] = []
  const openChannel: OpenChannel = (onMessage) => {
    const end = (data: unknown) => onMessage(data)
    ends.add(end)
    return {
      postMessage(message) {
        const copy = structuredClone(message)
        posted.push(copy)
        const recipients = () => [...ends].filter((other) => other !== end)
        const atPost = recipients()
        inFlight.push(() => (crossing ? recipients() : atPost).forEach((other) => ends.has(other) && other(copy)))
      },
      close: () => void ends.delete(end)
    }
  }
  return {
    openChannel,
    posted,
    post: (message: unknown) => [...ends].forEach((end) => end(message)),
    pump() {
      while (inFlight.length > 0) inFlight.shift()!()
    },
    /** Delivers the questions in flight, then the answers they drew. */
    roundTrip() {
      this.pump()
      this.pump()
    }
  }
}

type Origin = ReturnType<typeof fakeOrigin>

/** A tab's sessionStorage; a duplicate gets a copy, as Chrome's "Duplicate tab" does. */
class TabStorage implements StorageLike {
  map = new Map<string, string>()
  getItem = (key: string) => this.map.get(key) ?? null
  setItem = (key: string, value: string) => void this.map.set(key, value)
  removeItem = (key: string) => void this.map.delete(key)
  duplicate(): TabStorage {
    const copy = new TabStorage()
    copy.map = new Map(this.map)
    return copy
  }
}

let sessionIds = 0
let instanceIds = 0

interface Page {
  session: RecordingSession
  guard: DuplicateTabGuard
  checked: () => boolean
}

/** One page load running the recorder's session start and the guard. */
function loadPage(
  origin: Origin | null,
  storage: TabStorage,
  instanceId = `instance-${String(++instanceIds).padStart(4, '0')}`
): Page {
  const started = startSession(
    { sampleRate: 1, maxDurationMs: 300_000 },
    { storage, now: Date.now, random: () => 0.5, newSessionId: () => `session-id-${++sessionIds}` }
  )
  if (!started.recording) throw new Error(started.reason)
  const guard = guardAgainstDuplicateTab({
    session: started.session,
    storage,
    openChannel: origin?.openChannel ?? null,
    instanceId
  })
  let checked = false
  void guard.checked.then(() => (checked = true))
  return { session: started.session, guard, checked: () => checked }
}

/** A live original tab and a page that starts from a copy of its sessionStorage (its question not delivered yet). */
function originalAndCopy() {
  const origin = fakeOrigin()
  const tabA = new TabStorage()
  const original = loadPage(origin, tabA)
  const copy = loadPage(origin, tabA.duplicate())
  return { origin, tabA, original, copy, id: original.session.id }
}

/** Lets the `checked` promises' callbacks run. */
const settle = () => vi.advanceTimersByTimeAsync(0)

const storedId = (storage: StorageLike) => (JSON.parse(storage.getItem(SESSION_STORAGE_KEY)!) as { id: string }).id

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('guardAgainstDuplicateTab', () => {
  it('does not ask about a new session (nobody else can own a fresh id), but answers for it', async () => {
    const origin = fakeOrigin()
    const page = loadPage(origin, new TabStorage())
    await settle()
    expect(page.checked()).toBe(true)
    expect(origin.posted).toEqual([])
  })

  it('forks a copied tab before its first batch, while the original keeps its id', async () => {
    const { origin, tabA, original, copy, id } = originalAndCopy()
    expect(copy.session.id).toBe(id) // continued from the copied sessionStorage, until the answer comes
    await settle()
    expect(copy.checked()).toBe(false)
    origin.roundTrip() // the question reaches the original, whose answer reaches the copy
    await settle()
    expect(copy.checked()).toBe(true)
    expect(copy.session.id).not.toBe(id)
    expect([copy.session.segment, copy.session.takeSeq()]).toEqual([0, 0])
    expect(original.session.id).toBe(id)
    expect(storedId(tabA)).toBe(id)
  })

  it('keeps the id when no other tab answers within the wait, and cleans up its probe', async () => {
    const origin = fakeOrigin()
    const storage = new TabStorage()
    loadPage(null, storage) // an earlier page of this tab, gone now
    const page = loadPage(origin, storage)
    const id = page.session.id
    origin.pump()
    await vi.advanceTimersByTimeAsync(DUPLICATE_CHECK_WAIT_MS - 1)
    expect(page.checked()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(page.checked()).toBe(true)
    expect(page.session.id).toBe(id)
    expect([...storage.map.keys()]).toEqual([SESSION_STORAGE_KEY])
  })

  it('never forks between pages of one tab: a same-origin iframe, or the outgoing page of a reload', async () => {
    const origin = fakeOrigin()
    const storage = new TabStorage()
    const top = loadPage(origin, storage)
    const frame = loadPage(origin, storage) // shares the tab's sessionStorage, and with it the asker's probe
    origin.pump()
    await vi.advanceTimersByTimeAsync(DUPLICATE_CHECK_WAIT_MS)
    expect(origin.posted).toHaveLength(1) // the question, unanswered
    expect(frame.checked()).toBe(true)
    expect(frame.session.id).toBe(top.session.id)
  })

  it('lets the original reload while its copy is open: the reload keeps the original id', async () => {
    const { origin, tabA, original: before, copy, id } = originalAndCopy()
    origin.roundTrip()
    expect(copy.session.id).not.toBe(id)

    before.guard.finishNow()
    before.guard.disconnect() // pagehide
    const reloaded = loadPage(origin, tabA)
    origin.roundTrip()
    await vi.advanceTimersByTimeAsync(DUPLICATE_CHECK_WAIT_MS)
    expect(reloaded.checked()).toBe(true)
    expect(reloaded.session.id).toBe(id)
    expect(reloaded.session.segment).toBe(1)
  })

  it('keeps the original id on reload even when the outgoing page still answers', async () => {
    const { origin, tabA, original: before, copy } = originalAndCopy()
    origin.roundTrip()
    const reloaded = loadPage(origin, tabA) // `before` has not seen pagehide yet
    origin.roundTrip()
    await vi.advanceTimersByTimeAsync(DUPLICATE_CHECK_WAIT_MS)
    expect(reloaded.session.id).toBe(before.session.id)
    expect(copy.session.id).not.toBe(before.session.id)
  })

  describe('two pages asking about the same id at once: exactly one forks, the lower instance id keeps it', () => {
    // Two copies of a tab whose own page is gone, or the original reloading while its copy starts.
    const twoCopies = () => {
      const storage = new TabStorage()
      loadPage(null, storage)
      return [storage.duplicate(), storage.duplicate()] as const
    }

    it.each([
      ['questions cross', true],
      ['the first question was sent before the second page existed', false]
    ])('%s', async (_, crossing) => {
      const orders: [string, string][] = [
        ['instance-a', 'instance-b'],
        ['instance-b', 'instance-a']
      ]
      for (const [firstId, secondId] of orders) {
        const origin = fakeOrigin({ crossing })
        const [storageX, storageY] = twoCopies()
        const x = loadPage(origin, storageX, firstId)
        if (!crossing) origin.pump() // x's question reaches nobody: y is not there yet
        const y = loadPage(origin, storageY, secondId)
        const id = x.session.id
        origin.roundTrip()
        await vi.advanceTimersByTimeAsync(DUPLICATE_CHECK_WAIT_MS)
        const [lower, higher] = firstId < secondId ? [x, y] : [y, x]
        expect(lower.session.id).toBe(id)
        expect(higher.session.id).not.toBe(id)
        expect([x.checked(), y.checked()]).toEqual([true, true])
      }
    })
  })

  it('forks both pages of a copied tab (its top page and a same-origin iframe) onto one new id', async () => {
    const origin = fakeOrigin()
    const tabA = new TabStorage()
    const original = loadPage(origin, tabA)
    const tabB = tabA.duplicate()
    const top = loadPage(origin, tabB)
    const frame = loadPage(origin, tabB)
    origin.roundTrip()
    await settle()
    expect(top.session.id).not.toBe(original.session.id)
    expect(frame.session.id).toBe(top.session.id)
    expect(new Set([top.session.segment, frame.session.segment])).toEqual(new Set([0, 1]))
  })

  it('ignores an answer that comes after the wait: batches may already carry the id', async () => {
    const { origin, original, copy } = originalAndCopy()
    await vi.advanceTimersByTimeAsync(DUPLICATE_CHECK_WAIT_MS)
    origin.roundTrip()
    expect(copy.session.id).toBe(original.session.id)
  })

  it('finishNow() ends the wait at once and keeps the id (the page is going away)', async () => {
    const { origin, original, copy } = originalAndCopy()
    copy.guard.finishNow()
    origin.roundTrip()
    await settle()
    expect(copy.checked()).toBe(true)
    expect(copy.session.id).toBe(original.session.id)
  })

  it('stops answering after disconnect() (back/forward cache) and answers again after connect()', async () => {
    const origin = fakeOrigin()
    const tabA = new TabStorage()
    const original = loadPage(origin, tabA)
    original.guard.disconnect()
    const unnoticed = loadPage(origin, tabA.duplicate())
    origin.pump()
    await vi.advanceTimersByTimeAsync(DUPLICATE_CHECK_WAIT_MS)
    expect(unnoticed.session.id).toBe(original.session.id)

    original.guard.connect()
    original.guard.connect() // idempotent: one channel, one answer
    unnoticed.guard.disconnect()
    const copy = loadPage(origin, tabA.duplicate())
    origin.pump()
    expect(origin.posted.filter((message) => (message as { ri: string }).ri === 'a')).toHaveLength(1)
    origin.pump()
    expect(copy.session.id).not.toBe(original.session.id)
  })

  it('keeps today\u2019s behaviour where BroadcastChannel is missing or cannot be opened', async () => {
    const tabA = new TabStorage()
    loadPage(null, tabA)
    const without = loadPage(null, tabA.duplicate())
    const storage = tabA.duplicate()
    const started = startSession(
      { sampleRate: 1, maxDurationMs: 300_000 },
      { storage, now: Date.now, random: () => 0.5, newSessionId: () => 'never-used' }
    )
    if (!started.recording) throw new Error(started.reason)
    const failing = guardAgainstDuplicateTab({
      session: started.session,
      storage,
      instanceId: 'instance-x',
      openChannel: () => {
        throw new DOMException('denied', 'SecurityError')
      }
    })
    let failingChecked = false
    void failing.checked.then(() => (failingChecked = true))
    await settle()
    expect(without.checked()).toBe(true)
    expect(failingChecked).toBe(true)
    expect(started.session.id).toBe(without.session.id)
  })

  it('ignores messages it does not understand', async () => {
    const origin = fakeOrigin()
    const page = loadPage(origin, new TabStorage())
    const id = page.session.id
    for (const junk of [null, 'hello', 42, { ri: 'q' }, { ri: 'x', s: id, i: 'z' }, { ri: 'a', s: id, i: 'z' }]) {
      expect(() => origin.post(junk)).not.toThrow()
    }
    origin.pump()
    expect(page.session.id).toBe(id)
    expect(origin.posted).toEqual([])
  })
})
