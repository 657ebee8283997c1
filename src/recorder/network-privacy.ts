import {
  HEADER_NAME_CHARS,
  HEADER_VALUE_CHARS,
  MAX_HEADERS,
  URL_CHARS,
  type HttpMessage
} from '../shared/devtools-events'
import type { MaskLevel } from '../shared/types'
import { maskPageText, scrubValues } from './field-values'
import { clip } from './stack-frames'
import { maskText } from './strict-text-attributes'

/**
 * What of a request may leave the browser, and masked how (README, "What is recorded"):
 *
 * - URLs: absolute, without user:password@ or #fragment, every query-string value masked (keys kept) at every
 *   mask level, and the values of the page's fields scrubbed out of the rest (raw and percent-encoded).
 *   A data: URL keeps only its type.
 * - Headers (bodies-allowed URLs only): never the credentials (SECRET_HEADER), whatever the attributes say;
 *   values masked like page text for the level.
 * - Bodies (bodies-allowed URLs only): `lax` keeps them (password values scrubbed out); `moderate` masks the
 *   string values of JSON and the values of form-encoded bodies and scrubs field values out of any other text;
 *   `strict` masks JSON's string and number values and every character of other text. JSON keys stay.
 */

/**
 * Header names that carry credentials. Authorization, Proxy-Authorization, Cookie and Set-Cookie, and anything
 * named like a key, token, secret, session, password, CSRF token or signature (x-api-key, x-auth-token, …).
 */
const SECRET_HEADER = /auth|cookie|token|secret|key|session|passw|csrf|xsrf|signature|credential/i
export const isSecretHeader = (name: string): boolean => SECRET_HEADER.test(name)

/**
 * `?a=1&b=&c` → `?a=*&b=&*`: every value masked, one `*` per character, the keys and separators kept. A part
 * without `=` is masked whole: `?3f9a…` after a reset link is a token, not a key.
 */
export const maskFormValues = (query: string): string =>
  query.replace(/[^?&]+/g, (part) => {
    const equals = part.indexOf('=')
    return equals === -1 ? '*'.repeat(part.length) : part.slice(0, equals + 1) + '*'.repeat(part.length - equals - 1)
  })

/** A request's URL as recorded (see above). `base` resolves relative URLs (the document's base URL). */
export function recordedUrl(raw: string, base: string, fieldValues: readonly string[]): string {
  let url: URL
  try {
    url = new URL(raw, base)
  } catch {
    // fetch fails on it too; what the page passed is recorded, its query masked.
    const query = raw.indexOf('?')
    const path = query === -1 ? raw : raw.slice(0, query)
    return clip(scrubUrl(path, fieldValues) + (query === -1 ? '' : maskFormValues(raw.slice(query))), URL_CHARS)
  }
  if (url.protocol === 'data:') return clip(`data:${url.pathname.split(/[;,]/)[0]}`, URL_CHARS)
  const query = url.search
  url.username = ''
  url.password = ''
  url.hash = ''
  url.search = ''
  return clip(scrubUrl(url.href, fieldValues) + maskFormValues(query), URL_CHARS)
}

/** A typed value shows in a URL as typed or percent-encoded (jane%40example.com). */
function scrubUrl(text: string, fieldValues: readonly string[]): string {
  if (fieldValues.length === 0) return text
  return scrubValues(text, [...fieldValues, ...fieldValues.map(encodeURIComponent)])
}

/** Raw headers and body of one side of a request, before masking. */
export interface RawMessage {
  headers: Iterable<[string, string]>
  body: BodyText | null
  contentType: string | null
}

export interface BodyText {
  text: string
  truncated: boolean
}

/** A recorded side of a request (headers, body) masked for the level. */
export function maskedMessage(raw: RawMessage, level: MaskLevel, fieldValues: readonly string[]): HttpMessage {
  const headers: Record<string, string> = {}
  let count = 0
  for (const [name, value] of raw.headers) {
    const key = name.toLowerCase()
    if (isSecretHeader(key) || key.length > HEADER_NAME_CHARS || count >= MAX_HEADERS) continue
    headers[key] = maskPageText(clip(value, HEADER_VALUE_CHARS), level, fieldValues)
    count++
  }
  const body = raw.body && maskedBody(raw.body.text, raw.contentType, level, fieldValues)
  return { headers, body: body ?? null, truncated: raw.body?.truncated ?? false }
}

function maskedBody(text: string, contentType: string | null, level: MaskLevel, fieldValues: readonly string[]) {
  if (level === 'lax') return scrubValues(text, fieldValues)
  const type = contentType ?? ''
  const json = /json/i.test(type) || (!type && /^\s*[[{]/.test(text))
  if (json) return scrubValues(maskJsonValues(text, level === 'strict'), fieldValues)
  if (level === 'strict') return maskText(text)
  if (/x-www-form-urlencoded/i.test(type)) return maskFormValues(text)
  return scrubValues(text, fieldValues)
}

/**
 * JSON text with its string values masked (`*` per character; the quotes, keys, structure and whitespace
 * stay), and with `numbers`, the digits of numbers too. A scanner, not JSON.parse: a body cut at 10 KB is not
 * valid JSON, and its last, unterminated string must be masked all the same.
 */
export function maskJsonValues(text: string, numbers: boolean): string {
  let out = ''
  let index = 0
  while (index < text.length) {
    const char = text[index]!
    if (char !== '"') {
      out += numbers && char >= '0' && char <= '9' ? '*' : char
      index++
      continue
    }
    let end = index + 1
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
    end = Math.min(end, text.length)
    let after = end + 1
    while (after < text.length && /\s/.test(text[after]!)) after++
    const isKey = end < text.length && text[after] === ':'
    const content = text.slice(index + 1, end)
    out += `"${isKey ? content : maskText(content)}${end < text.length ? '"' : ''}`
    index = end + 1
  }
  return out
}
