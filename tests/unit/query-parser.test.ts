import { describe, expect, it } from 'vitest'
import { parseQuery, QueryError, type QueryNode } from '../../src/main/core/analysis/query-parser'

/** The tree without compiled selectors, as compact strings. */
function show(node: QueryNode): string {
  if (node.type !== 'term') return `${node.type}(${node.items.map(show).join(', ')})`
  const { term } = node
  switch (term.kind) {
    case 'clicked':
    case 'input':
      return `${term.kind}[${term.selector.source}]`
    case 'url':
      return `url[${term.pattern}]`
    case 'text':
      return `text[${term.text}]`
    case 'browser':
    case 'os':
      return `${term.kind}[${term.name}]`
    case 'ip':
      return `ip[${term.prefix}]`
    case 'duration':
      return `duration${term.operator}${term.ms}`
    case 'pii':
      return term.pii ? `pii[${term.pii}]` : 'pii'
    case 'console':
      return term.level ? `console-level[${term.level}]` : `console-text[${term.text}]`
    case 'network':
      return `network[${term.pattern}]`
    case 'status':
      return `status[${term.min}..${term.max}]`
    case 'slow':
      return `slow${term.operator}${term.ms}`
    default:
      return term.kind
  }
}

function errorOf(query: string): QueryError {
  try {
    parseQuery(query)
  } catch (error) {
    if (error instanceof QueryError) return error
    throw error
  }
  throw new Error(`"${query}" parsed`)
}

describe('query parser', () => {
  it('parses every term type', () => {
    expect(show(parseQuery('clicked:.checkout-btn'))).toBe('clicked[.checkout-btn]')
    expect(show(parseQuery('input:input[name=email]'))).toBe('input[input[name=email]]')
    expect(show(parseQuery('url:/checkout'))).toBe('url[/checkout]')
    expect(show(parseQuery('url:*/orders/*?x=1'))).toBe('url[*/orders/*?x=1]')
    expect(show(parseQuery('text:"Add   to cart "'))).toBe('text[Add to cart]')
    expect(show(parseQuery('rage'))).toBe('rage')
    expect(show(parseQuery('dead'))).toBe('dead')
    expect(show(parseQuery('error'))).toBe('error')
    expect(show(parseQuery('browser:Firefox'))).toBe('browser[Firefox]')
    expect(show(parseQuery('os:mac'))).toBe('os[mac]')
    expect(show(parseQuery('ip:192.168.'))).toBe('ip[192.168.]')
    expect(show(parseQuery('duration>30s'))).toBe('duration>30000')
    expect(show(parseQuery('duration<=2m'))).toBe('duration<=120000')
    expect(show(parseQuery('duration>=1500ms'))).toBe('duration>=1500')
    expect(show(parseQuery('duration:>1h'))).toBe('duration>3600000')
    expect(show(parseQuery('duration=10'))).toBe('duration=10000')
  })

  it('parses the devtools terms: console, network, status, failed, slow', () => {
    expect(show(parseQuery('console:error'))).toBe('console-level[error]')
    expect(show(parseQuery('console:WARN'))).toBe('console-level[warn]')
    // A quoted level is text in the message, as is anything that is not a level.
    expect(show(parseQuery('console:"error"'))).toBe('console-text[error]')
    expect(show(parseQuery('console:"cart   failed"'))).toBe('console-text[cart failed]')
    expect(show(parseQuery('console:timeout'))).toBe('console-text[timeout]')
    expect(show(parseQuery('network:/api/checkout'))).toBe('network[/api/checkout]')
    expect(show(parseQuery('network:*/api/*'))).toBe('network[*/api/*]')
    expect(show(parseQuery('status>=500'))).toBe('status[500..999]')
    expect(show(parseQuery('status>499'))).toBe('status[500..999]')
    expect(show(parseQuery('status<400'))).toBe('status[0..399]')
    expect(show(parseQuery('status<=399'))).toBe('status[0..399]')
    expect(show(parseQuery('status=404'))).toBe('status[404..404]')
    expect(show(parseQuery('status:404'))).toBe('status[404..404]')
    expect(show(parseQuery('status:5xx'))).toBe('status[500..599]')
    expect(show(parseQuery('failed'))).toBe('failed')
    expect(show(parseQuery('slow>2s'))).toBe('slow>2000')
    expect(show(parseQuery('slow>=750ms'))).toBe('slow>=750')
    expect(show(parseQuery('slow:>1m'))).toBe('slow>60000')
    expect(show(parseQuery('failed OR slow>2s network:/api/'))).toBe('and(or(failed, slow>2000), network[/api/])')
    expect(show(parseQuery('pii'))).toBe('pii')
    expect(show(parseQuery('pii:Email'))).toBe('pii[email]')
    expect(show(parseQuery('(pii:card OR pii:iban) url:/checkout'))).toBe(
      'and(or(pii[card], pii[iban]), url[/checkout])'
    )
  })

  it('ANDs terms separated by spaces; OR binds tighter; parentheses group', () => {
    expect(show(parseQuery('rage dead'))).toBe('and(rage, dead)')
    expect(show(parseQuery('clicked:.buy OR clicked:.pay browser:firefox'))).toBe(
      'and(or(clicked[.buy], clicked[.pay]), browser[firefox])'
    )
    expect(show(parseQuery('rage (dead browser:chrome) OR error'))).toBe(
      'and(rage, or(and(dead, browser[chrome]), error))'
    )
    expect(show(parseQuery('(clicked:.a OR clicked:.b)'))).toBe('or(clicked[.a], clicked[.b])')
  })

  it('reads selectors with brackets, parentheses, quotes and spaces inside them as one value', () => {
    expect(show(parseQuery('clicked:"form.checkout button" rage'))).toBe('and(clicked[form.checkout button], rage)')
    expect(show(parseQuery('clicked:a[href="#/active"]'))).toBe('clicked[a[href="#/active"]]')
    expect(show(parseQuery("clicked:a[title='two words']"))).toBe("clicked[a[title='two words']]")
    expect(show(parseQuery('clicked:li:not(.done .x) dead'))).toBe('and(clicked[li:not(.done .x)], dead)')
    expect(show(parseQuery('clicked:"a[title=\\"q\\"]"'))).toBe('clicked[a[title="q"]]')
    expect(show(parseQuery('clicked:nav>a+a~a'))).toBe('clicked[nav>a+a~a]')
  })

  it('says what is wrong and where', () => {
    const cases: [string, number, RegExp][] = [
      ['', 1, /empty/],
      ['   ', 1, /empty/],
      ['clicked:', 9, /clicked: needs a value.*CSS selector/],
      ['rage foo:bar', 6, /unknown filter "foo:"/],
      ['checkout', 1, /unknown term "checkout".*text:"checkout"/],
      ['rage or dead', 6, /write OR in capitals/],
      ['OR rage', 1, /OR needs a term before it/],
      ['rage OR', 6, /OR needs a term after it/],
      ['text:"unterminated', 6, /missing closing quote/],
      ['clicked:a[href="x"', 10, /missing "\]" for this "\["/],
      ['clicked:a[href="x]', 16, /missing closing quote/],
      ['(rage dead', 1, /missing "\)" for this "\("/],
      ['rage)', 5, /unmatched "\)"/],
      ['()', 1, /empty parentheses/],
      ['clicked:.', 9, /not a CSS selector.*Expected name/],
      ['rage clicked:div:foo', 14, /not a CSS selector.*Unknown pseudo-class :foo/],
      ['clicked:a::before', 9, /not a CSS selector/],
      ['clicked:a]', 10, /unmatched "\]"/],
      ['clicked:(a]', 11, /"\(" is closed by "\]"/],
      ['duration>thirty', 1, /duration needs a comparison/],
      ['duration > 30s', 1, /duration needs a comparison/],
      ['ip:abc!', 4, /not an IP address prefix/],
      ['text:"   "', 6, /text: needs some text/],
      ['text:"a"b', 9, /must follow the closing quote/],
      ['pii:passport', 5, /not a kind of finding; expected one of email, card, phone/],
      ['pii:', 5, /pii: needs a value \(one of email/],
      ['status', 1, /status needs a comparison and an HTTP status/],
      ['status>abc', 1, /status needs a comparison/],
      ['status>=1000', 1, /a number from 0 to 999/],
      ['status:teapot', 8, /status: "teapot" is not an HTTP status/],
      ['slow', 1, /slow needs a comparison and a time/],
      ['slow<2s', 1, /slow takes > or >=/],
      ['slow>fast', 1, /slow needs a comparison and a time/],
      ['console:', 9, /console: needs a value \(a level \(debug, log, info, warn, error\) or text/],
      ['console:"  "', 9, /console: needs a level or some text/],
      ['network:', 9, /network: needs a value \(part of a request URL/]
    ]
    for (const [query, column, reason] of cases) {
      const error = errorOf(query)
      expect({ query, column: error.position + 1 }).toEqual({ query, column })
      expect(error.message).toMatch(reason)
      expect(error.message).toContain(`column ${column}`)
    }
  })

  it('points at the problem with a caret', () => {
    expect(errorOf('rage foo:bar').pointer()).toBe('  rage foo:bar\n       ^')
  })
})
