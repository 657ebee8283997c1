import type { MaskLevel } from '../shared/types'
import { maskText } from './strict-text-attributes'

/** Shorter values are not scrubbed from error messages: "12" would mask every line number 12. */
export const MIN_SCRUBBED_LENGTH = 3

/** Fields whose value is a choice made by clicking, not something typed: nothing personal to scrub. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'file', 'range', 'color'])

/**
 * The values now in the page's form fields that the mask level keeps from leaving the browser (every
 * field under moderate and strict, password fields under lax): error-capture scrubs them out of error
 * messages, which often quote what the user typed ("invalid email jane@example.com").
 */
export function maskedFieldValues(root: ParentNode, level: MaskLevel): string[] {
  const selector = level === 'lax' ? 'input[type="password" i]' : 'input, textarea, select'
  const values = new Set<string>()
  for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(selector)) {
    if (field instanceof HTMLInputElement && NOT_TYPED.has(field.type)) continue
    const value = field.value
    if (value.length >= MIN_SCRUBBED_LENGTH) values.add(value)
  }
  // Longest first, so a value containing another is scrubbed whole.
  return [...values].sort((a, b) => b.length - a.length)
}

/** `text` with every occurrence of each value replaced by as many `*`. */
export function scrubValues(text: string, values: readonly string[]): string {
  let scrubbed = text
  for (const value of values) scrubbed = scrubbed.split(value).join('*'.repeat(value.length))
  return scrubbed
}

/**
 * Text the page's code wrote (an error or console message, a header value, a text body) masked for the level:
 * under `strict` like page text; otherwise with the values of the page's fields the level masks scrubbed out,
 * since page code often quotes what was typed.
 */
export function maskPageText(text: string, level: MaskLevel, fieldValues: readonly string[]): string {
  return level === 'strict' ? maskText(text) : scrubValues(text, fieldValues)
}
