// The privacy audit's index below the API: batches go through the real Ingestor into a real SQLite file
// with the real auditor (the shared step model + detectors), and findings are read back from the store.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuditIndexer, AUDIT_VERSION } from '../../src/main/core/analysis/audit/audit-indexer'
import { SearchService } from '../../src/main/core/analysis/search-service'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { createAuditService } from '../../src/main/core/services/audit-service'
import { Store } from '../../src/main/core/store/store'
import type { Finding } from '../../src/shared/audit'
import type { IngestBatch } from '../../src/shared/types'
import {
  custom,
  documentWith,
  el,
  input,
  meta,
  mutation,
  sessionBatches,
  snapshot,
  text
} from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const T = 1_700_000_000_000
const EMAIL = 'jane.doe@example.com'
const CARD = '4111 1111 1111 1111'
const PHONE = '+44 20 7946 0958'

let dir: ReturnType<typeof tempDir>
let store: Store
let auditor: AuditIndexer
let ingestor: Ingestor

function open(): void {
  store = Store.open(join(dir.path, 'audit.db'))
  auditor = new AuditIndexer(store)
  auditor.autoDrain = false
  ingestor = new Ingestor(store, [auditor])
}

beforeEach(() => {
  dir = tempDir()
  open()
})
afterEach(() => {
  store.close()
  dir.remove()
})

const ingest = (batches: IngestBatch[]) =>
  batches.forEach((batch) => ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() }))

const service = () =>
  createAuditService(auditor, { receiverUrl: () => 'http://127.0.0.1:4477', prepare: () => auditor.drain() })
const brief = (finding: Finding) => [finding.kind, finding.where, finding.name, finding.selector, finding.excerpt]

/** A to-do page under `moderate`: the typed email is masked in the field and echoed in the list. */
function todoSession(id: string, config: { maskLevel?: 'lax' | 'moderate' | 'strict' } = {}): IngestBatch[] {
  const page = documentWith(
    el(10, 'input', { class: 'new-todo', value: '*****' }),
    el(11, 'ul', { class: 'todo-list' }, [el(12, 'li', {}, [el(13, 'label', {}, [text(14, 'buy milk')])])]),
    el(20, 'div', { class: 'secret-box', rr_width: '300px', rr_height: '120.5px' }),
    el(21, 'p', { class: 'masked' }, [text(22, '**** ****')])
  )
  const echoed = (id: number, value: string, ts: number) =>
    mutation(ts, {
      adds: [
        {
          parentId: 11,
          nextId: null,
          node: el(id, 'li', {}, [el(id + 1, 'label', { title: value }, [text(id + 2, value)])])
        }
      ]
    })
  return sessionBatches(
    id,
    [
      { events: [meta(T, 'http://todo.test/?ref=mail'), snapshot(T + 1, page), input(T + 100, 10, '**********')] },
      { events: [echoed(30, EMAIL, T + 2000), echoed(40, `Pay with ${CARD}`, T + 3000)] },
      // The recorder's checkout: the same page again, findings are not counted twice.
      {
        events: [
          meta(T + 30_000, 'http://todo.test/?ref=mail'),
          snapshot(T + 30_001, page),
          echoed(50, `Call ${PHONE}`, T + 31_000)
        ]
      },
      {
        events: [
          custom(T + 32_000, 'signup', { user: { email: EMAIL } }),
          meta(T + 33_000, `http://todo.test/done?email=${encodeURIComponent(EMAIL)}`)
        ]
      }
    ],
    {
      config: {
        maskLevel: config.maskLevel ?? 'moderate',
        blockSelector: '.secret-box',
        maskSelector: null,
        sampleRate: 1,
        maxDurationMs: 300_000,
        version: 'test',
        console: 'errors',
        networkBodies: []
      }
    }
  )
}

describe('the audit index', () => {
  it('finds echoed values in text, attributes, custom events and URLs, each with its time, selector, excerpt and fix', () => {
    ingest(todoSession('todo-session-1'))
    expect(auditor.queued).toBe(4)
    const view = service().sessionAudit('todo-session-1')!
    expect(view.upToDate).toBe(true)
    expect(view.findings.map(brief)).toEqual([
      ['email', 'attribute', 'title', 'li > label', 'jane.d…@…com'],
      ['email', 'text', null, 'li > label', 'jane.d…@…com'],
      ['card', 'attribute', 'title', 'li > label', '4111 …1111'],
      ['card', 'text', null, 'li > label', '4111 …1111'],
      ['phone', 'attribute', 'title', 'li > label', '+44 …58'],
      ['phone', 'text', null, 'li > label', '+44 …58'],
      ['email', 'custom', 'signup', null, 'jane.d…@…com'],
      ['email', 'url', null, null, 'jane.d…@…com']
    ])
    expect(view.findings.map((finding) => finding.timestamp)).toEqual([
      T + 2000,
      T + 2000,
      T + 3000,
      T + 3000,
      T + 31_000,
      T + 31_000,
      T + 32_000,
      T + 33_000
    ])
    const [title0, text0, , , , , customFinding, url] = view.findings
    expect(text0!.fix).toEqual({
      kind: 'mask-selector',
      value: '.todo-list label',
      text: 'data-mask-selector=".todo-list label"'
    })
    expect(title0!.fix.kind).toBe('mask-level')
    expect(title0!.fix.value).toBe('strict')
    expect(customFinding!.fix.kind).toBe('page-code')
    expect(url!.fix.text).toMatch(/out of page URLs/)
    // The text finding knows its node, so the replay can outline it.
    expect([text0!.segment, text0!.nodeId]).toEqual([0, 32])
    // No value anywhere in what the API answers.
    const answer = JSON.stringify(view)
    for (const value of [EMAIL, CARD, PHONE, encodeURIComponent(EMAIL)]) expect(answer).not.toContain(value)
  })

  it('counts what the recorder hid: masked inputs, masked text nodes, blocked elements with their size', () => {
    ingest(todoSession('todo-session-2'))
    const { masking } = service().sessionAudit('todo-session-2')!
    expect(masking).toMatchObject({ maskedInputs: 1, maskedTexts: 1, blockedElements: 1 })
    expect(masking!.config.blockSelector).toBe('.secret-box')
    expect(masking!.configSource).toContain('http://todo.test/?ref=mail')
    expect(masking!.blocked).toEqual([
      { segment: 0, nodeId: 20, selector: 'body > div.secret-box', width: 300, height: 120.5, firstSeen: T + 1 }
    ])
  })

  it('suggests one snippet per site, merging the fixes of its sessions', () => {
    ingest(todoSession('todo-session-3'))
    ingest(todoSession('todo-session-4'))
    const { suggestions, findings } = service().report(null)
    expect(findings).toHaveLength(16)
    expect(suggestions).toHaveLength(1)
    const [suggestion] = suggestions
    expect(suggestion).toMatchObject({
      site: 'http://todo.test',
      findings: 16,
      maskLevel: 'strict',
      blockSelector: '.secret-box'
    })
    expect(suggestion!.sessionIds.sort()).toEqual(['todo-session-3', 'todo-session-4'])
    // strict masks all text: the mask selector would add nothing.
    expect(suggestion!.maskSelector).toBeNull()
    expect(suggestion!.snippet).toContain('data-mask-level="strict"')
    expect(suggestion!.pageChanges.length).toBe(2)
  })

  it('is rebuilt from the store after a restart, catches up with batches it never saw, and goes with its session', () => {
    const batches = todoSession('todo-session-5')
    ingest(batches.slice(0, 2))
    auditor.drain()
    store.close()
    open()
    // Stored while no auditor ran (another process): the audit is behind.
    new Ingestor(store).ingest({ body: gzipBatch(batches[2]!), ip: null, receivedAt: Date.now() })
    expect(auditor.staleSessionIds()).toEqual(['todo-session-5'])
    expect(auditor.catchUp()).toBe(1)
    expect(auditor.staleSessionIds()).toEqual([])
    // The next batch continues the audit in memory.
    ingest([batches[3]!])
    const view = service().sessionAudit('todo-session-5')!
    expect(view.upToDate).toBe(true)
    expect(view.findings).toHaveLength(8)
    expect(store.getSession('todo-session-5')!.findings).toBe(8)
    store.deleteSession('todo-session-5')
    expect(auditor.store.findings(null)).toEqual([])
    expect(auditor.store.state('todo-session-5')).toBeUndefined()
  })

  it('audits sessions of an older AUDIT_VERSION again', () => {
    ingest(todoSession('todo-session-6'))
    auditor.drain()
    const state = auditor.store.state('todo-session-6')!
    auditor.store.putState('todo-session-6', { ...state, version: AUDIT_VERSION - 1 })
    expect(auditor.staleSessionIds()).toEqual(['todo-session-6'])
    auditor.catchUp()
    expect(auditor.store.state('todo-session-6')!.version).toBe(AUDIT_VERSION)
    expect(auditor.store.findings(['todo-session-6'])).toHaveLength(8)
  })

  it('quarantines a batch that cannot be read and audits the rest', () => {
    ingest(todoSession('todo-session-7'))
    auditor.drain()
    // A stored batch gone bad (a disk error, a hand-edited file): it no longer decodes.
    store.db
      .prepare("UPDATE session_replay SET data = x'1f8b0800' WHERE session_id = 'todo-session-7' AND seq = 2")
      .run()
    const messages: string[] = []
    auditor.onError = (message) => messages.push(message)
    auditor.auditSession('todo-session-7')
    expect(auditor.store.failures.list('todo-session-7').map((failure) => [failure.seq, failure.stage])).toEqual([
      [2, 'audit']
    ])
    expect(messages).toEqual([expect.stringMatching(/^batch 2 of session todo-session-7 quarantined/)])
    // The phone came in the broken batch only.
    expect(auditor.store.findings(['todo-session-7']).map((finding) => finding.kind)).toEqual([
      'email',
      'email',
      'card',
      'card',
      'email',
      'email'
    ])
    expect(auditor.staleSessionIds()).toEqual([])
    // Skipped from then on, without a second failure.
    auditor.auditSession('todo-session-7')
    expect(auditor.store.failures.list('todo-session-7')[0]!.attempts).toBe(1)
  })

  it('reads what was typed under lax once the burst is over, as one finding per field', () => {
    const page = documentWith(el(10, 'input', { type: 'email', name: 'email' }), el(11, 'button', {}, [text(12, 'Go')]))
    const typing = [...EMAIL].map((_, i) => input(T + 100 + i * 50, 10, EMAIL.slice(0, i + 1)))
    ingest(
      sessionBatches(
        'lax-session-1',
        [
          { events: [meta(T, 'http://lax.test/'), snapshot(T + 1, page), ...typing.slice(0, 10)] },
          { events: typing.slice(10) },
          // The value attribute the next checkout records is the same field's value: no second finding.
          {
            events: [
              snapshot(T + 30_000, documentWith(el(10, 'input', { type: 'email', name: 'email', value: EMAIL })))
            ]
          }
        ],
        {
          config: {
            maskLevel: 'lax',
            blockSelector: null,
            maskSelector: null,
            sampleRate: 1,
            maxDurationMs: 300_000,
            version: 'test',
            console: 'errors',
            networkBodies: []
          }
        }
      )
    )
    const findings = service().sessionAudit('lax-session-1')!.findings
    expect(findings.map(brief)).toEqual([['email', 'input', null, 'body > input[name="email"]', 'jane.d…@…com']])
    expect(findings[0]!.fix).toMatchObject({ kind: 'mask-level', value: 'moderate' })
    expect(findings[0]!.occurrences).toBe(2)
  })

  it('answers pii and pii:<kind> in the search language, with excerpts as hit texts', () => {
    ingest(todoSession('todo-session-8'))
    const search = new SearchService(store, { prepare: () => auditor.drain() })
    const [session] = search.search('pii:card')
    expect(session!.sessionId).toBe('todo-session-8')
    expect(session!.hits).toEqual([
      { timestamp: T + 3000, kind: 'pii', selector: 'li > label', text: 'card 4111 …1111 (attribute title)' },
      { timestamp: T + 3000, kind: 'pii', selector: 'li > label', text: 'card 4111 …1111 (text)' }
    ])
    expect(search.search('pii')[0]!.hits).toHaveLength(8)
    expect(search.search('pii:ssn')).toEqual([])
    expect(JSON.stringify(search.search('pii'))).not.toContain(CARD)
  })

  it('audits through hostile batches: a move under its own descendant, a node as its own child, huge texts', () => {
    const page = documentWith(el(5, 'main', {}, [el(6, 'ul', {}, [el(7, 'li', {}, [text(8, 'one')])])]))
    ingest(
      sessionBatches('hostile-session-1', [
        { events: [meta(T, 'http://x.test/'), snapshot(T + 1, page)] },
        {
          events: [
            // ul(6) moved under its own child li(7), then a node added as its own child.
            mutation(T + 10, { adds: [{ parentId: 7, nextId: null, node: el(6, 'ul') }] }),
            mutation(T + 20, { adds: [{ parentId: 30, nextId: null, node: el(30, 'p', {}, [el(30, 'p')]) }] }),
            mutation(T + 30, {
              adds: [
                {
                  parentId: 5,
                  nextId: null,
                  node: el(40, 'p', {}, [text(41, `${'1 '.repeat(40_000)} write to ${EMAIL}`)])
                }
              ]
            }),
            mutation(T + 40, {
              adds: [{ parentId: 5, nextId: null, node: el(42, 'p', {}, [text(43, `mail ${EMAIL}`)]) }]
            })
          ]
        }
      ])
    )
    const view = service().sessionAudit('hostile-session-1')!
    expect(view.upToDate).toBe(true)
    // The email beyond the first 50,000 characters of a text is not read; the one in a normal text is.
    expect(view.findings.map(brief)).toEqual([['email', 'text', null, 'main > p', 'jane.d…@…com']])
    expect(auditor.store.failures.list('hostile-session-1')).toEqual([])
  })

  it('forgets a queued batch whose ingest transaction rolled back', () => {
    const failing = new Ingestor(store, [
      auditor,
      {
        indexStoredBatch: () => {},
        indexBatch: () => {
          throw new Error('a later hook failed')
        }
      }
    ])
    const [batch] = todoSession('rolled-back-session')
    expect(() => failing.ingest({ body: gzipBatch(batch!), ip: null, receivedAt: Date.now() })).toThrow(
      'a later hook failed'
    )
    expect(auditor.queued).toBe(1)
    expect(auditor.drain()).toBe(1)
    expect(store.getSession('rolled-back-session')).toBeNull()
    expect(auditor.store.state('rolled-back-session')).toBeUndefined()
    expect(auditor.store.findings(null)).toEqual([])
  })
})
