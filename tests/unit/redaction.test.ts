// Redaction on a real SQLite file: a session with personal data goes through the real Ingestor, the search
// index and the compactor (so its values sit in compacted batches, index rows, full-text segments and free
// pages), then is redacted. In place, no byte of any value may remain in the database file or its WAL.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AuditIndexer } from '../../src/main/core/analysis/audit/audit-indexer'
import { InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { SearchService } from '../../src/main/core/analysis/search-service'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { exportRedacted, redactSession, type RedactionDeps } from '../../src/main/core/services/redaction-service'
import { ReplayCompactor } from '../../src/main/core/store/compactor'
import { Store } from '../../src/main/core/store/store'
import { decodeSessionEvents } from '../../src/main/core/store/replay-chunks'
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
const VALUES = [EMAIL, CARD, PHONE, encodeURIComponent(EMAIL)]

let dir: ReturnType<typeof tempDir>
let dbPath: string
let store: Store
let deps: RedactionDeps

beforeEach(() => {
  dir = tempDir()
  dbPath = join(dir.path, 'sessions.db')
  store = Store.open(dbPath)
  const indexer = new InteractionIndexer(store)
  indexer.autoDrain = false
  const auditor = new AuditIndexer(store)
  auditor.autoDrain = false
  deps = { store, auditor, indexer }
})
afterEach(() => {
  if (store.db.open) store.close()
  dir.remove()
})

function leakySession(id: string): IngestBatch[] {
  const page = documentWith(
    el(10, 'input', { name: 'email', type: 'email' }),
    el(11, 'ul', { class: 'list' }, [el(12, 'li', {}, [text(13, 'first item')])])
  )
  // Typed under lax, echoed into the list and a title, sent in a custom event and a URL.
  const typing = [...EMAIL].map((_, i) => input(T + 100 + i * 40, 10, EMAIL.slice(0, i + 1)))
  return sessionBatches(
    id,
    [
      { events: [meta(T, 'http://shop.test/'), snapshot(T + 1, page), ...typing] },
      {
        events: [
          mutation(T + 5000, {
            adds: [
              {
                parentId: 11,
                nextId: null,
                node: el(20, 'li', { title: PHONE }, [text(21, `${EMAIL} pays with ${CARD}`)])
              }
            ]
          }),
          custom(T + 6000, 'checkout', { contact: { phone: PHONE } }),
          meta(T + 7000, `http://shop.test/thanks?email=${encodeURIComponent(EMAIL)}`)
        ]
      }
    ],
    {
      referrer: `http://mail.test/?to=${encodeURIComponent(EMAIL)}`,
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
}

async function store_(batches: IngestBatch[]): Promise<void> {
  const ingestor = new Ingestor(store, [deps.indexer!, deps.auditor])
  for (const batch of batches) ingestor.ingest({ body: gzipBatch(batch), ip: null, receivedAt: Date.now() - 60_000 })
  deps.indexer!.drain()
  deps.auditor.drain()
  deps.indexer!.index.syncFullText()
  const compactor = new ReplayCompactor(store)
  await compactor.compactAll()
  await compactor.close()
}

const fileBytes = (path: string) => (existsSync(path) ? readFileSync(path) : Buffer.alloc(0))
/** Which of the values appear in the database file or its WAL, as bytes (UTF-8 and UTF-16, either order). */
function valuesInFile(): string[] {
  const bytes = Buffer.concat([fileBytes(dbPath), fileBytes(`${dbPath}-wal`)])
  return VALUES.filter((value) =>
    ['utf8', 'utf16le'].some((encoding) => bytes.includes(Buffer.from(value, encoding as BufferEncoding)))
  )
}
const storedJson = (id: string) => JSON.stringify(decodeSessionEvents(id, store.getBatches(id)))

describe('redaction', () => {
  it('in place: no byte of any found value is left in the database file or its WAL', async () => {
    await store_(leakySession('leaky-session-1'))
    expect(deps.auditor.store.findings(['leaky-session-1']).length).toBeGreaterThanOrEqual(6)
    // Before: the values are in the file (the search index keeps the typed value and page texts as text).
    expect(valuesInFile().length).toBeGreaterThan(0)

    const result = redactSession(deps, 'leaky-session-1', { mode: 'in-place', maskAllText: false })!
    expect(result).toMatchObject({ sessionId: 'leaky-session-1', mode: 'in-place', values: 3, walTruncated: true })
    // Every keystroke's value from `jan` on was the email as it was being typed.
    expect(result.replacements).toBeGreaterThan(EMAIL.length)
    expect(valuesInFile()).toEqual([])
    expect(fileBytes(`${dbPath}-wal`).length).toBe(0)
    store.close()
    expect(valuesInFile()).toEqual([])

    // The session is still there, replayable, with the values masked and the indexes rebuilt for it.
    store = Store.open(dbPath)
    const json = storedJson('leaky-session-1')
    expect(json).toContain('"******************** pays with **** **** **** ****"')
    for (const value of VALUES) expect(json).not.toContain(value)
    expect(json).not.toContain('jane.doe@exa')
    expect(store.getSession('leaky-session-1')!.eventCount).toBe(leakySession('x')[0]!.events.length + 3)
    expect(store.getSession('leaky-session-1')!.urls.join(' ')).not.toContain('jane')
    const auditor = new AuditIndexer(store)
    expect(auditor.store.findings(['leaky-session-1'])).toEqual([])
    expect(store.getSession('leaky-session-1')!.findings).toBe(0)
    const search = new SearchService(store)
    expect(search.search('text:"pays with"')[0]!.hits[0]!.text).toBe(
      '******************** pays with **** **** **** ****'
    )
  })

  it('a copy: a new session without the values, the original untouched; all text masked on request', async () => {
    await store_(leakySession('leaky-session-2'))
    const copy = redactSession(deps, 'leaky-session-2', { mode: 'copy', maskAllText: true })!
    expect(copy.sessionId).toMatch(/^redacted-[A-Za-z0-9_-]{16}$/)
    const json = storedJson(copy.sessionId)
    for (const value of VALUES) expect(json).not.toContain(value)
    expect(json).not.toContain('first item')
    expect(json).toContain('***** ****')
    expect(storedJson('leaky-session-2')).toContain(EMAIL)
    expect(deps.auditor.store.findings([copy.sessionId])).toEqual([])
    expect(store.getSession(copy.sessionId)!.referrer).not.toContain('jane')
    expect(store.getSession(copy.sessionId)!.eventCount).toBe(store.getSession('leaky-session-2')!.eventCount)
  })

  it('an export: our JSON envelope with the values masked', async () => {
    await store_(leakySession('leaky-session-3'))
    let written = ''
    const result = exportRedacted(deps, 'leaky-session-3', { maskAllText: false }, (chunk) => (written += chunk))!
    expect(result.values).toBe(3)
    const file = JSON.parse(written) as { format: string; session: { id: string }; batches: { events: unknown[] }[] }
    expect(file.format).toBe('replay-investigator/redacted-session')
    expect(file.session.id).toBe('leaky-session-3')
    expect(file.batches).toHaveLength(2)
    for (const value of VALUES) expect(written).not.toContain(value)
  })

  it('refuses an unknown session', () => {
    expect(redactSession(deps, 'no-such-session', { mode: 'in-place', maskAllText: false })).toBeNull()
  })
})
