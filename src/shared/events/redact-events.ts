// Rewrites recorded events for a redacted copy of a session: every occurrence of the given values (the
// audit's findings) in any string of any event is masked the way rrweb masks (one `*` per character,
// whitespace kept), and optionally all page text as `strict` would have masked it. The one place that
// writes rrweb events rather than reading them; it works in place on events the caller decoded for it.
//
// Values are matched as recorded and as a URL would carry them (percent-encoded, `+` for spaces), with any
// run of whitespace matching any other (the step model collapses whitespace in what it reports).
// Hostile input: the walk is iterative and bounded like every other walk of recorded data.
import type { RecordedEvent } from '../types'
import { EventType, IncrementalSource, isRecord, NodeType } from './rrweb'
import { isStrictTextAttribute } from '../strict-text-attributes'

/** Shorter beginnings of a value are not masked as typed parts of it (`j`, `ja` say nothing). */
const MIN_TYPED_PART = 3
/** Strings walked per event at most: a validated batch is far below this. */
const MAX_VISITS = 2_000_000

export const maskText = (text: string): string => text.replace(/\S/g, '*')

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The spellings of `value` to look for: as written, percent-encoded, and form-encoded. */
function spellings(value: string): string[] {
  const encoded = encodeURIComponent(value)
  return [...new Set([value, encoded, encoded.replace(/%20/g, '+')])]
}

export interface EventRedactor {
  /** Redacts the events in place; returns how many strings changed. */
  redact(events: RecordedEvent[]): number
  /** `text` (a page URL, a referrer) with the values masked. */
  redactText(text: string): string
  /** Whether `text` still holds one of the values (a redaction is checked with this before it is kept). */
  holdsValue(text: string): boolean
}

export function createEventRedactor(values: Iterable<string>, options: { maskAllText: boolean }): EventRedactor {
  const all = [...new Set([...values].filter((value) => value.length > 0))].flatMap(spellings)
  // Longest first, so a value that contains another is masked whole.
  all.sort((a, b) => b.length - a.length)
  const pattern =
    all.length > 0 ? new RegExp(all.map((value) => escapeRegExp(value).replace(/\s+/g, '\\s+')).join('|'), 'g') : null
  const maskValues = (text: string): string => (pattern ? text.replace(pattern, maskText) : text)
  const raw = all.filter((value) => !value.includes('%'))
  // A field's value while it was being typed is the start of the value typed: `jane.doe@exa`.
  const isTypedPart = (text: string): boolean => {
    const typed = text.trim()
    return typed.length >= MIN_TYPED_PART && raw.some((value) => value.startsWith(typed))
  }

  return {
    redactText: maskValues,
    holdsValue: (text) => all.some((value) => text.includes(value)),
    redact(events) {
      let changed = 0
      for (const event of events) {
        if (options.maskAllText) changed += maskPageText(event)
        changed += maskTypedParts(event, isTypedPart)
        changed += rewriteStrings(event, maskValues)
      }
      return changed
    }
  }
}

/** Applies `rewrite` to every string in `root` (object values and array items), in place; counts changes. */
function rewriteStrings(root: unknown, rewrite: (text: string) => string): number {
  let changed = 0
  let visits = 0
  const stack: unknown[] = [root]
  while (stack.length > 0 && visits++ < MAX_VISITS) {
    const item = stack.pop()
    if (item === null || typeof item !== 'object') continue
    const container = item as Record<string, unknown>
    for (const key in container) {
      const value = container[key]
      if (typeof value === 'string') {
        const next = rewrite(value)
        if (next !== value) {
          container[key] = next
          changed++
        }
      } else if (value !== null && typeof value === 'object') stack.push(value)
    }
  }
  return changed
}

/** Input values (and value attributes) that are a found value as it was being typed. */
function maskTypedParts(event: RecordedEvent, isTypedPart: (text: string) => boolean): number {
  const data = event.data
  if (!isRecord(data)) return 0
  const maskIf = (holder: Record<string, unknown>, key: string) =>
    typeof holder[key] === 'string' && isTypedPart(holder[key]) ? setMasked(holder, key) : 0
  if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Input)
    return maskIf(data, 'text')
  let changed = 0
  const eachElement = (attributes: Record<string, unknown>) => (changed += maskIf(attributes, 'value'))
  if (event.type === EventType.FullSnapshot) walkAttributes(data.node, eachElement)
  else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Mutation) {
    for (const add of Array.isArray(data.adds) ? data.adds : [])
      if (isRecord(add)) walkAttributes(add.node, eachElement)
    for (const change of Array.isArray(data.attributes) ? data.attributes : []) {
      if (isRecord(change) && isRecord(change.attributes)) eachElement(change.attributes)
    }
  }
  return changed
}

/** `strict` after the fact: text nodes, text mutations, text-bearing attributes and typed values masked. */
function maskPageText(event: RecordedEvent): number {
  const data = event.data
  if (!isRecord(data)) return 0
  if (event.type === EventType.FullSnapshot) return maskTree(data.node)
  if (event.type !== EventType.IncrementalSnapshot) return 0
  let changed = 0
  if (data.source === IncrementalSource.Mutation) {
    for (const add of Array.isArray(data.adds) ? data.adds : []) if (isRecord(add)) changed += maskTree(add.node)
    for (const text of Array.isArray(data.texts) ? data.texts : []) {
      if (isRecord(text) && typeof text.value === 'string') changed += setMasked(text, 'value')
    }
    for (const change of Array.isArray(data.attributes) ? data.attributes : []) {
      if (isRecord(change) && isRecord(change.attributes)) changed += maskAttributes(change.attributes)
    }
  } else if (data.source === IncrementalSource.Input && typeof data.text === 'string') {
    changed += setMasked(data, 'text')
  }
  return changed
}

function setMasked(holder: Record<string, unknown>, key: string): number {
  const value = holder[key] as string
  const masked = maskText(value)
  if (masked === value) return 0
  holder[key] = masked
  return 1
}

function maskAttributes(attributes: Record<string, unknown>): number {
  let changed = 0
  for (const name in attributes) {
    if ((isStrictTextAttribute(name) || name === 'value') && typeof attributes[name] === 'string') {
      changed += setMasked(attributes, name)
    }
  }
  return changed
}

/** Visits every serialized node of a tree (iterative, bounded). */
function walkNodes(root: unknown, visit: (node: Record<string, unknown>) => void): void {
  let visits = 0
  const stack: unknown[] = [root]
  while (stack.length > 0 && visits++ < MAX_VISITS) {
    const node = stack.pop()
    if (!isRecord(node)) continue
    visit(node)
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push(child)
  }
}

function walkAttributes(root: unknown, visit: (attributes: Record<string, unknown>) => void): void {
  walkNodes(root, (node) => {
    if (node.type === NodeType.Element && isRecord(node.attributes)) visit(node.attributes)
  })
}

function maskTree(root: unknown): number {
  let changed = 0
  walkNodes(root, (node) => {
    if (node.type === NodeType.Text && node.isStyle !== true && typeof node.textContent === 'string') {
      changed += setMasked(node, 'textContent')
    } else if (node.type === NodeType.Element && isRecord(node.attributes)) {
      changed += maskAttributes(node.attributes)
    }
  })
  return changed
}
