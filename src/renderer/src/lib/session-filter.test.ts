import { describe, expect, it } from 'vitest'
import type { SessionSummary } from '../../../shared/types'
import { EMPTY_FILTER, filterSessions, isInvertedRange, sortSessions } from './session-filter'

function session(id: string, patch: Partial<SessionSummary>): SessionSummary {
  return {
    id,
    startedAt: new Date(2026, 10, 10, 12).getTime(),
    endedAt: 0,
    durationMs: 1000,
    firstSeenAt: 0,
    lastSeenAt: 0,
    imported: null,
    eventCount: 10,
    batchCount: 1,
    segmentCount: 1,
    bytesStored: 100,
    bytesRaw: 200,
    ip: '127.0.0.1',
    userAgent: '',
    browser: { name: 'Chrome', version: '126.0.1' },
    os: { name: 'Linux', version: null },
    device: { type: 'desktop' },
    language: 'en',
    timezone: 'UTC',
    screen: { width: 1, height: 1 },
    viewport: { width: 1, height: 1 },
    referrer: '',
    urls: ['http://localhost:3000/'],
    maskLevel: 'moderate',
    pinned: false,
    pinName: null,
    errorCount: 0,
    rageCount: 0,
    findings: 0,
    ...patch
  }
}

const sessions = [
  session('a', { urls: ['http://shop.test/checkout'], browser: { name: 'Firefox', version: '128' }, ip: '10.0.0.5' }),
  session('b', {
    startedAt: new Date(2026, 10, 12, 9).getTime(),
    pinned: true,
    pinName: 'Card declined',
    eventCount: 500,
    rageCount: 3
  }),
  session('c', {
    startedAt: new Date(2026, 10, 12, 23, 59).getTime(),
    os: { name: 'iOS', version: '17.5' },
    errorCount: 4,
    findings: 3
  })
]
const ids = (list: SessionSummary[]) => list.map((s) => s.id)

describe('session list filter and sort', () => {
  it('matches every word against URLs, browser, OS and IP, case-insensitively', () => {
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, text: 'firefox CHECKOUT' }))).toEqual(['a'])
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, text: '10.0.0' }))).toEqual(['a'])
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, text: 'ios 17' }))).toEqual(['c'])
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, text: 'safari' }))).toEqual([])
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, text: 'declined' }))).toEqual(['b'])
  })

  it('filters by an inclusive local day range and by pinned', () => {
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, from: '2026-11-12' }))).toEqual(['b', 'c'])
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, to: '2026-11-12' }))).toEqual(['a', 'b', 'c'])
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, to: '2026-11-11' }))).toEqual(['a'])
    expect(ids(filterSessions(sessions, { ...EMPTY_FILTER, pinnedOnly: true }))).toEqual(['b'])
  })

  it('tells a From day after the To day (which matches nothing) from an empty result', () => {
    const inverted = { ...EMPTY_FILTER, from: '2026-11-12', to: '2026-11-10' }
    expect(filterSessions(sessions, inverted)).toEqual([])
    expect(isInvertedRange(inverted)).toBe(true)
    expect(isInvertedRange({ ...EMPTY_FILTER, from: '2026-11-12', to: '2026-11-12' })).toBe(false)
    expect(isInvertedRange({ ...EMPTY_FILTER, from: '2026-11-12' })).toBe(false)
  })

  it('sorts by a column either way, newest first on ties', () => {
    expect(ids(sortSessions([...sessions], { key: 'startedAt', descending: true }))).toEqual(['c', 'b', 'a'])
    expect(ids(sortSessions([...sessions], { key: 'eventCount', descending: true }))).toEqual(['b', 'c', 'a'])
    expect(ids(sortSessions([...sessions], { key: 'browser', descending: false }))).toEqual(['c', 'b', 'a'])
    expect(ids(sortSessions([...sessions], { key: 'pinned', descending: true }))).toEqual(['b', 'c', 'a'])
    // Issues: errors and rage clicks together.
    expect(ids(sortSessions([...sessions], { key: 'issues', descending: true }))).toEqual(['c', 'b', 'a'])
  })
})

describe('the findings filter and column', () => {
  it('keeps sessions with privacy findings only, and sorts by their count (not audited yet counts as none)', () => {
    const audited = [...sessions, session('d', { findings: null }), session('e', { findings: 12 })]
    expect(ids(filterSessions(audited, { ...EMPTY_FILTER, withFindings: true }))).toEqual(['c', 'e'])
    expect(ids(sortSessions(audited, { key: 'issues', descending: true })).slice(0, 2)).toEqual(['e', 'c'])
  })
})
