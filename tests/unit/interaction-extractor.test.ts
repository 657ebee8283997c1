// The extractor on hand-written events: what text an error interaction carries.
import { describe, expect, it } from 'vitest'
import { SegmentExtractor, type Interaction } from '../../src/main/core/analysis/interaction-extractor'
import type { RecordedEvent } from '../../src/shared/types'
import { consoleError, custom, documentWith, meta, snapshot } from '../helpers/rrweb-events'

const T = 1_700_000_000_000

function errors(events: RecordedEvent[]): (string | null)[] {
  const found: Interaction[] = []
  new SegmentExtractor().process([meta(T, 'http://shop.test/'), snapshot(T + 1, documentWith()), ...events], {
    interaction: (item) => found.push(item),
    text() {},
    reaction() {},
    time() {}
  })
  return found.filter((item) => item.kind === 'error').map((item) => item.text)
}

/** What src/recorder/error-capture.ts sends. */
const recorded = (fields: Record<string, unknown>) => ({
  kind: 'error',
  name: 'TypeError',
  message: 'x is undefined',
  source: 'http://shop.test/static/app.js',
  line: 12,
  column: 5,
  stack: 'TypeError: x is undefined\n    at f (http://shop.test/static/app.js:12:5)',
  repeats: 0,
  ...fields
})

describe('SegmentExtractor: error texts', () => {
  it("reads the recorder's error payload as name: message (file:line:column)", () => {
    expect(
      errors([
        custom(T + 10, 'error', recorded({})),
        custom(T + 20, 'Error', recorded({ kind: 'unhandledrejection', name: null, message: '{"code":42}' })),
        custom(T + 30, 'error', recorded({ name: 'TypeError', message: '* ** *********' })), // strict
        custom(T + 40, 'error', recorded({ source: 'http://shop.test/', line: 3, column: null })), // inline script
        custom(T + 50, 'error', recorded({ source: null, line: null, column: null })),
        custom(T + 60, 'error', recorded({ name: 'Error', message: '' }))
      ])
    ).toEqual([
      'TypeError: x is undefined (app.js:12:5)',
      '{"code":42} (app.js:12:5)',
      'TypeError: * ** ********* (app.js:12:5)',
      'TypeError: x is undefined (inline script:3)',
      'TypeError: x is undefined',
      'Error (app.js:12:5)'
    ])
  })

  it("takes a page's own custom events whose tag names an error as errors, as the replay's error markers do", () => {
    expect(
      errors([
        custom(T + 10, 'checkout-error', { message: 'card declined' }),
        custom(T + 20, 'PaymentException', { code: 7 }),
        custom(T + 30, 'checkout', { message: 'not an error' })
      ])
    ).toEqual(['card declined', '{"code":7}'])
  })

  it('a long message is cut before its location; other payloads: a message alone, else JSON; console errors', () => {
    expect(
      errors([
        custom(T + 10, 'error', { message: 'checkout failed', code: 7 }),
        custom(T + 20, 'error', { code: 7 }),
        custom(T + 30, 'error', 'plain'),
        custom(T + 40, 'error', recorded({ message: `long\n\n${'x'.repeat(400)}` })),
        consoleError(T + 50, 'TypeError:', 'boom')
      ])
    ).toEqual([
      'checkout failed',
      '{"code":7}',
      'plain',
      `TypeError: long ${'x'.repeat(300 - 'TypeError: long '.length - ' (app.js:12:5)'.length)} (app.js:12:5)`,
      'TypeError: boom'
    ])
  })
})

describe('SegmentExtractor: navigations', () => {
  it("takes a single-page app's route changes from the recorder's navigation events, and a checkout's Meta adds none", () => {
    const found: Interaction[] = []
    const reactions: number[] = []
    new SegmentExtractor().process(
      [
        meta(T, 'http://shop.test/'),
        snapshot(T + 1, documentWith()),
        custom(T + 500, 'navigation', { href: 'http://shop.test/cart', via: 'pushState' }),
        custom(T + 600, 'navigation', { href: 'http://shop.test/cart', via: 'replaceState' }),
        custom(T + 900, 'navigation', { href: 'http://shop.test/#done', via: 'hashchange' }),
        meta(T + 30_000, 'http://shop.test/#done')
      ],
      { interaction: (item) => found.push(item), text() {}, reaction: (ts) => reactions.push(ts), time() {} }
    )
    const navigations = found.filter((item) => item.kind === 'navigation')
    expect(navigations.map((item) => [item.ts - T, item.text])).toEqual([
      [0, 'http://shop.test/'],
      [500, 'http://shop.test/cart'],
      [900, 'http://shop.test/#done']
    ])
    // A route change is what a click caused: it makes that click not dead.
    expect(reactions).toEqual(expect.arrayContaining([T + 500, T + 900]))
  })
})
