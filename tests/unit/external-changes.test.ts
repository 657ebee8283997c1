// Changes made by another process (the real CLI, its own SQLite connection) reach a running app's change
// feed, so an open workspace updates: a pin shows, a deleted session leaves the list and its replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChangeNotice } from '../../src/shared/types'
import { runCli } from '../helpers/cli'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../helpers/test-core'

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

  it("does not announce the app's own writes twice when nothing else wrote", async () => {
    notices.length = 0
    const [batch] = syntheticBatches({ seed: 9, sessionId: 'external-own-1', events: 50 })
    expect((await postBatch(core, gzipBatch(batch!))).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(notices).toEqual([{ kind: 'session-updated', sessionId: 'external-own-1' }])
  })
})
