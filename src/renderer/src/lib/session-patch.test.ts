import { describe, expect, it } from 'vitest'
import type { SessionSummary } from '../../../shared/types'
import { patchSessions } from './session-patch'

const session = (id: string, eventCount = 1) => ({ id, eventCount }) as SessionSummary

describe('patchSessions', () => {
  it('replaces updated rows in place, puts new sessions first and drops deleted ones', () => {
    const list = [session('c'), session('b'), session('a')]
    const patched = patchSessions(list, [session('b', 9), session('d')], new Set(['b', 'd']), new Set(['a']))
    expect(patched.map((row) => [row.id, row.eventCount])).toEqual([
      ['d', 1],
      ['c', 1],
      ['b', 9]
    ])
  })

  it('drops a requested session the core no longer has, and leaves the list alone for an empty patch', () => {
    const list = [session('b'), session('a')]
    expect(patchSessions(list, [], new Set(['a']), new Set()).map((row) => row.id)).toEqual(['b'])
    expect(patchSessions(list, [], new Set(), new Set())).toEqual(list)
  })
})
