// Deleting a session must delete what the search index learned from it, shared rows included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../helpers/test-core'

let core: TestCore
const count = (table: string) => (core.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

beforeAll(async () => {
  core = await startTestCore()
})
afterAll(() => core.dispose())

async function record(sessionId: string, seed: number): Promise<void> {
  for (const batch of syntheticBatches({ seed, sessionId, events: 400 })) {
    expect((await postBatch(core, gzipBatch(batch))).status).toBe(200)
  }
}

describe('delete and the search index', () => {
  it('removes the shared paths a deleted session alone referred to, and keeps the ones still in use', async () => {
    await record('index-delete-a', 1)
    await record('index-delete-b', 2)
    const hits = await core.api.searchSessions('clicked:div') // indexes what is queued
    expect(hits.map((result) => result.sessionId).sort()).toEqual(['index-delete-a', 'index-delete-b'])
    const pathsWithBoth = count('search_paths')
    expect(pathsWithBoth).toBeGreaterThan(0)

    await core.api.deleteSession('index-delete-a')
    const used = core.store.db
      .prepare('SELECT count(DISTINCT path_id) AS n FROM search_events WHERE path_id IS NOT NULL')
      .get() as { n: number }
    expect(count('search_paths')).toBe(used.n) // no orphan left behind
    expect((await core.api.searchSessions('clicked:div')).map((result) => result.sessionId)).toEqual(['index-delete-b'])

    await core.api.deleteSession('index-delete-b')
    expect(count('search_paths')).toBe(0)
    expect(count('search_events')).toBe(0)
    expect(count('search_text_batches')).toBe(0)
  })
})
