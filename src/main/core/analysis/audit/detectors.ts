// Personal data and secrets in a piece of text. Each detector finds candidates with a pattern and confirms
// them with a check that a look-alike fails; maintained libraries do the checks they exist for:
//   email   validator's isEmail (RFC rules, a real TLD), not a file name like icon@2x.png
//   card    13–19 digits, no separators or one kind in groups of 3–6, validator's isCreditCard (issuer
//           prefixes and lengths, Luhn)
//   phone   libphonenumber-js (max metadata: valid numbers of the country, international or the session's
//           national form) and written as a phone number: with a leading + or separators (a bare run of
//           digits is an order id far more often), not glued to a longer token (A-2024-000123)
//   iban    ibantools (country length and mod-97 checksum)
//   ssn     US social security numbers as NNN-NN-NNNN (or spaced after "SSN"), the SSA's impossible
//           areas, groups and serials excluded
//   jwt     three base64url parts whose first decodes to a JSON header with `alg`
//   secret  known key prefixes (Stripe, GitHub, AWS, Slack, Google, OpenAI, GitLab, npm, SendGrid) with a
//           random-looking body
//   ipv4    dotted quads validator accepts, not loopback, unspecified, broadcast or multicast, and not a
//           version number (`v1.2.3.4`, "version 10.0.0.1")
// Overlapping candidates: the more specific kind wins (a JWT over the phone-like digits inside it).
import isCreditCard from 'validator/lib/isCreditCard.js'
import isEmail from 'validator/lib/isEmail.js'
import isIP from 'validator/lib/isIP.js'
import { electronicFormatIBAN, getCountrySpecifications, isValidIBAN } from 'ibantools'
import { findPhoneNumbersInText, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max'
import type { PiiKind } from '../../../../shared/audit'

export interface Detection {
  kind: PiiKind
  /** Offsets in the text, and the text between them (what a redaction replaces). */
  start: number
  end: number
  value: string
}

export interface DetectOptions {
  /** Country for phone numbers written without +country code (the session's language region). */
  defaultCountry?: CountryCode
  /** IPv4 addresses count only inside page content (not in URLs, where they are the host). */
  ipv4?: boolean
}

/** Cheap test first: every detector needs a digit, an @ or a JWT's `eyJ` (secrets are checked for digits). */
const MAYBE = /[0-9@]|eyJ/

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g
/** Things named like an address that are files (retina images: icon@2x.png). */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'bmp', 'css', 'js', 'map'])

/** An address's name is at most 64 characters, its domain at most 255 (RFC 5321). */
const LOCAL_MAX = 64
const DOMAIN_MAX = 255

function emails(text: string, out: Detection[]): void {
  // The pattern runs only around each @ (from every position of a long text it would cost its square).
  let done = 0
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const from = Math.max(done, at - LOCAL_MAX)
    if (from > at) continue
    const window = text.slice(from, at + 1 + DOMAIN_MAX)
    EMAIL.lastIndex = 0
    const match = EMAIL.exec(window)
    if (!match || from + match.index > at) continue
    done = from + match.index + match[0].length
    emailAt(match[0], from + match.index, out)
  }
}

function emailAt(candidate: string, index: number, out: Detection[]): void {
  const value = candidate.replace(/^[._%+-]+/, '')
  const start = index + (candidate.length - value.length)
  const tld = value.slice(value.lastIndexOf('.') + 1).toLowerCase()
  if (FILE_TLDS.has(tld) || !isEmail(value, { require_tld: true })) return
  out.push({ kind: 'email', start, end: start + value.length, value })
}

/** Runs of digits separated by one space or dash: the groups a card number is written in. */
const DIGIT_GROUPS = /\d+(?:[ -]\d+)*/g

function cards(text: string, out: Detection[]): void {
  for (const match of text.matchAll(DIGIT_GROUPS)) {
    const base = match.index
    // Part of an alphanumeric id (ID4111…) or of a decimal or dotted figure (12.4111…) is not a card.
    const before = text[base - 1] ?? ''
    if (/[A-Za-z]/.test(before) || (/[.,/]/.test(before) && /\d/.test(text[base - 2] ?? ''))) continue
    const groups = [...match[0].matchAll(/\d+/g)].map((group) => ({ at: base + group.index, digits: group[0] }))
    for (let first = 0; first < groups.length; first++) {
      const found = longestCard(text, groups, first)
      if (found) {
        out.push(found)
        first = found.lastGroup
      }
    }
  }
}

function longestCard(
  text: string,
  groups: { at: number; digits: string }[],
  first: number
): (Detection & { lastGroup: number }) | null {
  let best: (Detection & { lastGroup: number }) | null = null
  let digits = ''
  let separator: string | null = null
  for (let last = first; last < groups.length; last++) {
    const group = groups[last]!
    if (last > first) {
      const between = text[group.at - 1]!
      if (separator !== null && between !== separator) break
      separator = between
    }
    digits += group.digits
    if (digits.length > 19) break
    // Written in groups, every group has 3–6 digits; a lone run is the whole number.
    const grouped = last > first
    if (grouped && groups.slice(first, last + 1).some((each) => each.digits.length < 3 || each.digits.length > 6)) break
    if (digits.length < 13) continue
    const end = group.at + group.digits.length
    const after = text.slice(end, end + 2)
    if (/^[.,]\d/.test(after) || /^[A-Za-z]/.test(after)) continue
    if (isCreditCard(digits)) best = { kind: 'card', start: groups[first]!.at, end, value: '', lastGroup: last }
  }
  if (!best) return null
  // A number that goes on in the same grouping (4111 1111 1111 1111 1111 1) is an account or reference
  // number; a short group after it (an expiry month, 4111 … 1111 12/27) is not part of it.
  const next = groups[best.lastGroup + 1]
  if (best.lastGroup > first && next && next.digits.length >= 3 && text[next.at - 1] === separator) return null
  best.value = text.slice(best.start, best.end)
  return best
}

const groupSizes = (text: string) => (text.match(/\d+/g) ?? []).map((group) => group.length).join(',')

/** Whether a national number's digit groups are those of its country's national or international format. */
function groupedAsPhone(value: string, number: PhoneNumber): boolean {
  const sizes = groupSizes(value)
  return sizes === groupSizes(number.formatNational()) || sizes === groupSizes(number.formatInternational())
}

/**
 * Where a phone number could be: a short run of digits and phone punctuation. libphonenumber reads only
 * these (it costs ~40 ms on 5,000 characters of digits and spaces; a hostile page could repeat that).
 */
const PHONE_REGION = /(?:\+|\()?\d[\d\s()./-]*\d\)?/g
const MAX_PHONE_REGION = 48

function phones(text: string, options: DetectOptions, out: Detection[]): void {
  if ((text.match(/\d/g)?.length ?? 0) < 7) return
  for (const region of text.matchAll(PHONE_REGION)) {
    if (region[0].length > MAX_PHONE_REGION) continue
    for (const found of findPhoneNumbersInText(region[0], { defaultCountry: options.defaultCountry ?? 'US' })) {
      const start = region.index + found.startsAt
      const end = region.index + found.endsAt
      const value = text.slice(start, end)
      if (!/^\+|[\s().-]/.test(value)) continue
      // Written without +, a number is grouped the way its country writes it (2024-00-1234 is a reference).
      if (!value.startsWith('+') && !groupedAsPhone(value, found.number)) continue
      // Part of a longer token (an order id A-2024-000123, a path /415-555-2671/, #415…) is not a phone.
      if (/[A-Za-z0-9#_/-]/.test(text[start - 1] ?? '') || /[A-Za-z0-9_/-]/.test(text[end] ?? '')) continue
      out.push({ kind: 'phone', start, end, value })
    }
  }
}

const IBAN_START = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})/g
const IBAN_LENGTHS: Record<string, number | undefined> = Object.fromEntries(
  Object.entries(getCountrySpecifications()).map(([country, spec]) => [country, spec.chars ?? undefined])
)

function ibans(text: string, out: Detection[]): void {
  for (const match of text.matchAll(IBAN_START)) {
    const length = IBAN_LENGTHS[match[1]!]
    if (!length) continue
    // Collect the country's number of characters, allowing one space between them (print format).
    let chars = 0
    let end = match.index
    while (end < text.length && chars < length) {
      if (/[A-Z0-9]/.test(text[end]!)) {
        chars++
        end++
      } else if (text[end] === ' ' && /[A-Z0-9]/.test(text[end + 1] ?? '') && chars > 0) end++
      else break
    }
    if (chars !== length || /[A-Za-z0-9]/.test(text[end] ?? '')) continue
    const value = text.slice(match.index, end)
    if (isValidIBAN(electronicFormatIBAN(value) ?? '')) out.push({ kind: 'iban', start: match.index, end, value })
  }
}

const SSN_DASHED = /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g
const SSN_SPACED = /\b(?:SSN|social security(?: number)?)[:#\s]*?(\d{3}) (\d{2}) (\d{4})(?!\d)/gi

function ssns(text: string, out: Detection[]): void {
  for (const pattern of [SSN_DASHED, SSN_SPACED]) {
    for (const match of text.matchAll(pattern)) {
      const [, area, group, serial] = match as unknown as [string, string, string, string]
      if (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000') continue
      // NNN-NN-NNNN or NNN NN NNNN: 11 characters from the area on (the prefix has no digits).
      const start = match.index + match[0].indexOf(area)
      out.push({ kind: 'ssn', start, end: start + 11, value: text.slice(start, start + 11) })
    }
  }
}

const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])/g

function jwts(text: string, out: Detection[]): void {
  for (const match of text.matchAll(JWT)) {
    const header = match[0].slice(0, match[0].indexOf('.'))
    let alg: unknown
    try {
      alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg
    } catch {
      continue
    }
    if (typeof alg === 'string')
      out.push({ kind: 'jwt', start: match.index, end: match.index + match[0].length, value: match[0] })
  }
}

/** Known key formats: the prefix says what it is, the body is random. */
const SECRET =
  /(?<![A-Za-z0-9_-])(?:(?:sk|rk|pk)_live_[0-9A-Za-z]{16,}|(?:sk|rk)_test_[0-9A-Za-z]{16,}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abprs]-[0-9A-Za-z-]{10,}|AIza[0-9A-Za-z_-]{35}|sk-(?:proj-)?[A-Za-z0-9_-]{32,}|glpat-[0-9A-Za-z_-]{20,}|npm_[A-Za-z0-9]{36}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g

/** A random body has digits, letters and many distinct characters (`sk_live_xxxxxxxx…` is a placeholder). */
function looksRandom(value: string): boolean {
  const body = value.replace(/^[A-Za-z]+[_-](?:live_|test_|proj-)?|^(?:AKIA|ASIA|AIza)/, '')
  return /\d/.test(body) && /[A-Za-z]/.test(body) && new Set(body).size >= 10
}

function secrets(text: string, out: Detection[]): void {
  for (const match of text.matchAll(SECRET)) {
    if (looksRandom(match[0]))
      out.push({ kind: 'secret', start: match.index, end: match.index + match[0].length, value: match[0] })
  }
}

const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)/g
const VERSION_CONTEXT =
  /(?:\bv|\bversion|\bver\.?|\brelease|\bbuild|\brev(?:ision)?|\bfirmware|\bchapter|\bsection|§)\s*$/i

function ipv4s(text: string, out: Detection[]): void {
  for (const match of text.matchAll(IPV4)) {
    const value = match[0]
    if (!isIP(value, 4)) continue
    // Unspecified, loopback, multicast and broadcast addresses are nobody's.
    const first = Number(value.slice(0, value.indexOf('.')))
    if (first === 0 || first === 127 || first >= 224) continue
    if (VERSION_CONTEXT.test(text.slice(Math.max(0, match.index - 16), match.index))) continue
    out.push({ kind: 'ipv4', start: match.index, end: match.index + value.length, value })
  }
}

/** Which kind wins where two candidates overlap: the more specific one. */
const PRIORITY: PiiKind[] = ['jwt', 'secret', 'iban', 'card', 'email', 'ssn', 'ipv4', 'phone']

/** Every detection in `text`, in order, none overlapping. */
export function detect(text: string, options: DetectOptions = {}): Detection[] {
  if (!MAYBE.test(text)) return []
  const found: Detection[] = []
  jwts(text, found)
  secrets(text, found)
  ibans(text, found)
  cards(text, found)
  emails(text, found)
  ssns(text, found)
  if (options.ipv4 !== false) ipv4s(text, found)
  phones(text, options, found)
  if (found.length === 0) return found
  found.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || a.start - b.start)
  const kept: Detection[] = []
  for (const candidate of found) {
    if (!kept.some((other) => candidate.start < other.end && other.start < candidate.end)) kept.push(candidate)
  }
  return kept.sort((a, b) => a.start - b.start)
}
