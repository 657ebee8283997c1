// The web-vitals arithmetic of page-timings.ts: CLS session windows and INP's outlier skip (the browser's
// entries are exercised in Chromium by tests/e2e/recorder-page-timings.e2e.test.ts).
import { describe, expect, it } from 'vitest'
import { addLayoutShift, interactionToNextPaint, type ShiftWindow } from '../../src/recorder/page-timings'

/** CLS of shifts [time, value]: the largest session window. */
function cls(shifts: [number, number][]): number {
  let window: ShiftWindow = { value: 0, first: 0, last: 0 }
  let largest = 0
  for (const [time, value] of shifts) {
    window = addLayoutShift(window, time, value)
    largest = Math.max(largest, window.value)
  }
  return Math.round(largest * 1000) / 1000
}

describe('CLS session windows', () => {
  it('adds shifts less than 1 s apart into one window', () => {
    expect(
      cls([
        [100, 0.1],
        [900, 0.05],
        [1800, 0.05]
      ])
    ).toBe(0.2)
  })

  it('starts a new window after a 1 s gap, and keeps the largest', () => {
    expect(
      cls([
        [100, 0.1],
        [1200, 0.05],
        [5000, 0.3]
      ])
    ).toBe(0.3)
    expect(
      cls([
        [100, 0.1],
        [1200, 0.05]
      ])
    ).toBe(0.1)
  })

  it('closes a window 5 s after its first shift, however close the shifts', () => {
    const steady = Array.from({ length: 12 }, (_, n): [number, number] => [n * 800, 0.01])
    // 0 … 4800 ms fall in the first window (7 shifts), 5600 … 8800 ms in the second (5).
    expect(cls(steady)).toBe(0.07)
  })
})

describe('INP', () => {
  it('is the longest interaction, skipping one per 50 interactions', () => {
    expect(interactionToNextPaint([], 0)).toBeNull()
    expect(interactionToNextPaint([300, 120, 80], 3)).toBe(300)
    expect(interactionToNextPaint([300, 120, 80], 49)).toBe(300)
    expect(interactionToNextPaint([300, 120, 80], 50)).toBe(120)
    expect(interactionToNextPaint([300, 120, 80], 180)).toBe(80) // fewer kept than to skip: the last kept
    expect(interactionToNextPaint([96.4], 1)).toBe(96)
  })
})
