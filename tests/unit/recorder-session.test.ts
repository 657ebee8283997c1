import { describe, expect, it, vi } from 'vitest'
import { SESSION_ID_PATTERN } from '../../src/shared/limits'
import { SESSION_STORAGE_KEY, startSession, type SessionDeps } from '../../src/recorder/session'
import { generateSessionId } from '../../src/recorder/session-id'
import { createResilientStorage, type StorageLike } from '../../src/recorder/storage'

function mapStorage(): StorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key)
  }
}

/** One tab: storage outlives each startSession call, as sessionStorage outlives each page load. */
function tab(overrides: Partial<SessionDeps> = {}) {
  let clock = 1_000_000
  let ids = 0
  const deps: SessionDeps = {
    storage: mapStorage(),
    now: () => clock,
    random: () => 0.5,
    newSessionId: () => `session-id-${++ids}`,
    ...overrides
  }
  return {
    deps,
    advance: (ms: number) => (clock += ms),
    pageLoad: (options: { sampleRate?: number; maxDurationMs?: number } = {}) =>
      startSession({ sampleRate: 1, maxDurationMs: 300_000, ...options }, deps)
  }
}

function recordingSession(start: ReturnType<typeof startSession>) {
  if (!start.recording) throw new Error(`expected to record, got ${start.reason}`)
  return start.session
}

describe('startSession', () => {
  it('keeps one session id across page loads and numbers each page load as a new segment from 0', () => {
    const t = tab()
    const first = recordingSession(t.pageLoad())
    const second = recordingSession(t.pageLoad())
    const third = recordingSession(t.pageLoad())
    expect([first.segment, second.segment, third.segment]).toEqual([0, 1, 2])
    expect(new Set([first.id, second.id, third.id])).toEqual(new Set(['session-id-1']))
  })

  it('hands out seq numbers that keep increasing across page loads', () => {
    const t = tab()
    const first = recordingSession(t.pageLoad())
    expect([first.takeSeq(), first.takeSeq(), first.takeSeq()]).toEqual([0, 1, 2])
    const second = recordingSession(t.pageLoad())
    expect([second.takeSeq(), second.takeSeq()]).toEqual([3, 4])
  })

  it('keeps seq increasing when the page wipes sessionStorage mid-page', () => {
    const t = tab()
    const storage = t.deps.storage as ReturnType<typeof mapStorage>
    const session = recordingSession(t.pageLoad())
    expect([session.takeSeq(), session.takeSeq()]).toEqual([0, 1])
    storage.map.clear()
    expect(session.takeSeq()).toBe(2)
  })

  it('decides sampling once per tab session: a later page load does not roll again', () => {
    const random = vi.fn().mockReturnValueOnce(0.9).mockReturnValue(0.1)
    const t = tab({ random })
    expect(t.pageLoad({ sampleRate: 0.5 })).toEqual({ recording: false, reason: 'sampled-out' })
    expect(t.pageLoad({ sampleRate: 0.5 })).toEqual({ recording: false, reason: 'sampled-out' })
    expect(random).toHaveBeenCalledOnce()
  })

  it('keeps recording a sampled-in session on every page load', () => {
    const random = vi.fn().mockReturnValueOnce(0.1).mockReturnValue(0.9)
    const t = tab({ random })
    expect(t.pageLoad({ sampleRate: 0.5 }).recording).toBe(true)
    expect(t.pageLoad({ sampleRate: 0.5 }).recording).toBe(true)
  })

  it('records nothing at rate 0, even on a tab an earlier page decided to record', () => {
    const t = tab({ random: () => 0 })
    expect(t.pageLoad({ sampleRate: 0 })).toEqual({ recording: false, reason: 'sampled-out' })
    const other = tab({ random: () => 0 })
    expect(other.pageLoad({ sampleRate: 1 }).recording).toBe(true)
    expect(other.pageLoad({ sampleRate: 0 })).toEqual({ recording: false, reason: 'sampled-out' })
  })

  it('records at rate 1 even when random() returns its largest values', () => {
    expect(tab({ random: () => 0.9999999 }).pageLoad({ sampleRate: 1 }).recording).toBe(true)
  })

  it('measures max duration from the first page load, across later ones', () => {
    const t = tab()
    const first = recordingSession(t.pageLoad({ maxDurationMs: 10_000 }))
    expect(first.deadline).toBe(1_000_000 + 10_000)
    t.advance(6_000)
    const second = recordingSession(t.pageLoad({ maxDurationMs: 10_000 }))
    expect(second.deadline).toBe(first.deadline)
    t.advance(4_000)
    expect(t.pageLoad({ maxDurationMs: 10_000 })).toEqual({ recording: false, reason: 'expired' })
  })

  it('starts a fresh session when the stored one is unreadable or invalid', () => {
    for (const stored of ['{not json', JSON.stringify({ id: 'bad id!', startedAt: 1 }), 'null']) {
      const t = tab()
      t.deps.storage.setItem(SESSION_STORAGE_KEY, stored)
      const session = recordingSession(t.pageLoad())
      expect(session.id).toBe('session-id-1')
      expect(session.segment).toBe(0)
    }
  })
})

describe("RecordingSession.fork (a tab that copied another live tab's sessionStorage)", () => {
  it('records no more of a session the app deleted, on this page load or later ones', () => {
    const { pageLoad } = tab()
    const session = recordingSession(pageLoad())
    session.takeSeq()
    session.markDeleted()
    expect(pageLoad()).toEqual({ recording: false, reason: 'deleted' })
  })

  it('says whether the id was continued from sessionStorage', () => {
    const t = tab()
    expect(recordingSession(t.pageLoad()).continued).toBe(false)
    expect(recordingSession(t.pageLoad()).continued).toBe(true)
  })

  it('moves the page to a new id with fresh counters, keeping the sampling decision and the max-duration clock', () => {
    const t = tab()
    const first = recordingSession(t.pageLoad({ maxDurationMs: 10_000 }))
    first.takeSeq()
    first.takeSeq()
    t.advance(4_000)
    const copy = recordingSession(t.pageLoad({ maxDurationMs: 10_000 }))
    expect([copy.id, copy.segment]).toEqual(['session-id-1', 1])
    copy.fork()
    expect([copy.id, copy.segment, copy.deadline]).toEqual(['session-id-2', 0, first.deadline])
    expect([copy.takeSeq(), copy.takeSeq()]).toEqual([0, 1])
    expect(JSON.parse(t.deps.storage.getItem(SESSION_STORAGE_KEY)!)).toEqual({
      id: 'session-id-2',
      startedAt: 1_000_000,
      sampled: true,
      nextSegment: 1,
      nextSeq: 2
    })
  })

  it('carries the fork over to the later page loads of the tab', () => {
    const t = tab()
    recordingSession(t.pageLoad())
    const copy = recordingSession(t.pageLoad())
    copy.fork()
    copy.takeSeq()
    const next = recordingSession(t.pageLoad())
    expect([next.id, next.segment, next.takeSeq()]).toEqual(['session-id-2', 1, 1])
  })

  it('joins the new session another page of the same tab (a same-origin iframe) forked to first', () => {
    const t = tab()
    recordingSession(t.pageLoad())
    const top = recordingSession(t.pageLoad())
    const frame = recordingSession(t.pageLoad())
    frame.fork()
    expect(frame.takeSeq()).toBe(0)
    top.fork()
    expect([top.id, frame.id]).toEqual(['session-id-2', 'session-id-2'])
    expect([frame.segment, top.segment]).toEqual([0, 1])
    expect([top.takeSeq(), frame.takeSeq()]).toEqual([1, 2])
  })
})

describe('createResilientStorage', () => {
  it('uses the real storage when it works', () => {
    const real = mapStorage()
    const storage = createResilientStorage(() => real)
    storage.setItem('k', 'v')
    expect(real.map.get('k')).toBe('v')
    expect(storage.getItem('k')).toBe('v')
  })

  it('falls back to memory when even opening the storage throws (privacy modes, sandboxed iframes)', () => {
    const storage = createResilientStorage(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    expect(storage.getItem('k')).toBeNull()
    storage.setItem('k', 'v')
    expect(storage.getItem('k')).toBe('v')
  })

  it('switches to memory for good once a write throws, without losing that write', () => {
    const real = mapStorage()
    real.setItem('k', 'old')
    const storage = createResilientStorage(() => ({
      getItem: (key) => real.getItem(key),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError')
      },
      removeItem: (key) => real.removeItem(key)
    }))
    expect(storage.getItem('k')).toBe('old')
    storage.setItem('k', 'new')
    expect(storage.getItem('k')).toBe('new')
  })

  it('lets a session record a whole page even when sessionStorage throws on every call', () => {
    const throwing: StorageLike = {
      getItem: () => {
        throw new Error('no storage')
      },
      setItem: () => {
        throw new Error('no storage')
      },
      removeItem: () => {
        throw new Error('no storage')
      }
    }
    const session = recordingSession(tab({ storage: createResilientStorage(() => throwing) }).pageLoad())
    expect(session.segment).toBe(0)
    expect([session.takeSeq(), session.takeSeq()]).toEqual([0, 1])
  })
})

describe('generateSessionId', () => {
  it('makes 22 base64url characters that the receiver accepts', () => {
    const ids = new Set(Array.from({ length: 200 }, () => generateSessionId()))
    expect(ids.size).toBe(200)
    for (const id of ids) {
      expect(id).toHaveLength(22)
      expect(id).toMatch(SESSION_ID_PATTERN)
    }
  })

  // Expected values from Node's Buffer#toString('base64url'); 0xfb and 0xff hit both URL-safe characters.
  it.each([
    [(bytes: Uint8Array) => bytes.forEach((_, i) => (bytes[i] = i)), 'AAECAwQFBgcICQoLDA0ODw'],
    [(bytes: Uint8Array) => bytes.fill(0xfb), '-_v7-_v7-_v7-_v7-_v7-w'],
    [(bytes: Uint8Array) => bytes.fill(0xff), '_____________________w']
  ])('is the base64url encoding of the random bytes (%#)', (fill, expected) => {
    expect(generateSessionId(fill)).toBe(expected)
  })
})
