// How deeply a JSON text nests, found by one pass over its bytes, before anything recursive sees it.
// JSON.parse copes with any depth, but JSON.stringify, structured clone (IPC) and recursive tree walkers
// overflow the stack on data nested a few thousand levels deep; a hostile page can send exactly that.

import { CLOSE_ARRAY, CLOSE_OBJECT, closingQuote, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes'

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
      // Skip the string (an unterminated one runs to the end).
      const quote = closingQuote(bytes, i + 1)
      if (quote < 0) return deepest
      i = quote
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
