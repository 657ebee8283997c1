// Retention: the setting is applied when the core starts and again on a timer (daily in the app).
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Ingestor, SessionDeletedError } from '../../src/main/core/ingest/ingest-batch'
import { startRetentionSchedule } from '../../src/main/core/services/retention-service'
import { memoryLogger } from '../../src/main/core/log'
import { ChangeFeed } from '../../src/main/core/services/change-feed'
import { DAY_MS } from '../../src/main/core/store/retention'
import { Store } from '../../src/main/core/store/store'
import type { ChangeNotice } from '../../src/shared/types'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { startTestCore, tempDir } from '../helpers/test-core'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function openStore(): { store: Store; path: string } {
  const dir = tempDir()
  const path = join(dir.path, 'sessions.db')
  const store = Store.open(path)
  cleanups.push(() => dir.remove())
  return { store, path }
}

function ingestAged(store: Store, sessionId: string, receivedAt: number): void {
  const ingestor = new Ingestor(store)
  // The client clock agrees with the server's: the events happened when they were received.
  for (const batch of syntheticBatches({ seed: 3, sessionId, events: 30, startAt: receivedAt })) {
    ingestor.ingest({ body: gzipBatch(batch), ip: null, receivedAt })
  }
}

const ids = (store: Store) =>
  store
    .listSessions()
    .map((session) => session.id)
    .sort()

describe('retention', () => {
  it('does nothing while retentionDays is null (the default)', () => {
    const { store } = openStore()
    cleanups.push(() => store.close())
    ingestAged(store, 'ancient-session-1', Date.now() - 5000 * DAY_MS)
    const logger = memoryLogger()
    const schedule = startRetentionSchedule({ store, logger })
    void schedule.dispose()
    expect(ids(store)).toEqual(['ancient-session-1'])
    expect(logger.lines).toEqual([])
  })

  it('prunes at start-up and again on every tick, reading the setting each time; logs what it removed', async () => {
    const { store } = openStore()
    cleanups.push(() => store.close())
    const start = Date.now()
    ingestAged(store, 'aged-10-days-0001', start - 10 * DAY_MS)
    ingestAged(store, 'aged-3-days-00001', start - 3 * DAY_MS)
    ingestAged(store, 'aged-10-pinned-01', start - 10 * DAY_MS)
    store.pinSession('aged-10-pinned-01', 'keep', '')
    store.updateSettings({ retentionDays: 7 })
    const logger = memoryLogger()
    const feed = new ChangeFeed(logger)
    const notices: ChangeNotice[] = []
    feed.subscribe((notice) => notices.push(notice))
    let now = start
    const schedule = startRetentionSchedule({
      store,
      feed,
      logger,
      intervalMs: 20,
      now: () => now
    })
    cleanups.push(() => schedule.dispose())
    expect(ids(store)).toEqual(['aged-10-pinned-01', 'aged-3-days-00001'])
    expect(notices).toEqual([{ kind: 'session-deleted', sessionId: 'aged-10-days-0001' }])
    expect(logger.lines).toEqual([
      'retention: pruned 1 unpinned session last seen more than 7 days ago: aged-10-days-0001'
    ])

    now = start + 5 * DAY_MS // "five days later": the 3-day-old session is now 8 days old
    await expect.poll(() => ids(store), { timeout: 2000 }).toEqual(['aged-10-pinned-01'])
    expect(logger.lines).toHaveLength(2)
  })

  it('a pruned session stays gone: its later batches are refused', () => {
    const { store } = openStore()
    cleanups.unshift(() => store.close())
    ingestAged(store, 'pruned-late-0001', Date.now() - 40 * DAY_MS)
    expect(store.pruneSessionsBefore(Date.now() - 30 * DAY_MS)).toEqual(['pruned-late-0001'])
    const [late] = syntheticBatches({ seed: 4, sessionId: 'pruned-late-0001', events: 10 })
    expect(() =>
      new Ingestor(store).ingest({ body: gzipBatch({ ...late!, seq: 99 }), ip: null, receivedAt: Date.now() })
    ).toThrow(SessionDeletedError)
    expect(store.wasDeleted('pruned-late-0001')).toBe(true)
    expect(ids(store)).toEqual([])
  })

  it('the core applies the setting when it starts', async () => {
    const { store, path } = openStore()
    ingestAged(store, 'stale-session-001', Date.now() - 31 * DAY_MS)
    ingestAged(store, 'fresh-session-001', Date.now())
    store.updateSettings({ retentionDays: 30 })
    store.close()
    const core = await startTestCore({ dbPath: path })
    cleanups.push(() => core.dispose())
    expect(ids(core.store)).toEqual(['fresh-session-001'])
  })
})
