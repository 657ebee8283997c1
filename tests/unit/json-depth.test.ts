import { describe, expect, it } from 'vitest'
import { jsonNestingDepth } from '../../src/main/core/codec/json-depth'

const depth = (text: string, limit?: number) => jsonNestingDepth(Buffer.from(text), limit)

describe('jsonNestingDepth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(depth('1')).toBe(0)
    expect(depth('[]')).toBe(1)
    expect(depth('{"a":[{"b":[1,2]}]}')).toBe(4)
    expect(depth('["[[[[", "{{{{"]')).toBe(1)
  })

  it('skips escaped quotes and backslash runs inside strings', () => {
    expect(depth(String.raw`["a\"[[[", "\\", [1]]`)).toBe(2)
    expect(depth(String.raw`["\\\"[", [[2]]]`)).toBe(3)
    expect(depth(String.raw`{"k\\":[["x"]]}`)).toBe(3)
    // An unterminated string: the rest is inside it.
    expect(depth('[[ "[[[[')).toBe(2)
  })

  it('stops at the first depth past the limit', () => {
    expect(depth('['.repeat(50) + ']'.repeat(50), 10)).toBe(11)
    expect(depth(`[${'"x",'.repeat(1000)}[[1]]]`, 10)).toBe(3)
  })

  it('agrees with the structure JSON.parse sees, on JSON that mixes all of it', () => {
    const value = { a: ['"[', { b: '\\', c: [[['\\"{}']]] }], d: 'end"' }
    const measured = (v: unknown): number =>
      Array.isArray(v)
        ? 1 + Math.max(0, ...v.map(measured))
        : v && typeof v === 'object'
          ? 1 + Math.max(0, ...Object.values(v).map(measured))
          : 0
    expect(depth(JSON.stringify(value))).toBe(measured(value))
  })
})
