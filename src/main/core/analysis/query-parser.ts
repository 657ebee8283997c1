// The search query language (docs/search.md, "Searching sessions"):
//
//   clicked:<css selector>   input:<css selector>   url:<substring or glob>   text:"<visible text>"
//   rage   dead   error   browser:<name>   os:<name>   ip:<prefix>   duration>30s (also <, >=, <=, =; ms s m h)
//   pii   pii:<kind> (a privacy-audit finding: email, card, phone, iban, ssn, jwt, secret, ipv4)
//   console:<level> (debug, log, info, warn, error)   console:"<message text>"
//   network:<url substring or glob>   status>=500 (also >, <, <=, =, status:404, status:5xx)
//   failed (network errors, aborts, timeouts and 5xx)   slow>2s (also >=; ms s m h)
//
// Terms separated by spaces are ANDed; OR between two terms makes an alternative and binds tighter than the
// implicit AND (`clicked:.buy OR clicked:.pay browser:firefox` is (buy or pay) and firefox); parentheses
// group. A value with spaces is quoted: clicked:"form.checkout button". Inside a bare value, brackets,
// parentheses and quotes nest, so clicked:a[href="#/a b"] and clicked:li:not(.done .x) need no outer quotes.
// Errors are QueryErrors carrying the position of the problem.
import { PII_KINDS, type PiiKind } from '../../../shared/audit'
import { CONSOLE_LEVELS, type ConsoleLevel } from '../../../shared/devtools-events'
import { collapseWhitespace } from '../../../shared/events/dom-mirror'
import { compileSelector, SelectorError, type CompiledSelector } from './selector-match'

export type DurationOperator = '>' | '>=' | '<' | '<=' | '='

export type Term =
  | { kind: 'clicked' | 'input'; selector: CompiledSelector }
  | { kind: 'url'; pattern: string }
  | { kind: 'text'; text: string }
  | { kind: 'rage' | 'dead' | 'error' }
  | { kind: 'pii'; pii: PiiKind | null }
  | { kind: 'browser' | 'os'; name: string }
  | { kind: 'ip'; prefix: string }
  | { kind: 'duration'; operator: DurationOperator; ms: number }
  /** A console call: of one level, or whose message contains the text (case-insensitive). */
  | { kind: 'console'; level: ConsoleLevel | null; text: string | null }
  | { kind: 'network'; pattern: string }
  /** Requests whose HTTP status is within min..max (inclusive). */
  | { kind: 'status'; min: number; max: number }
  | { kind: 'failed' }
  /** Requests that took longer than `ms` (or as long, for >=). */
  | { kind: 'slow'; operator: '>' | '>='; ms: number }

export type QueryNode = { type: 'and' | 'or'; items: QueryNode[] } | { type: 'term'; term: Term }

export class QueryError extends Error {
  constructor(
    readonly reason: string,
    /** 0-based offset of the problem in the query. */
    readonly position: number,
    readonly query: string
  ) {
    super(`invalid query at column ${position + 1}: ${reason}`)
  }

  /** The query with a caret under the problem, for a terminal. */
  pointer(): string {
    return `  ${this.query}\n  ${' '.repeat(this.position)}^`
  }
}

const VALUE_KEYS = [
  'clicked',
  'input',
  'url',
  'text',
  'browser',
  'os',
  'ip',
  'pii',
  'console',
  'network',
  'status'
] as const
const FLAGS = ['rage', 'dead', 'error', 'pii', 'failed'] as const
/** Terms made of a name and a comparison: duration>30s, slow>2s, status>=500. */
const COMPARISONS = ['duration', 'slow', 'status'] as const
const EXPECTED =
  'clicked:, input:, url:, text:"…", rage, dead, error, pii, pii:, browser:, os:, ip:, duration>…, console:, network:, status>=…, failed or slow>…'
/** HTTP statuses a comparison may name (the recorder's payload allows 0..999). */
const MAX_STATUS = 999
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 }
const CLOSERS: Record<string, string> = { '(': ')', '[': ']' }

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch)

class Parser {
  private pos = 0

  constructor(private readonly query: string) {}

  parse(): QueryNode {
    this.skipSpace()
    if (this.pos >= this.query.length) this.fail('the query is empty', 0)
    const node = this.parseAnd()
    this.skipSpace()
    if (this.pos < this.query.length) this.fail('unmatched ")"')
    return node
  }

  private fail(reason: string, position = this.pos): never {
    throw new QueryError(reason, position, this.query)
  }

  private skipSpace(): void {
    while (isSpace(this.query[this.pos])) this.pos++
  }

  /** The word starting at the cursor that ends at a space, a parenthesis or the end (for OR and flags). */
  private wordAt(position: number): string {
    const match = /^[^\s()]+/.exec(this.query.slice(position))
    return match ? match[0] : ''
  }

  private parseAnd(): QueryNode {
    const items: QueryNode[] = []
    for (;;) {
      this.skipSpace()
      if (this.pos >= this.query.length || this.query[this.pos] === ')') break
      items.push(this.parseOr())
    }
    return items.length === 1 ? items[0]! : { type: 'and', items }
  }

  private parseOr(): QueryNode {
    const items = [this.parsePrimary()]
    for (;;) {
      const save = this.pos
      this.skipSpace()
      if (this.wordAt(this.pos) !== 'OR') {
        this.pos = save
        break
      }
      const orAt = this.pos
      this.pos += 2
      this.skipSpace()
      if (this.pos >= this.query.length || this.query[this.pos] === ')') this.fail('OR needs a term after it', orAt)
      items.push(this.parsePrimary())
    }
    return items.length === 1 ? items[0]! : { type: 'or', items }
  }

  private parsePrimary(): QueryNode {
    this.skipSpace()
    const start = this.pos
    const ch = this.query[start]
    if (ch === '(') {
      this.pos++
      this.skipSpace()
      if (this.query[this.pos] === ')') this.fail('empty parentheses', start)
      const inner = this.parseAnd()
      this.skipSpace()
      if (this.query[this.pos] !== ')') this.fail('missing ")" for this "("', start)
      this.pos++
      return inner
    }
    if (ch === ')') this.fail('unmatched ")"')
    const word = this.wordAt(start)
    if (word === 'OR' || word === 'AND') this.fail(`${word} needs a term before it`)
    return { type: 'term', term: this.parseTerm() }
  }

  private parseTerm(): Term {
    const start = this.pos
    const key = /^[A-Za-z]+/.exec(this.query.slice(start))?.[0] ?? ''
    const lower = key.toLowerCase()
    const after = this.query[start + key.length]
    if ((FLAGS as readonly string[]).includes(lower) && ends(after)) {
      this.pos += key.length
      return lower === 'pii' ? { kind: 'pii', pii: null } : { kind: lower as Exclude<(typeof FLAGS)[number], 'pii'> }
    }
    const comparison = COMPARISONS.find((name) => name === lower)
    if (comparison && ends(after)) this.fail(`${comparison} needs ${comparisonHint(comparison)}`, start)
    if (comparison && after !== undefined && '<>='.includes(after)) {
      this.pos += key.length
      return this.parseComparison(comparison, start)
    }
    if ((lower === 'duration' || lower === 'slow') && after === ':') {
      this.pos += key.length + 1
      return this.parseComparison(lower, start)
    }
    if (after === ':' && (VALUE_KEYS as readonly string[]).includes(lower)) {
      this.pos += key.length + 1
      const valueAt = this.pos
      const value = this.readValue()
      if (value === '') this.fail(`${lower}: needs a value (${valueHint(lower)})`, valueAt)
      return this.valueTerm(lower, value, valueAt)
    }
    const word = this.wordAt(start)
    if (after === ':') this.fail(`unknown filter "${key}:"; expected ${EXPECTED}`, start)
    if (word === 'or' || word === 'and') this.fail(`write ${word.toUpperCase()} in capitals to combine terms`, start)
    this.fail(`unknown term "${word}"; expected ${EXPECTED} (to search page text write text:"${word}")`, start)
  }

  private valueTerm(key: string, value: string, valueAt: number): Term {
    switch (key) {
      case 'clicked':
      case 'input':
        return { kind: key, selector: this.selector(key, value, valueAt) }
      case 'url':
        return { kind: 'url', pattern: value }
      case 'text': {
        const text = collapseWhitespace(value)
        if (!text) this.fail('text: needs some text, e.g. text:"Add to cart"', valueAt)
        return { kind: 'text', text }
      }
      case 'browser':
      case 'os':
        return { kind: key, name: value }
      case 'pii': {
        const kind = PII_KINDS.find((each) => each === value.toLowerCase())
        if (!kind)
          this.fail(`pii: "${value}" is not a kind of finding; expected one of ${PII_KINDS.join(', ')}`, valueAt)
        return { kind: 'pii', pii: kind }
      }
      case 'console': {
        // A bare level names the level; anything else (or a quoted value) is text in the message.
        const level = CONSOLE_LEVELS.find((each) => each === value.toLowerCase())
        if (level && this.query[valueAt] !== '"') return { kind: 'console', level, text: null }
        const text = collapseWhitespace(value)
        if (!text) this.fail('console: needs a level or some text, e.g. console:error or console:"cart"', valueAt)
        return { kind: 'console', level: null, text }
      }
      case 'network':
        return { kind: 'network', pattern: value }
      case 'status':
        return this.statusValue(value, valueAt)
      case 'ip':
        if (!/^[0-9A-Fa-f.:]+$/.test(value))
          this.fail(`ip: "${value}" is not an IP address prefix (e.g. ip:192.168.)`, valueAt)
        return { kind: 'ip', prefix: value }
      default:
        return this.fail(`unknown filter "${key}:"`, valueAt)
    }
  }

  private selector(key: string, value: string, valueAt: number): CompiledSelector {
    try {
      return compileSelector(value)
    } catch (error) {
      if (!(error instanceof SelectorError)) throw error
      return this.fail(`${key}: "${value}" is not a CSS selector this search understands (${error.message})`, valueAt)
    }
  }

  /** `duration>30s`, `slow>=2s`, `status<400`: the cursor is on the operator (or after `duration:`). */
  private parseComparison(name: (typeof COMPARISONS)[number], start: number): Term {
    const rest = this.query.slice(this.pos)
    if (name === 'status') {
      const match = /^(>=|<=|>|<|=)\s*(\d+)(?=$|[\s)])/.exec(rest)
      if (!match) this.fail(`status needs ${comparisonHint('status')}`, start)
      this.pos += match[0].length
      return statusRange(match[1] as DurationOperator, Number(match[2]), () => this.fail(STATUS_RANGE, start))
    }
    const match = /^(>=|<=|>|<|=)\s*(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h)?(?=$|[\s)])/.exec(rest)
    if (!match) this.fail(`${name} needs ${comparisonHint(name)}`, start)
    const operator = match[1] as DurationOperator
    const ms = Number(match[2]) * UNIT_MS[match[3] ?? 's']!
    this.pos += match[0].length
    if (name === 'duration') return { kind: 'duration', operator, ms }
    if (operator !== '>' && operator !== '>=')
      this.fail(`slow takes > or >= (requests slower than a time), e.g. slow>2s`, start)
    return { kind: 'slow', operator, ms }
  }

  /** `status:404`, `status:5xx`. */
  private statusValue(value: string, valueAt: number): Term {
    const exact = /^\d{1,3}$/.exec(value)
    if (exact) return statusRange('=', Number(value), () => this.fail(STATUS_RANGE, valueAt))
    const family = /^([1-9])xx$/i.exec(value)
    if (family) return { kind: 'status', min: Number(family[1]) * 100, max: Number(family[1]) * 100 + 99 }
    return this.fail(`status: "${value}" is not an HTTP status; ${comparisonHint('status')}`, valueAt)
  }

  /** A quoted value, or a bare one up to a space or ")" outside brackets, parentheses and quotes. */
  private readValue(): string {
    const start = this.pos
    const q = this.query
    if (q[start] === '"') {
      let value = ''
      for (let i = start + 1; i < q.length; i++) {
        if (q[i] === '\\' && (q[i + 1] === '"' || q[i + 1] === '\\')) value += q[++i]
        else if (q[i] === '"') {
          this.pos = i + 1
          if (!ends(q[this.pos])) this.fail('a space, ")" or the end must follow the closing quote')
          return value
        } else value += q[i]
      }
      this.fail('missing closing quote for this quote', start)
    }
    const open: { ch: string; at: number }[] = []
    let quote: { ch: string; at: number } | null = null
    let i = start
    for (; i < q.length; i++) {
      const ch = q[i]!
      if (quote) {
        if (ch === '\\') i++
        else if (ch === quote.ch) quote = null
        continue
      }
      if (ch === '"' || ch === "'") quote = { ch, at: i }
      else if (ch === '(' || ch === '[') open.push({ ch, at: i })
      else if (ch === ')' || ch === ']') {
        if (open.length === 0) {
          if (ch === ')') break // closes a group around the term
          this.fail('unmatched "]"', i)
        }
        const last = open.pop()!
        if (CLOSERS[last.ch] !== ch) this.fail(`"${last.ch}" is closed by "${ch}"`, i)
      } else if (isSpace(ch) && open.length === 0) break
    }
    if (quote) this.fail('missing closing quote for this quote', quote.at)
    if (open.length > 0)
      this.fail(`missing "${CLOSERS[open.at(-1)!.ch]}" for this "${open.at(-1)!.ch}"`, open.at(-1)!.at)
    this.pos = i
    return q.slice(start, i)
  }
}

const STATUS_RANGE = `an HTTP status is a number from 0 to ${MAX_STATUS}`

/** A status comparison as the inclusive range of statuses it admits. */
function statusRange(operator: DurationOperator, status: number, outOfRange: () => never): Term {
  if (status > MAX_STATUS) outOfRange()
  switch (operator) {
    case '>':
      return { kind: 'status', min: status + 1, max: MAX_STATUS }
    case '>=':
      return { kind: 'status', min: status, max: MAX_STATUS }
    case '<':
      return { kind: 'status', min: 0, max: status - 1 }
    case '<=':
      return { kind: 'status', min: 0, max: status }
    default:
      return { kind: 'status', min: status, max: status }
  }
}

function comparisonHint(name: (typeof COMPARISONS)[number]): string {
  switch (name) {
    case 'duration':
      return 'a comparison and a time right after it, e.g. duration>30s, duration<=2m, duration>=1500ms'
    case 'slow':
      return 'a comparison and a time right after it, e.g. slow>2s or slow>=500ms'
    case 'status':
      return 'a comparison and an HTTP status, e.g. status>=500, status=404, status:404 or status:5xx'
  }
}

const ends = (ch: string | undefined) => ch === undefined || isSpace(ch) || ch === ')'

function valueHint(key: string): string {
  switch (key) {
    case 'clicked':
    case 'input':
      return `a CSS selector, e.g. ${key}:.checkout-btn`
    case 'url':
      return 'part of a URL or a glob, e.g. url:/checkout or url:*/orders/*'
    case 'text':
      return 'e.g. text:"Add to cart"'
    case 'ip':
      return 'e.g. ip:192.168.'
    case 'pii':
      return `one of ${PII_KINDS.join(', ')}`
    case 'console':
      return `a level (${CONSOLE_LEVELS.join(', ')}) or text, e.g. console:"cart"`
    case 'network':
      return 'part of a request URL or a glob, e.g. network:/api/checkout or network:*/api/*'
    case 'status':
      return 'e.g. status:404 or status:5xx'
    default:
      return `e.g. ${key}:chrome`
  }
}

/** Parses a query; throws QueryError (with the position) when it is not valid. */
export function parseQuery(query: string): QueryNode {
  return new Parser(query).parse()
}
