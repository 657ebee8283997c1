// Batches that pass the door but attack analysis (issue 12, defects 1, 3 and 4) against the real receiver and
// a real SQLite file: a mutation that moves a node under its own descendant and then adds text inside the
// loop (it hung the receiver's indexer forever, at every restart), a node added as its own child (it
// overflowed the stack and stopped background indexing), and a stored batch that cannot be read back. Each
// must leave ingest, search, reindex and a restart working, with the bad batch quarantined, not retried.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startAppCore, type AppCore } from '../../src/main/core/app-core'
import { builtAssets } from '../../src/main/core/paths'
import { InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { Store } from '../../src/main/core/store/store'
import { runCli } from '../helpers/cli'
import { click, documentWith, el, meta, mutation, sessionBatches, snapshot, text } from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { PROJECT_ROOT, postBatch, tempDir } from '../helpers/test-core'

const T = 1_700_000_000_000
const URL0 = 'http://shop.test/'
// body(4) > main(5) > ul(6) > li(7) "one"(8), button(9) "Buy"(10)
const shop = () =>
  documentWith(
    el(5, 'main', {}, [
      el(6, 'ul', {}, [el(7, 'li', {}, [text(8, 'one')])]),
      el(9, 'button', { class: 'buy' }, [text(10, 'Buy')])
    ])
  )

const dirs: { remove(): void }[] = []
const cores: AppCore[] = []
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()))
  dirs.splice(0).forEach((dir) => dir.remove())
})

async function startCore(dbPath: string): Promise<AppCore> {
  const core = await startAppCore({
    dbPath,
    port: 0,
    host: '127.0.0.1',
    assets: builtAssets(PROJECT_ROOT),
    version: 'test'
  })
  cores.push(core)
  return core
}

function dbFile(): string {
  const dir = tempDir()
  dirs.push(dir)
  return join(dir.path, 'sessions.db')
}

async function send(core: AppCore, sessionId: string, batches: Parameters<typeof sessionBatches>[1]): Promise<void> {
  for (const batch of sessionBatches(sessionId, batches)) {
    const response = await postBatch(core, gzipBatch(batch))
    expect(response.status, response.body).toBeLessThan(300)
  }
}

const healthy = async (core: AppCore) => {
  const started = performance.now()
  await send(core, `good-${Math.random().toString(36).slice(2, 10)}`, [
    { events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 100, 9)] }
  ])
  return performance.now() - started
}

describe('analysis under hostile batches', () => {
  it('a move under its own descendant, then text inside the would-be loop: refused, and nothing hangs, now or after a restart', async () => {
    const path = dbFile()
    let core = await startCore(path)
    await send(core, 'hostile-cycle-01', [
      { events: [meta(T, URL0), snapshot(T + 1, shop())] },
      {
        events: [
          mutation(T + 100, { adds: [{ parentId: 7, nextId: null, node: el(6, 'ul') }] }), // ul under its own li
          mutation(T + 200, { adds: [{ parentId: 7, nextId: null, node: text(50, 'inside the loop') }] }),
          click(T + 300, 50)
        ]
      }
    ])
    expect(await healthy(core)).toBeLessThan(1000)
    const found = await core.api.searchSessions('text:"inside the loop"')
    expect(found.map((result) => result.sessionId)).toEqual(['hostile-cycle-01'])
    expect((await core.api.searchSessions('clicked:"ul > li"')).map((r) => r.sessionId)).toContain('hostile-cycle-01')
    await core.close()
    cores.pop()

    // A restart on the same file: catch-up and search still answer; the CLI can search and reindex.
    core = await startCore(path)
    expect(await healthy(core)).toBeLessThan(1000)
    expect((await core.api.searchSessions('text:"inside the loop"')).length).toBe(1)
    const reindex = runCli(['reindex', '--all', '--db', path])
    expect(reindex.status, reindex.stderr).toBe(0)
  })

  it('a node added as its own child: reindex succeeds and background indexing keeps indexing later batches', async () => {
    const path = dbFile()
    const core = await startCore(path)
    await send(core, 'hostile-self-01', [
      { events: [meta(T, URL0), snapshot(T + 1, shop())] },
      {
        events: [
          mutation(T + 100, { adds: [{ parentId: 60, nextId: null, node: el(60, 'div', {}, [el(60, 'div')]) }] })
        ]
      },
      {
        events: [mutation(T + 200, { adds: [{ parentId: 9, nextId: null, node: el(9, 'button') }] }), click(T + 300, 9)]
      }
    ])
    await healthy(core)
    expect((await core.api.searchSessions('clicked:button.buy')).length).toBeGreaterThanOrEqual(2)
    const reindex = runCli(['reindex', '--all', '--db', path])
    expect(reindex.status, reindex.stderr).toBe(0)
    await send(core, 'after-self-01', [{ events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 100, 9)] }])
    expect((await core.api.searchSessions('clicked:button.buy')).map((r) => r.sessionId)).toContain('after-self-01')
  })

  it('a stored batch that cannot be read is quarantined with its error; the rest of the session and other sessions are indexed; a reindex does not retry it', () => {
    const path = dbFile()
    const store = Store.open(path)
    try {
      const indexer = new InteractionIndexer(store)
      indexer.onError = () => {}
      const ingest = (batches: ReturnType<typeof sessionBatches>) =>
        store.transaction(() => {
          for (const batch of batches) {
            store.recordBatch({
              sessionId: batch.sessionId,
              seq: batch.seq,
              segment: batch.segment,
              receivedAt: Date.now(),
              firstTs: batch.events[0]!.timestamp,
              lastTs: batch.events.at(-1)!.timestamp,
              eventCount: batch.events.length,
              rawBytes: 0,
              data: gzipBatch(batch),
              meta: batch.meta,
              client: {
                ip: null,
                browserName: null,
                browserVersion: null,
                osName: null,
                osVersion: null,
                deviceType: 'desktop'
              },
              pages: []
            })
          }
        })
      ingest(
        sessionBatches('broken-blob-01', [
          { events: [meta(T, URL0), snapshot(T + 1, shop())] },
          { events: [click(T + 100, 9)] },
          { events: [click(T + 200, 7)] }
        ])
      )
      ingest(
        sessionBatches('intact-blob-01', [{ events: [meta(T, URL0), snapshot(T + 1, shop()), click(T + 100, 9)] }])
      )
      // Bytes that are neither gzip nor our compacted encoding: what a damaged or foreign row looks like.
      store.db
        .prepare("UPDATE session_replay SET data = x'00ff00ff' WHERE session_id = 'broken-blob-01' AND seq = 1")
        .run()

      const result = indexer.reindexSessions(indexer.staleSessionIds())
      expect(result).toEqual({ reindexed: 2, failed: [] })
      const failures = indexer.index.failures.list()
      expect(failures).toEqual([
        expect.objectContaining({ sessionId: 'broken-blob-01', seq: 1, stage: 'index', attempts: 1 })
      ])
      expect(failures[0]!.error.length).toBeGreaterThan(0)
      indexer.reindexSessions(['broken-blob-01'])
      expect(indexer.index.failures.list()[0]!.attempts).toBe(1) // skipped, not retried
      expect(indexer.catchUp()).toBe(0) // the quarantined batch counts as indexed: no gap to retry forever
      // The batch after the broken one (a click on li 7) is indexed, and the other session too.
      const rows = store.db
        .prepare("SELECT session_id, kind, ts FROM search_events WHERE kind = 'click' ORDER BY session_id, ts")
        .all()
      expect(rows).toEqual([
        { session_id: 'broken-blob-01', kind: 'click', ts: T + 200 },
        { session_id: 'intact-blob-01', kind: 'click', ts: T + 100 }
      ])
      // Deleting the session deletes its failure rows (cascade).
      store.deleteSession('broken-blob-01')
      expect(indexer.index.failures.list()).toEqual([])
    } finally {
      store.close()
    }
  })
})
