import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GroupCommitter } from '../../src/main/core/ingest/group-commit'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

let dir: ReturnType<typeof tempDir>
let store: Store

beforeEach(() => {
  dir = tempDir()
  store = Store.open(join(dir.path, 'sessions.db'))
})
afterEach(() => {
  store.close()
  dir.remove()
})

const bodies = (sessionId: string, seed = 1) =>
  syntheticBatches({ seed, sessionId, events: 500 }).map((batch) => gzipBatch(batch))

describe('group commit', () => {
  it('writes concurrent batches in one transaction and answers each after the commit', async () => {
    // A second connection sees only what is committed. Asked while each batch is written, it must see
    // none of the group: had any batch of the group been committed on its own, it would see it.
    const observer = new Database(join(dir.path, 'sessions.db'), { readonly: true })
    const committedWhileWriting: number[] = []
    const countCommitted = observer.prepare('SELECT count(*) AS n FROM session_replay')
    const ingestor = new Ingestor(store, [
      {
        indexBatch: () => void committedWhileWriting.push((countCommitted.get() as { n: number }).n),
        indexStoredBatch: () => {}
      }
    ])
    const committer = new GroupCommitter(store, ingestor)
    const all = bodies('group-session-1')
    // When any caller hears back, the whole group is already committed and visible.
    const seenAtAnswer: number[] = []
    const results = await Promise.all(
      all.map((body) =>
        committer.submit(ingestor.prepare({ body, ip: null, receivedAt: Date.now() })).then((result) => {
          seenAtAnswer.push(store.countBatches())
          return result
        })
      )
    )
    expect(seenAtAnswer).toEqual(all.map(() => all.length))
    expect(committedWhileWriting).toEqual(all.map(() => 0))
    expect((countCommitted.get() as { n: number }).n).toBe(all.length)
    observer.close()
    expect(results.every((result) => result.stored)).toBe(true)
    expect(store.countBatches()).toBe(all.length)
    expect(store.listSessions()[0]!.batchCount).toBe(all.length)
  })

  it('stores a batch retried within the same group once', async () => {
    const ingestor = new Ingestor(store)
    const committer = new GroupCommitter(store, ingestor)
    const [body] = bodies('group-session-2')
    const [first, retry] = await Promise.all([
      committer.submit(ingestor.prepare({ body: body!, ip: null, receivedAt: Date.now() })),
      committer.submit(ingestor.prepare({ body: body!, ip: null, receivedAt: Date.now() + 1 }))
    ])
    expect([first!.stored, retry!.stored]).toEqual([true, false])
    expect(store.countBatches()).toBe(1)
  })

  it('rolls back only the batch that failed; the rest of the group commits', async () => {
    const ingestor = new Ingestor(store, [
      {
        indexStoredBatch: () => {},
        indexBatch: (batch) => {
          if (batch.sessionId === 'group-poisoned') throw new Error('indexer failed')
        }
      }
    ])
    const committer = new GroupCommitter(store, ingestor)
    const good = bodies('group-session-3')
    const [poisoned] = bodies('group-poisoned', 2)
    const submissions = [...good, poisoned!].map((body) =>
      committer.submit(ingestor.prepare({ body, ip: null, receivedAt: Date.now() })).then(
        (result) => result.stored,
        (error: Error) => error.message
      )
    )
    const outcomes = await Promise.all(submissions)
    expect(outcomes.slice(0, good.length).every((stored) => stored === true)).toBe(true)
    expect(outcomes.at(-1)).toBe('indexer failed')
    expect(store.getSession('group-poisoned')).toBeNull()
    expect(store.getBatches('group-session-3')).toHaveLength(good.length)
  })
})
