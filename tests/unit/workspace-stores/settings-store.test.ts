// The workspace's settings against the real core over HTTP: load, save (with the time of the save, which the
// form confirms), refuse a bad value, prune now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../../src/main/core/ingest/ingest-batch'
import { useSessionsStore } from '../../../src/renderer/src/stores/sessions-store'
import { useSettingsStore } from '../../../src/renderer/src/stores/settings-store'
import { gzipBatch, syntheticBatches } from '../../helpers/synthetic'
import { startTestCore, type TestCore } from '../../helpers/test-core'
import { connectWorkspaceBridge } from '../../helpers/workspace-bridge'

const DAY_MS = 24 * 3600_000
let core: TestCore

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  // Two sessions last received 40 and 2 days ago.
  const ingestor = new Ingestor(core.store)
  for (const [sessionId, daysAgo] of [
    ['settings-old-0001', 40],
    ['settings-new-0001', 2]
  ] as const) {
    const receivedAt = Date.now() - daysAgo * DAY_MS
    for (const batch of syntheticBatches({ seed: daysAgo, sessionId, events: 10, startAt: receivedAt })) {
      ingestor.ingest({ body: gzipBatch(batch), ip: '10.0.0.1', receivedAt })
    }
  }
  await connectWorkspaceBridge(core)
  await useSessionsStore.getState().refresh()
})
afterAll(() => core.dispose())

const settings = () => useSettingsStore.getState()

describe('the settings store', () => {
  it('loads the settings, and saves a change with the time it was saved', async () => {
    await settings().load()
    expect(settings()).toMatchObject({ settings: { retentionDays: null }, error: null, savedAt: null })
    const before = Date.now()
    await settings().update({ retentionDays: 45 })
    expect(settings().settings).toMatchObject({ retentionDays: 45 })
    expect(settings().savedAt).toBeGreaterThanOrEqual(before)
    expect(core.store.getSettings()).toMatchObject({ retentionDays: 45 })
  })

  it("refuses a bad value with the core's message and keeps what was saved", async () => {
    const savedAt = settings().savedAt
    await expect(settings().update({ retentionDays: 0 })).rejects.toThrow(/retentionDays/)
    expect(settings()).toMatchObject({ settings: { retentionDays: 45 }, savedAt })
    expect(core.store.getSettings()).toMatchObject({ retentionDays: 45 })
  })

  it('prunes now: says what it removed and reloads the list', async () => {
    expect(useSessionsStore.getState().sessions).toHaveLength(2)
    expect(await settings().prune(30)).toEqual(['settings-old-0001'])
    expect(settings().lastPrune).toEqual({ olderThanDays: 30, removed: ['settings-old-0001'] })
    expect(useSessionsStore.getState().sessions.map((session) => session.id)).toEqual(['settings-new-0001'])
  })
})
