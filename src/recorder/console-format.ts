import { CONSOLE_MESSAGE_CHARS } from '../shared/devtools-events'
import { trimStack } from './stack-frames'

/**
 * Console arguments as the text the console shows on one line, bounded whatever the page logs.
 *
 * - Format specifiers in a first string argument are applied like the console does: `%s %d %i %f %o %O`
 *   take the next argument, `%c` takes its CSS and shows nothing, `%%` is a percent sign.
 * - Objects are written out to DEPTH levels, at most ITEMS keys or items per level, strings inside them at
 *   most LEAF_CHARS; a reference back to an object being written is `[Circular]`. The whole message stops at
 *   CONSOLE_MESSAGE_CHARS, and so does the work: a huge object costs what its first 2,000 characters cost.
 * - Nothing of the page's runs: getters are shown as `[Getter]`, never called; no `toString`, `toJSON` or
 *   `valueOf`; arrays and typed arrays are read by index up to the bound, never enumerated whole. (A Proxy's
 *   traps do run: nothing can tell a Proxy from its target.)
 * - Errors are `Name: message` with their first stack frames at the top level, `Name: message` inside objects;
 *   DOM nodes are `<tag id class>` (no attributes or text: they can carry what the user typed).
 */

const DEPTH = 3
const ITEMS = 20
const LEAF_CHARS = 200
const STACK_FRAMES = 10

export interface FormattedMessage {
  message: string
  truncated: boolean
}

const own = Object.prototype.hasOwnProperty
const describeTag = (value: object): string => Object.prototype.toString.call(value).slice(8, -1)
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

class Writer {
  text = ''
  truncated = false
  get full(): boolean {
    return this.text.length >= CONSOLE_MESSAGE_CHARS
  }
  write(part: string): void {
    const room = CONSOLE_MESSAGE_CHARS - this.text.length
    // A 10 MB string logged costs its first 2,000 characters, not a copy of it.
    if (part.length > room) this.truncated = true
    if (room > 0) this.text += part.length > room ? part.slice(0, room) : part
  }
  cut(): void {
    this.truncated = true
    this.write('…')
  }
}

export function formatConsoleArgs(args: readonly unknown[]): FormattedMessage {
  const out = new Writer()
  let rest = args
  const first = args[0]
  if (typeof first === 'string' && first.includes('%')) {
    let next = 1
    const take = (): { value: unknown } | null => (next < args.length ? { value: args[next++] } : null)
    const pieces = first.split(/(%[sdifoOc%])/)
    for (const piece of pieces) {
      const specifier = /^%[sdifoOc%]$/.test(piece) ? piece[1] : null
      if (!specifier) out.write(piece)
      else if (specifier === '%') out.write('%')
      else {
        const argument = take()
        if (!argument) out.write(piece)
        else if (specifier === 's') writeTop(out, argument.value, true)
        else if (specifier === 'd' || specifier === 'i') out.write(numberText(argument.value, Math.trunc))
        else if (specifier === 'f') out.write(numberText(argument.value, (n) => n))
        else if (specifier !== 'c') writeValue(out, argument.value, 0, [])
      }
    }
    rest = args.slice(next)
    if (rest.length > 0) out.write(' ')
  }
  rest.forEach((value, index) => {
    if (index > 0) out.write(' ')
    writeTop(out, value, false)
  })
  return { message: out.text, truncated: out.truncated }
}

/**
 * One value as the whole of an argument: strings as they are, errors with their stack; anything else as inside
 * an object. `forString`: a `%s` substitution, which shows objects briefly.
 */
function writeTop(out: Writer, value: unknown, forString: boolean): void {
  if (typeof value === 'string') return out.write(value)
  if (value instanceof Error && !forString) {
    const stack = safely(() => value.stack)
    const head = errorHead(value)
    if (typeof stack === 'string') {
      // V8's stack starts with the head itself; other engines' is frames only.
      const frames = trimStack(stack, STACK_FRAMES, CONSOLE_MESSAGE_CHARS)
      return out.write(frames.startsWith(head) ? frames : `${head}\n${frames}`)
    }
    return out.write(head)
  }
  writeValue(out, value, forString ? DEPTH : 0, [])
}

function numberText(value: unknown, round: (n: number) => number): string {
  if (typeof value === 'number') return String(round(value))
  if (typeof value === 'bigint') return `${value}n`
  return 'NaN'
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}

function errorHead(error: Error): string {
  const name = safely(() => error.name)
  const message = safely(() => error.message)
  const head = typeof name === 'string' ? name : 'Error'
  return typeof message === 'string' && message ? `${head}: ${message}` : head
}

/** `ancestors`: the objects being written around this one, to tell a cycle from a shared reference. */
function writeValue(out: Writer, value: unknown, depth: number, ancestors: object[]): void {
  if (out.full) return out.cut()
  switch (typeof value) {
    case 'string':
      return out.write(JSON.stringify(value.length > LEAF_CHARS ? `${value.slice(0, LEAF_CHARS)}…` : value))
    case 'bigint':
      return out.write(`${value}n`)
    case 'symbol':
      return out.write(String(value))
    case 'function':
      return out.write(`ƒ ${functionName(value)}()`)
    case 'object':
      if (value === null) return out.write('null')
      try {
        return writeObject(out, value, depth, ancestors)
      } catch {
        // A Proxy whose traps throw (or a revoked one): what was written of it stays, the rest is left out.
        return out.write('…}')
      }
    default:
      // number, boolean, undefined: String() runs no page code for them.
      return out.write(Object.is(value, -0) ? '-0' : String(value))
  }
}

function functionName(fn: object): string {
  const descriptor = safely(() => Object.getOwnPropertyDescriptor(fn, 'name'))
  return descriptor && typeof descriptor.value === 'string' ? descriptor.value : ''
}

function writeObject(out: Writer, value: object, depth: number, ancestors: object[]): void {
  if (ancestors.includes(value)) return out.write('[Circular]')
  const brief = briefly(value)
  if (brief !== null) return out.write(brief)
  if (depth >= DEPTH) return out.write(Array.isArray(value) ? `Array(${value.length})` : '{…}')
  const inner = [...ancestors, value]
  if (Array.isArray(value)) {
    out.write('[')
    const shown = Math.min(value.length, ITEMS)
    for (let index = 0; index < shown && !out.full; index++) {
      if (index > 0) out.write(', ')
      writeProperty(out, value, String(index), depth, inner)
    }
    if (value.length > shown) out.cut()
    return out.write(']')
  }
  const className = constructorName(value)
  out.write(className && className !== 'Object' ? `${className} {` : '{')
  let count = 0
  for (const key in value) {
    if (!own.call(value, key)) continue
    if (count === ITEMS || out.full) {
      out.cut()
      break
    }
    out.write(`${count++ > 0 ? ', ' : ''}${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: `)
    writeProperty(out, value, key, depth, inner)
  }
  out.write('}')
}

/** A property's value if it is a plain data property; accessors are named, not called. */
function writeProperty(out: Writer, target: object, key: string, depth: number, ancestors: object[]): void {
  const descriptor = safely(() => Object.getOwnPropertyDescriptor(target, key))
  if (!descriptor) return out.write(Array.isArray(target) ? 'empty' : 'undefined')
  if ('value' in descriptor) return writeValue(out, descriptor.value, depth + 1, ancestors)
  out.write(descriptor.set ? (descriptor.get ? '[Getter/Setter]' : '[Setter]') : '[Getter]')
}

/** The objects shown in one word rather than key by key; null for the others. */
function briefly(value: object): string | null {
  if (value instanceof Error) return errorHead(value)
  if (typeof Node === 'function' && value instanceof Node) return describeNode(value)
  if (ArrayBuffer.isView(value))
    return `${describeTag(value)}(${(value as { length?: number }).length ?? value.byteLength})`
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`
  if (value instanceof Map || value instanceof Set) return `${describeTag(value)}(${safely(() => value.size) ?? '?'})`
  if (value instanceof Date) return safely(() => Date.prototype.toISOString.call(value)) ?? 'Invalid Date'
  if (value instanceof RegExp) return safely(() => RegExp.prototype.toString.call(value)) ?? '/…/'
  if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet) return describeTag(value)
  return null
}

function describeNode(node: Node): string {
  if (!(node instanceof Element)) return node.nodeName.toLowerCase()
  const id = node.id ? ` id="${node.id}"` : ''
  const className = typeof node.className === 'string' && node.className ? ` class="${node.className}"` : ''
  return `<${node.tagName.toLowerCase()}${id}${className}>`
}

function constructorName(value: object): string | null {
  const prototype = safely(() => Object.getPrototypeOf(value) as object | null)
  if (!prototype) return null
  const descriptor = safely(() => Object.getOwnPropertyDescriptor(prototype, 'constructor'))
  return typeof descriptor?.value === 'function' ? functionName(descriptor.value as object) || null : null
}

/** A rejection's reason or a thrown non-Error, as error capture records it: the same bounded writing. */
export function describeValue(value: unknown): string {
  const out = new Writer()
  writeValue(out, value, 0, [])
  return out.text
}
