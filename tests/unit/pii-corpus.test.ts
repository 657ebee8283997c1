// The audit's detectors on the labelled corpus (tests/helpers/pii-corpus.ts: planted values of every kind in
// every place a person could read them, and look-alike decoys), read through the real audit: the shared step
// model's SessionContent, the detectors and SessionAudit. The bench reports the same corpus as
// precision/recall rows.
import { describe, expect, it } from 'vitest'
import { detect } from '../../src/main/core/analysis/audit/detectors'
import { redactedExcerpt, scrubbed } from '../../src/main/core/analysis/audit/excerpt'
import { SessionAudit } from '../../src/main/core/analysis/audit/session-audit'
import { FINDING_WHERES, PII_KINDS } from '../../src/shared/audit'
import { buildCorpus, scoreCorpus } from '../helpers/pii-corpus'

const corpus = buildCorpus()

function audited() {
  const audit = new SessionAudit({ config: corpus.config, language: 'en-US' })
  audit.feed(corpus.events, 0)
  audit.finish()
  return audit.all()
}

describe('the labelled corpus', () => {
  it('plants at least 200 values and 200 decoys, every kind in every place it can be read', () => {
    expect(corpus.planted.length).toBeGreaterThanOrEqual(200)
    expect(corpus.decoys.length).toBeGreaterThanOrEqual(200)
    for (const kind of PII_KINDS) {
      const wheres = new Set(corpus.planted.filter((each) => each.kind === kind).map((each) => each.where))
      // IPv4 counts inside page content only: a URL's host is not looked at.
      expect([...wheres].sort()).toEqual(FINDING_WHERES.filter((where) => kind !== 'ipv4' || where !== 'url').sort())
    }
    expect(new Set(corpus.decoys.map((each) => each.where)).size).toBe(FINDING_WHERES.length)
  })

  it('finds every planted value with its kind and place, and not one decoy', () => {
    const score = scoreCorpus(corpus, audited())
    expect(score.missed).toEqual([])
    expect(score.falseAlarms).toEqual([])
    for (const kind of PII_KINDS) expect(score.perKind[kind].truePositives).toBeGreaterThanOrEqual(25)
  })

  it('never shows a value in an excerpt', () => {
    const findings = audited()
    expect(findings.length).toBeGreaterThanOrEqual(corpus.planted.length)
    for (const finding of findings) {
      expect(finding.excerpt).toContain('…')
      expect(finding.excerpt).not.toContain(finding.value)
      // Not even the value without its separators.
      expect(finding.excerpt.replace(/\W/g, '')).not.toContain(finding.value.replace(/\W/g, ''))
    }
  })
})

describe('detectors', () => {
  it('lets the more specific kind win where candidates overlap', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
    expect(detect(`token ${jwt} sent`).map((each) => each.kind)).toEqual(['jwt'])
    expect(
      detect('IBAN DE89 3704 0044 0532 0130 00, call +49 30 901820').map((each) => [each.kind, each.value])
    ).toEqual([
      ['iban', 'DE89 3704 0044 0532 0130 00'],
      ['phone', '+49 30 901820']
    ])
  })

  it('reads a card next to its expiry date, and not a longer number that starts like one', () => {
    expect(detect('4111 1111 1111 1111 12/27').map((each) => each.value)).toEqual(['4111 1111 1111 1111'])
    expect(detect('ref 4111 1111 1111 1111 1111 1')).toEqual([])
  })

  it('reads national phone numbers by the session language’s country', () => {
    expect(detect('Ruf an: 030 901820', { defaultCountry: 'DE' }).map((each) => each.value)).toEqual(['030 901820'])
    expect(detect('Ruf an: 030 901820', { defaultCountry: 'US' })).toEqual([])
  })

  it('scrubs values out of messages (what a log or the quarantine table may keep)', () => {
    expect(scrubbed('Unexpected token in "jane.doe@example.com, 4111 1111 1111 1111"')).toBe(
      'Unexpected token in "jane.d…@…com, 4111 …1111"'
    )
    expect(redactedExcerpt('phone', '(415) 555-2671')).toBe('…71')
    expect(redactedExcerpt('secret', 'AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…')
  })
})

describe('fixes for console and network findings', () => {
  const fixesUnder = (maskLevel: 'lax' | 'moderate' | 'strict') => {
    const audit = new SessionAudit({ config: { ...corpus.config, maskLevel }, language: 'en-US' })
    audit.feed(corpus.events, 0)
    audit.finish()
    const findings = audit.all()
    return {
      console: findings.find((each) => each.where === 'console')!.fix,
      body: findings.find((each) => each.where === 'network' && each.name === 'request body')!.fix,
      header: findings.find((each) => each.where === 'network' && each.name!.startsWith('request header'))!.fix
    }
  }

  it('names the snippet change or the page change that would have kept them out', () => {
    const lax = fixesUnder('lax')
    expect(lax.console).toMatchObject({ kind: 'mask-level', value: 'strict' })
    expect(lax.body).toMatchObject({ kind: 'mask-level', value: 'moderate' })
    expect(lax.header).toMatchObject({ kind: 'mask-level', value: 'moderate' })
    const strict = fixesUnder('strict')
    expect(strict.console.kind).toBe('page-code')
    expect(strict.console.text).toMatch(/data-console/)
    expect(strict.body.text).toMatch(/leave this request out of data-network-bodies/)
  })
})
