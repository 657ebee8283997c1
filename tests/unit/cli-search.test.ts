// `search` and `reindex` through the real CLI process: stdout only results, stderr messages, exit codes.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import type { SearchResult } from '../../src/shared/types'
import { runCli } from '../helpers/cli'
import { click, documentWith, el, meta, sessionBatches, snapshot, text } from '../helpers/rrweb-events'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const T = 1_700_000_000_000
const dir = tempDir()
const dbPath = join(dir.path, 'cli-search.db')
const page = documentWith(
  el(5, 'form', { class: 'checkout' }, [el(6, 'button', { class: 'pay' }, [text(7, 'Pay now')])])
)

beforeAll(() => {
  const store = Store.open(dbPath)
  const indexer = new InteractionIndexer(store)
  const indexed = new Ingestor(store, [indexer])
  const plain = new Ingestor(store)
  const ingest = (via: Ingestor, batches: ReturnType<typeof sessionBatches>) => {
    for (const batch of batches) via.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() })
  }
  ingest(
    indexed,
    sessionBatches('cli-older-paying', [
      { events: [meta(T, 'http://shop.test/'), snapshot(T + 1, page), click(T + 65_000, 6)] }
    ])
  )
  ingest(
    indexed,
    sessionBatches('cli-newer-paying', [
      { events: [meta(T + 9e6, 'http://shop.test/'), snapshot(T + 9e6 + 1, page), click(T + 9e6 + 2000, 7)] }
    ])
  )
  // Recorded while indexing was off: not searchable until reindexed.
  ingest(plain, syntheticBatches({ seed: 1, sessionId: 'cli-not-indexed', events: 200 }))
  indexer.drain()
  store.close()
})
afterAll(() => dir.remove())

describe('cli search', () => {
  it('--json prints [{sessionId, hits}] newest first and warns on stderr about unindexed sessions', () => {
    const result = runCli(['search', 'clicked:"form.checkout button"', '--json', '--db', dbPath])
    expect(result.status).toBe(0)
    const results = JSON.parse(result.stdout) as SearchResult[]
    expect(results.map((r) => r.sessionId)).toEqual(['cli-newer-paying', 'cli-older-paying'])
    expect(results[1]!.hits).toEqual([
      { timestamp: T + 65_000, kind: 'click', selector: 'form.checkout > button.pay', text: 'Pay now' }
    ])
    expect(result.stderr).toMatch(/1 session is not in the search index yet; run `reindex`/)
  })

  it('prints a table without --json', () => {
    const result = runCli(['search', 'clicked:.pay', '--db', dbPath])
    expect(result.status).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^session\s+started\s+hits\s+at\s+kind\s+selector\s+text$/)
    expect(lines[2]).toMatch(
      /^cli-older-paying\s+2023-11-14 22:13:20\s+1\s+\+1m 5s\s+click\s+form.checkout > button.pay\s+Pay now$/
    )
    expect(result.stderr).toContain('2 sessions')
  })

  it('an invalid query: where and what on stderr, nothing on stdout, exit 2', () => {
    const result = runCli(['search', 'clicked:.pay foo:bar', '--db', dbPath])
    expect(result.status).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('invalid query at column 14: unknown filter "foo:"')
    expect(result.stderr).toContain('  clicked:.pay foo:bar\n               ^')
  })
})

describe('cli reindex', () => {
  it('usage errors exit 2', () => {
    expect(runCli(['reindex', '--all', 'cli-older-paying', '--db', dbPath]).status).toBe(2)
    expect(runCli(['reindex', 'not a session', '--db', dbPath]).status).toBe(2)
    expect(runCli(['reindex', 'no-such-session', '--db', dbPath])).toMatchObject({
      status: 2,
      stderr: 'error: reindex: no session no-such-session\n'
    })
  })

  it('reindexes stale sessions by default (ids on stdout, progress on stderr), then one, then all', () => {
    const stale = runCli(['reindex', '--db', dbPath])
    expect(stale.status).toBe(0)
    expect(stale.stdout).toBe('cli-not-indexed\n')
    expect(stale.stderr).toMatch(/reindex: 1\/1 session\nreindex: 1 session in \d+\.\d s/)
    const found = runCli(['search', 'clicked:.add-to-cart', '--json', '--db', dbPath])
    expect((JSON.parse(found.stdout) as SearchResult[]).map((r) => r.sessionId)).toEqual(['cli-not-indexed'])
    expect(found.stderr).toBe('')

    expect(runCli(['reindex', '--db', dbPath]).stderr).toMatch(/nothing to do/)
    expect(runCli(['reindex', 'cli-older-paying', '--db', dbPath]).stdout).toBe('cli-older-paying\n')
    const all = runCli(['reindex', '--all', '--json', '--db', dbPath])
    expect((JSON.parse(all.stdout) as string[]).sort()).toEqual([
      'cli-newer-paying',
      'cli-not-indexed',
      'cli-older-paying'
    ])
    expect(JSON.parse(runCli(['search', 'clicked:.pay', '--json', '--db', dbPath]).stdout)).toHaveLength(2)
  })
})
