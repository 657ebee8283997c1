// Short, bounded text for values a recording carries (custom payloads, console arguments): JSON-like, cut at
// `max` characters and MAX_PREVIEW_DEPTH levels, so a hostile payload nested 30,000 deep costs a bounded
// walk (JSON.stringify would recurse all the way and overflow the stack).

const MAX_PREVIEW_DEPTH = 6
/** Entries listed per object or array before "…". */
const MAX_PREVIEW_ENTRIES = 20

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text
}

/** `value` as short JSON-like text: strings as they are at the top level, quoted inside objects. */
export function preview(value: unknown, max: number): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return clip(value, max)
  const out: string[] = []
  let length = 0
  const write = (part: string): boolean => {
    out.push(part)
    length += part.length
    return length <= max
  }
  const walk = (item: unknown, depth: number): boolean => {
    if (item === null || typeof item !== 'object') {
      if (typeof item === 'string') return write(JSON.stringify(item.length > max ? item.slice(0, max) : item))
      if (typeof item === 'number' || typeof item === 'boolean') return write(String(item))
      return write('null')
    }
    if (depth >= MAX_PREVIEW_DEPTH) return write(Array.isArray(item) ? '[…]' : '{…}')
    const entries = Array.isArray(item) ? item.map((each, i) => [i, each] as const) : Object.entries(item)
    if (!write(Array.isArray(item) ? '[' : '{')) return false
    let count = 0
    for (const [key, each] of entries) {
      if (count > 0 && !write(',')) return false
      if (++count > MAX_PREVIEW_ENTRIES) return write('…')
      if (typeof key === 'string' && !write(`${JSON.stringify(key)}:`)) return false
      if (!walk(each, depth + 1)) return false
    }
    return write(Array.isArray(item) ? ']' : '}')
  }
  walk(value, 0)
  return clip(out.join(''), max)
}
