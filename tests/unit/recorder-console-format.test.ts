// Console arguments as one line of text: format specifiers, objects, cycles, the bounds, and no page code run.
import { describe, expect, it } from 'vitest'
import { describeValue, formatConsoleArgs } from '../../src/recorder/console-format'
import { CONSOLE_MESSAGE_CHARS } from '../../src/shared/devtools-events'

const text = (...args: unknown[]) => formatConsoleArgs(args).message

describe('formatConsoleArgs', () => {
  it('joins the arguments with spaces: strings as they are, other values written out', () => {
    expect(text('saved', 3, 'items', true, null, undefined, 10n, Symbol('s'), -0)).toBe(
      'saved 3 items true null undefined 10n Symbol(s) -0'
    )
    expect(
      text('order', { id: 7, tags: ['a', 'b'], 'two words': 'x', nested: { deep: { deeper: { deepest: 1 } } } })
    ).toBe('order {id: 7, tags: ["a", "b"], "two words": "x", nested: {deep: {deeper: {…}}}}')
    expect(
      text(
        function checkout() {},
        () => 1
      )
    ).toBe('ƒ checkout() ƒ ()')
  })

  it('applies format specifiers as the console does', () => {
    expect(text('%s has %d items (%i%%), %f left', 'cart', 3.7, 42, 1.5)).toBe('cart has 3 items (42%), 1.5 left')
    expect(text('%cstyled%c text', 'color: red', 'font-weight: bold')).toBe('styled text')
    expect(text('%o and %O', { a: 1 }, [1])).toBe('{a: 1} and [1]')
    expect(text('%s', { a: { b: 1 } })).toBe('{…}') // %s shows objects briefly
    expect(text('%d of %s', 'x')).toBe('NaN of %s') // nothing left for the second
    expect(text('left %s', 'over', 'extra', { n: 1 })).toBe('left over extra {n: 1}')
  })

  it('names cycles, but writes a shared object twice', () => {
    const order: Record<string, unknown> = { id: 1 }
    order.self = order
    const shared = { x: 1 }
    expect(text(order)).toBe('{id: 1, self: [Circular]}')
    expect(text({ a: shared, b: shared })).toBe('{a: {x: 1}, b: {x: 1}}')
    const list: unknown[] = [1]
    list.push(list)
    expect(text(list)).toBe('[1, [Circular]]')
  })

  it('shows errors with their stack at the top level and briefly inside objects', () => {
    const error = new TypeError('bad input')
    error.stack = 'TypeError: bad input\n    at check (http://shop.test/app.js?v=1:3:9)'
    expect(text('failed:', error)).toBe('failed: TypeError: bad input\n    at check (http://shop.test/app.js:3:9)')
    expect(text({ cause: error })).toBe('{cause: TypeError: bad input}')
    const firefox = new Error('offline')
    firefox.stack = 'send@http://shop.test/net.js:4:1'
    expect(text(firefox)).toBe('Error: offline\nsend@http://shop.test/net.js:4:1')
  })

  it('writes built-in objects in a word, never enumerating their contents', () => {
    const huge = new Uint8Array(10_000_000)
    expect(text(huge, new ArrayBuffer(8), new Map([[1, 2]]), new Set([1, 2, 3]))).toBe(
      'Uint8Array(10000000) ArrayBuffer(8) Map(1) Set(3)'
    )
    expect(text(new Date(0), /a+b/gi, Promise.resolve(1))).toBe('1970-01-01T00:00:00.000Z /a+b/gi Promise')
    class Cart {
      items = 2
    }
    expect(text(new Cart(), Object.create(null))).toBe('Cart {items: 2} {}')
  })

  it('runs none of the page code: getters, toJSON, toString and valueOf are not called', () => {
    let called = 0
    const sneaky = {
      get total() {
        called++
        return 1
      },
      set only(_: number) {
        called++
      },
      toJSON() {
        called++
      },
      toString() {
        called++
        return 'x'
      },
      valueOf() {
        called++
        return 1
      }
    }
    expect(text(sneaky, '%d', sneaky)).toBe(
      '{total: [Getter], only: [Setter], toJSON: ƒ toJSON(), toString: ƒ toString(), valueOf: ƒ valueOf()} %d {total: [Getter], only: [Setter], toJSON: ƒ toJSON(), toString: ƒ toString(), valueOf: ƒ valueOf()}'
    )
    expect(text('%d', sneaky)).toBe('NaN')
    expect(called).toBe(0)
    // A getter that throws is not even reached; a Proxy whose traps throw costs its property, not the message.
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no')
        }
      }
    )
    expect(text('x', hostile, 'y')).toBe('x {…} y')
  })

  it('keeps to the bounds: items per level, string length inside objects, the whole message', () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, n) => [`k${n}`, n]))
    expect(text(many)).toBe(`{${Array.from({ length: 20 }, (_, n) => `k${n}: ${n}`).join(', ')}…}`)
    expect(text(Array.from({ length: 25 }, (_, n) => n))).toBe(
      `[${Array.from({ length: 20 }, (_, n) => n).join(', ')}…]`
    )
    expect(text({ long: 'y'.repeat(500) })).toBe(`{long: "${'y'.repeat(200)}…"}`)

    const long = formatConsoleArgs(['z'.repeat(5_000)])
    expect(long).toEqual({ message: 'z'.repeat(CONSOLE_MESSAGE_CHARS), truncated: true })
    const wide = formatConsoleArgs([Array.from({ length: 20 }, () => ({ text: 'w'.repeat(190) }))])
    expect(wide.message.length).toBeLessThanOrEqual(CONSOLE_MESSAGE_CHARS)
    expect(wide.truncated).toBe(true)
    expect(formatConsoleArgs(['short', { a: 1 }])).toEqual({ message: 'short {a: 1}', truncated: false })
  })
})

describe('describeValue', () => {
  it('writes a thrown or rejected non-Error the same bounded way', () => {
    expect(describeValue({ code: 42 })).toBe('{code: 42}')
    expect(describeValue('plain')).toBe('"plain"')
    expect(describeValue(undefined)).toBe('undefined')
  })
})
