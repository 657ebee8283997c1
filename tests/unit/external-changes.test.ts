// Changes made by another process (the real CLI, its own SQLite connection) reach a running app's change
// feed, so an open workspace updates: a pin shows, a deleted session leaves the list and its replay.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { memoryLogger } from '../../src/main/core/log'
import { ChangeFeed } from '../../src/main/core/services/change-feed'
import { watchExternalChanges } from '../../src/main/core/services/external-changes'
import { Store } from '../../src/main/core/store/store'
import type { ChangeNotice } from '../../src/shared/types'
import { runCli } from '../helpers/cli'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, startTestCore, tempDir, type TestCore } from '../helpers/test-core'

let core: TestCore
const notices: ChangeNotice[] = []

beforeAll(async () => {
  core = await startTestCore()
  core.feed.subscribe((notice) => notices.push(notice))
  for (const sessionId of ['external-kept-1', 'external-gone-1']) {
    for (const batch of syntheticBatches({ seed: sessionId.length, sessionId, events: 150 })) {
      expect((await postBatch(core, gzipBatch(batch))).status).toBe(200)
    }
  }
})
afterAll(() => core.dispose())

const noticesFor = (sessionId: string) => notices.filter((notice) => notice.sessionId === sessionId)

describe('changes by other processes', () => {
  it('announces a pin and a delete made by the CLI, and nothing for sessions it did not touch', async () => {
    // The first look after another process wrote also re-announces what this app changed since the
    // previous look (harmless: the workspace coalesces notices); what matters is what the CLI did.
    notices.length = 0
    const pinned = runCli(['pin', 'external-kept-1', '--name', 'from the CLI', '--db', core.dbPath])
    expect(pinned.status).toBe(0)
    await expect
      .poll(() => noticesFor('external-kept-1'), { timeout: 5000 })
      .toContainEqual({ kind: 'session-updated', sessionId: 'external-kept-1' })
    expect(core.store.getSession('external-kept-1')!.pin?.name).toBe('from the CLI')

    notices.length = 0
    const deleted = runCli(['delete', 'external-gone-1', '--db', core.dbPath])
    expect(deleted.status).toBe(0)
    await expect
      .poll(() => noticesFor('external-gone-1'), { timeout: 5000 })
      .toEqual([{ kind: 'session-deleted', sessionId: 'external-gone-1' }])
    // The pinned session did not change this time.
    expect(noticesFor('external-kept-1')).toEqual([])
  })

  it("does not announce the app's own writes again while nothing else writes; other connections' writes it does", () => {
    // The watcher alone, over its own store, on fake intervals: each advance runs its checks at once.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const dir = tempDir()
    const path = join(dir.path, 'own-writes.db')
    const store = Store.open(path)
    const feed = new ChangeFeed(memoryLogger())
    const seen: ChangeNotice[] = []
    feed.subscribe((notice) => seen.push(notice))
    const watcher = watchExternalChanges(store, feed, memoryLogger(), { intervalMs: 500 })
    try {
      // The app's own write, announced by the app itself (as the receiver does).
      const [own] = syntheticBatches({ seed: 9, sessionId: 'external-own-1', events: 50 })
      new Ingestor(store).ingest({ body: gzipBatch(own!), ip: null, receivedAt: Date.now() })
      feed.publish({ kind: 'session-updated', sessionId: 'external-own-1' })
      vi.advanceTimersByTime(5 * 500) // five checks
      expect(seen).toEqual([{ kind: 'session-updated', sessionId: 'external-own-1' }])

      // The positive control: a write through a second connection is seen by the next check.
      const other = Store.open(path)
      other.pinSession('external-own-1', 'pinned elsewhere', '')
      other.close()
      vi.advanceTimersByTime(500)
      expect(seen.at(-1)).toEqual({ kind: 'session-updated', sessionId: 'external-own-1' })
      expect(seen).toHaveLength(2)

      // A session this app recorded after that look, deleted by another connection, is announced as gone.
      const [later] = syntheticBatches({ seed: 10, sessionId: 'external-own-2', events: 50 })
      new Ingestor(store).ingest({ body: gzipBatch(later!), ip: null, receivedAt: Date.now() })
      feed.publish({ kind: 'session-updated', sessionId: 'external-own-2' })
      const deleter = Store.open(path)
      deleter.deleteSession('external-own-2')
      deleter.close()
      vi.advanceTimersByTime(500)
      expect(seen.at(-1)).toEqual({ kind: 'session-deleted', sessionId: 'external-own-2' })
    } finally {
      void watcher.dispose()
      vi.useRealTimers()
      store.close()
      dir.remove()
    }
  })
})
