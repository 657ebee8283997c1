// How deeply a JSON text nests, found by one pass over its bytes, before anything recursive sees it.
// JSON.parse copes with any depth, but JSON.stringify, structured clone (IPC) and recursive tree walkers
// overflow the stack on data nested a few thousand levels deep; a hostile page can send exactly that.

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const OPEN_ARRAY = 0x5b
const CLOSE_OBJECT = 0x7d
const CLOSE_ARRAY = 0x5d

/**
 * The deepest nesting of objects and arrays in the UTF-8 JSON `bytes`, or the first depth past `limit`
 * (the scan stops there). Brackets inside strings do not count; UTF-8 continuation bytes are all ≥ 0x80,
 * so they never look like a quote, a backslash or a bracket. Malformed JSON gives some number: JSON.parse
 * judges it afterwards.
 */
export function jsonNestingDepth(bytes: Uint8Array, limit = Infinity): number {
  let depth = 0
  let deepest = 0
  const end = bytes.length
  for (let i = 0; i < end; i++) {
    const byte = bytes[i]!
    if (byte === QUOTE) {
      // Skip the string: up to the next quote not escaped by a backslash. indexOf finds quotes natively
      // (rrweb JSON is mostly long strings); a quote preceded by an odd run of backslashes is escaped.
      for (let from = i + 1; ;) {
        const quote = bytes.indexOf(QUOTE, from)
        if (quote < 0) return deepest
        let backslashes = 0
        for (let j = quote - 1; j > i && bytes[j] === BACKSLASH; j--) backslashes++
        if (backslashes % 2 === 0) {
          i = quote
          break
        }
        from = quote + 1
      }
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > deepest) {
        deepest = depth
        if (depth > limit) return depth
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--
    }
  }
  return deepest
}
