import { describe, expect, it } from 'vitest'
import { toggledSet } from './toggle-set'

describe('toggledSet', () => {
  it('hides a chip’s values when all were shown, shows them all when any was hidden, and leaves the set alone', () => {
    const shown = new Set(['error', 'warn', 'log'])
    expect([...toggledSet(shown, ['log', 'info'])].sort()).toEqual(['error', 'info', 'log', 'warn'])
    expect([...toggledSet(shown, ['error', 'warn'])]).toEqual(['log'])
    expect([...shown]).toEqual(['error', 'warn', 'log'])
  })
})
