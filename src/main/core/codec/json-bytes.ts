// The bytes JSON's structure is made of, and the one rule for where a string ends, for the two readers that
// walk JSON text without parsing it: the nesting check at the door (json-depth.ts) and the file import's
// scanner (files/json-value-scanner.ts). UTF-8 continuation bytes are all ≥ 0x80, so inside a multi-byte
// character no byte ever looks like one of these.

export const QUOTE = 0x22
export const BACKSLASH = 0x5c
export const OPEN_OBJECT = 0x7b
export const CLOSE_OBJECT = 0x7d
export const OPEN_ARRAY = 0x5b
export const CLOSE_ARRAY = 0x5d
export const COMMA = 0x2c
export const COLON = 0x3a

/** How many backslashes stand right before `at`, counting back no further than `floor`. */
function backslashesBefore(bytes: Uint8Array, at: number, floor: number): number {
  let count = 0
  for (let j = at - 1; j >= floor && bytes[j] === BACKSLASH; j--) count++
  return count
}

/**
 * Inside a string whose text starts at `floor`, the index of its closing quote at or after `from`, or -1
 * when `bytes` ends first. Quotes are found with indexOf (native: rrweb JSON is mostly long strings); a quote
 * after an odd run of backslashes is escaped.
 */
export function closingQuote(bytes: Uint8Array, from: number, floor = from): number {
  for (let at = from; ;) {
    const quote = bytes.indexOf(QUOTE, at)
    if (quote < 0 || backslashesBefore(bytes, quote, floor) % 2 === 0) return quote
    at = quote + 1
  }
}

/** Whether `bytes` (string text from `floor`) ends on a backslash that escapes the next byte. */
export function endsInEscape(bytes: Uint8Array, floor: number): boolean {
  return backslashesBefore(bytes, bytes.length, floor) % 2 === 1
}
