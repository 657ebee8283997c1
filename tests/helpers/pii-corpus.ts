// A labelled corpus for the privacy audit: planted values of every kind the detectors know, each placed in
// one of the places a person could read it (every `where`), and look-alike decoys (prices, dates, times,
// version numbers, order ids, room numbers, tracking codes, and near-misses of each kind) placed the same
// way. Built from a seeded generator as one recorded session (rrweb events, `lax`, so typed values are
// readable): the unit test and the bench's precision/recall rows read it through the real audit.
import { composeIBAN } from 'ibantools'
import { isValidPhoneNumber } from 'libphonenumber-js/max'
import { FINDING_WHERES, type FindingWhere, type PiiKind } from '../../src/shared/audit'
import type { RecordedEvent, RecorderConfig } from '../../src/shared/types'
import { custom, el, input, meta, snapshot, text, type Node } from './rrweb-events'
import { seededRandom } from './synthetic'

export interface Planted {
  kind: PiiKind
  value: string
  where: FindingWhere
}

export interface Corpus {
  planted: Planted[]
  decoys: { value: string; where: FindingWhere }[]
  /** One page load: snapshot, typing, navigations, custom events and errors. */
  events: RecordedEvent[]
  config: RecorderConfig
}

const T = 1_700_000_000_000
export const CORPUS_CONFIG: RecorderConfig = {
  maskLevel: 'lax',
  blockSelector: null,
  maskSelector: null,
  sampleRate: 1,
  maxDurationMs: 300_000,
  version: 'corpus',
  console: 'errors',
  networkBodies: []
}

type Random = () => number

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!
const digits = (random: Random, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('')
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const randomOf = (random: Random, alphabet: string, n: number) =>
  Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
/** Random characters with at least two digits and two letters (a real key's body). */
function keyBody(random: Random, alphabet: string, n: number): string {
  for (;;) {
    const body = randomOf(random, alphabet, n)
    if ((body.match(/\d/g)?.length ?? 0) >= 2 && (body.match(/[A-Za-z]/g)?.length ?? 0) >= 2) return body
  }
}

function luhnComplete(prefix: string, length: number, random: Random): string {
  const body = prefix + digits(random, length - prefix.length - 1)
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i])
    if (i % 2 === 0) digit *= 2
    if (digit > 9) digit -= 9
    sum += digit
  }
  return body + String((10 - (sum % 10)) % 10)
}

const groups = (value: string, sizes: number[], separator: string) => {
  const out: string[] = []
  let at = 0
  for (const size of sizes) {
    out.push(value.slice(at, at + size))
    at += size
  }
  return out.join(separator)
}

const FIRST = ['jane', 'john', 'maria', 'wei', 'amir', 'olga', 'li', 'sam', 'noor', 'pablo', 'anna', 'kofi']
const LAST = ['doe', 'smith', 'garcia', 'chen', 'khan', 'ivanova', 'okafor', 'lee', 'novak', 'silva']
const DOMAINS = [
  'example.com',
  'mail.example.org',
  'corp.example.net',
  'uni.example.edu',
  'example.co.uk',
  'example.de'
]

function planted(kind: PiiKind, random: Random): string {
  switch (kind) {
    case 'email': {
      const sep = pick(random, ['.', '_', '', '-', '+news.'])
      return `${pick(random, FIRST)}${sep}${pick(random, LAST)}${Math.floor(random() * 100)}@${pick(random, DOMAINS)}`
    }
    case 'card': {
      const issuer = pick(random, ['visa', 'mastercard', 'amex', 'discover', 'mastercard2'])
      if (issuer === 'amex') {
        const number = luhnComplete(pick(random, ['34', '37']), 15, random)
        return pick(random, [number, groups(number, [4, 6, 5], ' '), groups(number, [4, 6, 5], '-')])
      }
      const prefix = {
        visa: '4',
        mastercard: `5${1 + Math.floor(random() * 5)}`,
        discover: '6011',
        mastercard2: '2221'
      }[issuer]!
      const number = luhnComplete(prefix, 16, random)
      return pick(random, [number, groups(number, [4, 4, 4, 4], ' '), groups(number, [4, 4, 4, 4], '-')])
    }
    case 'phone': {
      for (;;) {
        const area = pick(random, ['212', '415', '646', '312', '617', '202', '305', '512', '206', '303'])
        const exchange = `${2 + Math.floor(random() * 8)}${digits(random, 2)}`
        const line = digits(random, 4)
        const candidates = [
          `(${area}) ${exchange}-${line}`,
          `${area}-${exchange}-${line}`,
          `${area}.${exchange}.${line}`,
          `+1 ${area} ${exchange} ${line}`,
          `+1-${area}-${exchange}-${line}`,
          `+44 20 7946 ${digits(random, 4)}`,
          `+49 30 ${digits(random, 8)}`,
          `+33 1 ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)} ${digits(random, 2)}`
        ]
        const value = pick(random, candidates)
        if (isValidPhoneNumber(value, 'US')) return value
      }
    }
    case 'iban': {
      const [country, bban] = pick(random, [
        ['DE', () => digits(random, 18)],
        ['GB', () => `${randomOf(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${digits(random, 14)}`],
        ['NL', () => `${randomOf(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${digits(random, 10)}`],
        // Countries without a national check digit inside the BBAN (ES and FR have one: a random BBAN is no IBAN).
        ['AT', () => digits(random, 16)],
        ['IE', () => `${randomOf(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4)}${digits(random, 14)}`]
      ] as const)
      const iban = composeIBAN({ countryCode: country, bban: bban() })!
      return random() < 0.5 ? iban : iban.replace(/(.{4})/g, '$1 ').trim()
    }
    case 'ssn': {
      let area = 1 + Math.floor(random() * 898)
      if (area === 666) area = 667
      const value = `${String(area).padStart(3, '0')}-${String(1 + Math.floor(random() * 99)).padStart(2, '0')}-${String(1 + Math.floor(random() * 9999)).padStart(4, '0')}`
      return value
    }
    case 'jwt': {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
      const header = encode({ alg: pick(random, ['HS256', 'RS256', 'ES256']), typ: 'JWT' })
      const payload = encode({
        sub: digits(random, 8),
        name: pick(random, FIRST),
        iat: 1_700_000_000 + Math.floor(random() * 1e6)
      })
      return `${header}.${payload}.${keyBody(random, `${ALNUM}_-`, 43)}`
    }
    case 'secret':
      return pick(random, [
        () => `sk_live_${keyBody(random, ALNUM, 24)}`,
        () => `ghp_${keyBody(random, ALNUM, 36)}`,
        () => `AKIA${keyBody(random, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
        () => `xoxb-${digits(random, 12)}-${digits(random, 13)}-${keyBody(random, ALNUM, 24)}`,
        () => `AIza${keyBody(random, `${ALNUM}_-`, 35)}`,
        () => `glpat-${keyBody(random, ALNUM, 20)}`
      ])()
    case 'ipv4': {
      const first = pick(random, [8, 23, 45, 62, 81, 93, 104, 151, 172, 185, 192, 203, 212])
      return `${first}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`
    }
  }
}

/** Look-alikes: things pages show all the time that no detector may call personal data or a secret. */
const DECOYS: readonly string[] = [
  // prices
  '$1,299.00',
  '€49,90',
  '1.299,00 €',
  'USD 12,499.99',
  '£0.99',
  'Total: 4,111.11',
  '19.99 / month',
  '¥ 120000',
  // dates and times
  '2024-03-15',
  '15.03.2024',
  '03/15/2024',
  '2024-03-15T14:30:00Z',
  '14:30',
  '09:05:33',
  '2024-03-15 14:30:00',
  'Mon, 15 Mar 2024 14:30:00 GMT',
  '20240315',
  '1710513000000',
  '12/27',
  // version numbers
  'v1.2.3',
  'version 2.14.0',
  'v1.2.3.4',
  'version 10.0.0.1',
  'Chrome/126.0.6478.126',
  'build 10.0.19041.1',
  'node v20.19.1',
  'release 4.5.4.1',
  '@scope/pkg@2.0.1',
  'react@19.3.1',
  // order ids and references
  'ORD-2024-000123',
  '#100234',
  'A-2024-000123',
  'Order 4155552671',
  'INV/2024/03/0042',
  'Ticket #8812-551',
  'PO 4500012345',
  'ref 0012-3456-7890',
  'SKU 123-456-789',
  'case 2024-00-1234',
  // room numbers and addresses
  'Room 1204',
  'Zimmer 3.14',
  'Gate B42',
  'Seat 14C',
  'Suite 1500',
  'Apt 4B, Floor 12',
  '10115 Berlin',
  // tracking codes
  '1Z999AA10123456784',
  '9400 1000 0000 0000 0000 00',
  '7489 1234 5678',
  'JD014600006281234567',
  'LX123456789DE',
  'RR123456785CN',
  // card-shaped, not cards (Luhn fails, no issuer, too short or long, mixed separators)
  '4111 1111 1111 1112',
  '1234 5678 9012 3456',
  '9999 9999 9999 9999',
  '4111-1111 1111-1111',
  '4111 1111 1111',
  '4111 1111 1111 1111 1111 1',
  '0000 0000 0000 0000',
  '5500 0000 0000 0005 7',
  // email look-alikes
  'icon@2x.png',
  'logo@3x.webp',
  'user@localhost',
  '@jane_doe',
  'name at example dot com',
  'jane@',
  'a@b',
  'support@example',
  'git@github',
  'background@2x.jpg',
  // IBAN look-alikes (checksum or length wrong)
  'DE89 3704 0044 0532 0130 01',
  'GB00 WEST 1234 5698 7654 32',
  'DE12345',
  'XX89 3704 0044 0532 0130 00',
  'NL91ABNA041716430',
  // SSN look-alikes
  '000-12-3456',
  '666-12-3456',
  '900-12-3456',
  '123-00-4567',
  '123-45-0000',
  '123-45-67890',
  '1234-56-789',
  // JWT look-alikes
  'eyJhbGciOi',
  'eyJub3Rqc29u.eyJhbGc.abc',
  'header.payload.signature',
  'eyJfoo.eyJbar.bazbazbazbazbazbaz',
  // secret look-alikes (placeholders, wrong prefixes, too short)
  'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
  'sk_test_YOUR_SECRET_KEY_HERE',
  'ghp_yourtokenhere',
  'AKIA_EXAMPLE',
  'xoxb-your-token',
  'pk_test_abc',
  'sk-proj-placeholder',
  'AIzaYourKeyHere',
  // IPv4 look-alikes
  '127.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '192.168.1',
  '10.0.0.1.5',
  '1.2.3',
  '224.0.0.1',
  // phone look-alikes
  'ISBN 978-3-16-148410-0',
  '555-0100',
  '+1 000 000 0000',
  '12345',
  'ext. 4412',
  '1-800-FLOWERS',
  '(555) 0199',
  'tel: 0000',
  '911',
  '112',
  // everyday figures
  'Coordinates 52.5200, 13.4050',
  'ZIP 94103-1234',
  '37.7749,-122.4194',
  'page 1 of 12',
  '1920x1080',
  'HTTP/1.1 200',
  'ID 123456789',
  '©2024 Example Inc.',
  'Temperature 21.5°C',
  'x1.5',
  'iPhone 15 Pro',
  'Score 3.14.15'
]

const SENTENCES = [
  (value: string) => `Contact: ${value}`,
  (value: string) => `${value} (saved)`,
  (value: string) => `Your details — ${value} — were updated.`,
  (value: string) => value
]

/**
 * The corpus as one session. `perKind` planted values per detector (≥ 25 gives ≥ 200), spread over every
 * `where` (IPv4 is never planted in a URL: there it is the host, and not looked for); every decoy in
 * every `where` it can take.
 */
export function buildCorpus(seed = 8, perKind = 27): Corpus {
  const random = seededRandom(seed)
  const kinds: PiiKind[] = ['email', 'card', 'phone', 'iban', 'ssn', 'jwt', 'secret', 'ipv4']
  const plantedList: Planted[] = []
  let slot = 0
  for (const kind of kinds) {
    const wheres = FINDING_WHERES.filter((where) => !(kind === 'ipv4' && where === 'url'))
    const seen = new Set<string>()
    while (seen.size < perKind) {
      const value = planted(kind, random)
      if (seen.has(value)) continue
      seen.add(value)
      plantedList.push({ kind, value, where: wheres[slot++ % wheres.length]! })
    }
  }
  const decoys = DECOYS.flatMap((value, i) => [
    { value, where: FINDING_WHERES[i % FINDING_WHERES.length]! },
    { value, where: FINDING_WHERES[(i + 3) % FINDING_WHERES.length]! }
  ])

  const body: Node[] = []
  const later: RecordedEvent[] = []
  let id = 100
  let ts = T + 1000
  const attributeNames = ['title', 'data-user', 'placeholder', 'aria-label', 'alt', 'href', 'value']
  const place = (value: string, where: FindingWhere, n: number) => {
    const sentence = SENTENCES[n % SENTENCES.length]!(value)
    switch (where) {
      case 'text':
        body.push(el(id++, 'p', { class: `row-${n}` }, [text(id++, sentence)]))
        return
      case 'attribute': {
        const name = attributeNames[n % attributeNames.length]!
        const attribute = name === 'href' ? `/profile?user=${encodeURIComponent(value)}&tab=1` : sentence
        const tag =
          name === 'href' ? 'a' : name === 'alt' ? 'img' : name === 'value' || name === 'placeholder' ? 'input' : 'span'
        body.push(el(id++, tag, { class: `row-${n}`, [name]: attribute }))
        return
      }
      case 'input': {
        const field = id++
        body.push(el(field, 'input', { name: `field-${n}` }))
        // Typed a few characters at a time, the way rrweb records a burst.
        for (let i = 3; i < value.length; i += 4) later.push(input((ts += 20), field, value.slice(0, i)))
        later.push(input((ts += 20), field, value))
        ts += 5000
        return
      }
      case 'url':
        later.push(
          custom((ts += 100), 'navigation', {
            href: `http://corpus.test/search?q=${encodeURIComponent(value)}&n=${n}`,
            via: 'pushState'
          })
        )
        return
      case 'custom':
        later.push(custom((ts += 100), 'analytics', { event: 'form', fields: { entry: sentence, n } }))
        return
      case 'error':
        later.push(
          custom((ts += 100), 'error', {
            kind: 'error',
            name: 'Error',
            message: `could not save ${sentence}`,
            source: 'http://corpus.test/app.js',
            line: n,
            column: 1,
            stack: `Error: could not save\n    at save (http://corpus.test/app.js:${n}:1)`,
            repeats: 0
          })
        )
        return
      case 'console':
        later.push(
          custom((ts += 100), 'console', {
            level: (['log', 'info', 'warn', 'error', 'debug'] as const)[n % 5],
            message: `saving ${sentence}`,
            truncated: false,
            source: 'http://corpus.test/app.js',
            line: n,
            column: 1,
            repeats: 0
          })
        )
        return
      case 'network': {
        // Half in a recorded JSON body (data-network-bodies asked), half in a request header.
        const inBody = n % 2 === 0
        const message = {
          headers: inBody ? { 'content-type': 'application/json' } : { 'x-note': sentence },
          body: inBody ? JSON.stringify({ note: sentence, n }) : null,
          truncated: false
        }
        later.push(
          custom((ts += 100), 'network', {
            initiator: 'fetch',
            method: 'POST',
            url: `http://corpus.test/api/notes/${n}?draft=**`,
            status: 201,
            error: null,
            start: ts,
            duration: 8,
            requestSize: 40,
            responseSize: 2,
            request: message,
            response: { headers: {}, body: '{}', truncated: false }
          })
        )
      }
    }
  }
  plantedList.forEach((each, n) => place(each.value, each.where, n))
  decoys.forEach((each, n) => place(each.value, each.where, plantedList.length + n))
  const page: Node = { id: 1, type: 0, childNodes: [el(2, 'html', {}, [el(3, 'head'), el(4, 'body', {}, body)])] }
  return {
    planted: plantedList,
    decoys,
    events: [meta(T, 'http://corpus.test/'), snapshot(T + 1, page), ...later],
    config: CORPUS_CONFIG
  }
}

export interface KindScore {
  truePositives: number
  falsePositives: number
  falseNegatives: number
  precision: number
  recall: number
}

export interface CorpusScore {
  perKind: Record<PiiKind, KindScore>
  overall: KindScore
  /** Planted values not found (kind, where). */
  missed: Planted[]
  /** Findings that match no planted value: the decoys (or pieces of values) called personal data. */
  falseAlarms: { kind: PiiKind; where: FindingWhere; value: string }[]
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b)
const normalize = (value: string) => value.replace(/\s+/g, ' ').trim()

/** Scores findings (with their values, from SessionAudit) against the corpus's labels. */
export function scoreCorpus(
  corpus: Corpus,
  findings: readonly { kind: PiiKind; where: FindingWhere; value: string }[]
): CorpusScore {
  const found = new Set(
    findings.map((finding) => `${finding.kind}\u0000${finding.where}\u0000${normalize(finding.value)}`)
  )
  const plantedKeys = new Set(corpus.planted.map((each) => `${each.kind}\u0000${normalize(each.value)}`))
  const missed = corpus.planted.filter(
    (each) => !found.has(`${each.kind}\u0000${each.where}\u0000${normalize(each.value)}`)
  )
  const falseAlarms = findings
    .filter((finding) => !plantedKeys.has(`${finding.kind}\u0000${normalize(finding.value)}`))
    .map(({ kind, where, value }) => ({ kind, where, value }))
  const score = (kind: PiiKind | null): KindScore => {
    const ofKind = <T extends { kind: PiiKind }>(list: readonly T[]) =>
      list.filter((each) => kind === null || each.kind === kind)
    const planted = ofKind(corpus.planted).length
    const falseNegatives = ofKind(missed).length
    const truePositives = planted - falseNegatives
    const falsePositives = ofKind(falseAlarms).length
    return {
      truePositives,
      falsePositives,
      falseNegatives,
      precision: ratio(truePositives, truePositives + falsePositives),
      recall: ratio(truePositives, planted)
    }
  }
  const kinds: PiiKind[] = ['email', 'card', 'phone', 'iban', 'ssn', 'jwt', 'secret', 'ipv4']
  return {
    perKind: Object.fromEntries(kinds.map((kind) => [kind, score(kind)])) as Record<PiiKind, KindScore>,
    overall: score(null),
    missed,
    falseAlarms
  }
}
