import { describe, expect, it } from 'vitest'
import { formatClock, formatDuration, urlParts } from './format'

describe('durations', () => {
  it('round one way everywhere: the list and header ("5s") agree with the player clock ("0:05")', () => {
    const cases: [ms: number, duration: string, clock: string][] = [
      [0, '0s', '0:00'],
      [999, '0s', '0:00'],
      [5_600, '5s', '0:05'],
      [59_999, '59s', '0:59'],
      [61_500, '1m 01s', '1:01'],
      [3_599_999, '59m 59s', '59:59'],
      [3_660_000, '1h 01m', '1:01:00']
    ]
    for (const [ms, duration, clock] of cases) {
      expect([formatDuration(ms), formatClock(ms)], `${ms} ms`).toEqual([duration, clock])
    }
  })
})

describe('urlParts', () => {
  it('splits the host from the useful end (path, query, fragment)', () => {
    expect(urlParts('http://localhost:3000/shop/cart?x=1#top')).toEqual({
      host: 'localhost:3000',
      path: '/shop/cart?x=1#top'
    })
    expect(urlParts('not a url')).toEqual({ host: '', path: 'not a url' })
  })
})
