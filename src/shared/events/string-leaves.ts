// The strings inside a recorded value (a custom event's payload), found by a bounded, iterative walk: a
// hostile payload nested 30,000 deep or holding a million strings costs at most MAX_LEAVES strings of at
// most `maxLength` characters and MAX_DEPTH levels. Keys are not leaves (they are the page's names).

const MAX_DEPTH = 16
const MAX_VISITS = 5000

export interface StringLeaf {
  /** The dotted path of the string in the value (`user.email`, `items.2`), '' at the top. */
  path: string
  text: string
}

export function stringLeaves(value: unknown, maxLeaves = 200, maxLength = 2000): StringLeaf[] {
  const out: StringLeaf[] = []
  const stack: [unknown, string, number][] = [[value, '', 0]]
  let visits = 0
  while (stack.length > 0 && out.length < maxLeaves && visits++ < MAX_VISITS) {
    const [item, path, depth] = stack.pop()!
    if (typeof item === 'string') {
      if (item) out.push({ path, text: item.length > maxLength ? item.slice(0, maxLength) : item })
      continue
    }
    if (item === null || typeof item !== 'object' || depth >= MAX_DEPTH) continue
    // The stack holds at most MAX_VISITS entries (never a copy of a huge object or array).
    const room = MAX_VISITS - stack.length
    const entries: [string, unknown][] = []
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length && i < room; i++) entries.push([String(i), item[i]])
    } else {
      for (const key in item) {
        if (entries.length >= room) break
        entries.push([key, (item as Record<string, unknown>)[key]])
      }
    }
    // Pushed last to first, so leaves come out in the value's order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, each] = entries[i]!
      stack.push([each, path ? `${path}.${key}` : key, depth + 1])
    }
  }
  return out
}
