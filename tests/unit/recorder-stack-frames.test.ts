// Reading stack traces: where the first frame points, skipping the recorder's own frames (console capture).
import { describe, expect, it } from 'vitest'
import { firstFrame, NOWHERE, trimStack } from '../../src/recorder/stack-frames'

const OWN = 'http://127.0.0.1:4477/recorder.js'

describe('firstFrame', () => {
  it("skips the recorder's frames to find where the page called", () => {
    const stack = [
      'Error',
      `    at Object.note (${OWN}:1:2040)`,
      `    at console.error (${OWN}?v=2:1:2301)`,
      '    at checkout (http://shop.test/app.js?build=7:12:5)',
      '    at HTMLButtonElement.<anonymous> (http://shop.test/app.js:30:7)'
    ].join('\n')
    expect(firstFrame(stack, (source) => source === OWN)).toEqual({
      source: 'http://shop.test/app.js',
      line: 12,
      column: 5
    })
    expect(firstFrame(stack)).toEqual({ source: OWN, line: 1, column: 2040 })
  })

  it('reads Gecko/WebKit frames, and has nothing to say without frames', () => {
    expect(firstFrame('log@http://shop.test/a.js:3:4\n@http://shop.test/a.js:9:1')).toEqual({
      source: 'http://shop.test/a.js',
      line: 3,
      column: 4
    })
    expect(firstFrame('Error: only a message\n  at least 8 characters')).toEqual(NOWHERE)
    expect(firstFrame(undefined)).toEqual(NOWHERE)
    expect(firstFrame(`Error\n    at f (${OWN}:1:1)`, (source) => source === OWN)).toEqual(NOWHERE)
  })
})

describe('trimStack', () => {
  it('keeps the message lines and the first frames, frame URLs without their query strings', () => {
    const frames = Array.from({ length: 5 }, (_, n) => `    at f${n} (http://shop.test/app.js?t=secret:${n + 1}:1)`)
    expect(trimStack(['Error: x', ...frames].join('\n'), 2, 1_000).split('\n')).toEqual([
      'Error: x',
      '    at f0 (http://shop.test/app.js:1:1)',
      '    at f1 (http://shop.test/app.js:2:1)'
    ])
  })
})
