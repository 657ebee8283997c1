import { describe, expect, it } from 'vitest'
import { formatBytes, formatClock, formatCount, formatDateTime, formatDuration, shortUrl } from './format'

const HOSTILE = [1e20, -1e20, Number.NaN, Infinity, -Infinity, -1, Number.MAX_VALUE, -0.5]

describe('workspace formatters take any number', () => {
  it.each(HOSTILE)('never throw on %d, and show a dash for what is out of range', (value) => {
    for (const format of [formatBytes, formatDuration, formatDateTime, formatCount, formatClock]) {
      expect(() => format(value), format.name).not.toThrow()
    }
  })

  it('show a dash for times past the Date range and for sizes and durations that cannot be', () => {
    expect(formatDateTime(1e20)).toBe('—')
    expect(formatDateTime(Number.NaN)).toBe('—')
    expect(formatBytes(-1)).toBe('—')
    expect(formatBytes(Number.NaN)).toBe('—')
    expect(formatDuration(1e20)).toBe('—')
    expect(formatDuration(-5)).toBe('—')
    expect(formatClock(Number.NaN)).toBe('—')
    expect(formatClock(1e20)).toBe('—')
    expect(formatCount(Infinity)).toBe('—')
  })

  it('format ordinary values as before', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GB')
    expect(formatDuration(65_000)).toBe('1m 05s')
    expect(formatDuration(3_723_000)).toBe('1h 02m')
    expect(formatClock(247_300, true)).toBe('4:07.3')
    expect(formatClock(-10)).toBe('0:00')
    expect(formatDateTime(0)).not.toBe('—')
    expect(shortUrl('http://localhost:3000/shop/cart?x=1')).toBe('localhost:3000/shop/cart')
  })
})
