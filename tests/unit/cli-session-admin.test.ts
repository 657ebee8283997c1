// pin, unpin, delete, prune through the real CLI process (--db on a real SQLite file).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { DAY_MS } from '../../src/main/core/store/retention'
import { Store } from '../../src/main/core/store/store'
import { runCli } from '../helpers/cli'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const dir = tempDir()
const dbPath = join(dir.path, 'admin.db')
const db = ['--db', dbPath]

beforeAll(() => {
  const store = Store.open(dbPath)
  const ingestor = new Ingestor(store)
  const sessions = [
    ['old-session-a', 45],
    ['old-session-b', 40],
    ['old-session-pinned', 50],
    ['recent-session', 1],
    ['delete-me-session', 1]
  ] as const
  for (const [id, daysAgo] of sessions) {
    for (const batch of syntheticBatches({ seed: 7, sessionId: id, events: 40 })) {
      ingestor.ingest({ body: gzipBatch(batch), ip: null, receivedAt: Date.now() - daysAgo * DAY_MS })
    }
  }
  store.close()
})
afterAll(() => dir.remove())

function inStore<T>(read: (store: Store) => T): T {
  const store = Store.open(dbPath)
  try {
    return read(store)
  } finally {
    store.close()
  }
}

describe('cli: pin, unpin, delete, prune', () => {
  it('pin prints the id (or the pin as JSON) and stores name and note; pinning again edits them', () => {
    const pinned = runCli(['pin', 'old-session-pinned', '--name', 'Checkout bug', '--note', 'Pay does nothing', ...db])
    expect(pinned).toMatchObject({ status: 0, stdout: 'old-session-pinned\n' })
    expect(pinned.stderr).toContain('pinned old-session-pinned as "Checkout bug"')
    const pin = inStore((store) => store.getPin('old-session-pinned'))
    expect(pin).toMatchObject({ name: 'Checkout bug', note: 'Pay does nothing' })

    const json = runCli(['pin', 'old-session-pinned', '--name', 'Renamed', '--json', ...db])
    expect(json.status).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({
      sessionId: 'old-session-pinned',
      name: 'Renamed',
      note: '',
      savedAt: pin!.savedAt
    })
  })

  it('prune --older-than Nd removes old unpinned sessions, one id per line, and keeps the pinned one', () => {
    const result = runCli(['prune', '--older-than', '30d', ...db])
    expect(result.status).toBe(0)
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['old-session-a', 'old-session-b'])
    expect(result.stderr).toContain('pruned 2 unpinned session(s) older than 30 day(s)')
    expect(
      inStore((store) =>
        store
          .listSessions()
          .map((s) => s.id)
          .sort()
      )
    ).toEqual(['delete-me-session', 'old-session-pinned', 'recent-session'])
    const again = runCli(['prune', '--older-than', '30d', '--json', ...db])
    expect(again).toMatchObject({ status: 0, stdout: '[]\n' })
  })

  it('unpin then prune removes the formerly pinned session', () => {
    expect(runCli(['unpin', 'old-session-pinned', ...db])).toMatchObject({ status: 0, stdout: 'old-session-pinned\n' })
    const twice = runCli(['unpin', 'old-session-pinned', '--json', ...db])
    expect(twice.status).toBe(0)
    expect(JSON.parse(twice.stdout)).toEqual({ sessionId: 'old-session-pinned', unpinned: false })
    const pruned = runCli(['prune', '--older-than', '30d', '--json', ...db])
    expect(JSON.parse(pruned.stdout)).toEqual(['old-session-pinned'])
  })

  it('delete removes a session and says so; a second delete is an error', () => {
    expect(runCli(['delete', 'delete-me-session', ...db])).toMatchObject({ status: 0, stdout: 'delete-me-session\n' })
    expect(inStore((store) => store.getSession('delete-me-session'))).toBeNull()
    const again = runCli(['delete', 'delete-me-session', ...db])
    expect(again).toMatchObject({ status: 1, stdout: '' })
    expect(again.stderr).toContain('no session delete-me-session')
  })

  it('rejects bad input with a clear message on stderr, nothing on stdout, exit 2 (usage) or 1 (not found)', () => {
    for (const age of ['30', '2w', '1.5d', '-1d', '999999d']) {
      const result = runCli(['prune', '--older-than', age, ...db])
      expect(result.status, age).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(`--older-than: "${age}" is not an age in days; write it like 30d`)
    }
    expect(runCli(['prune', ...db]).status).toBe(2)
    expect(runCli(['pin', '../etc', ...db])).toMatchObject({ status: 2, stdout: '' })
    const unknown = runCli(['pin', 'no-such-session', ...db])
    expect(unknown).toMatchObject({ status: 1, stdout: '' })
    expect(unknown.stderr).toContain('no session no-such-session')
    expect(runCli(['unpin', 'no-such-session', ...db]).status).toBe(1)
    expect(runCli(['pin', 'recent-session', '--name', 'x'.repeat(201), ...db]).status).toBe(2)
    const missing = runCli(['prune', '--older-than', '1d', '--db', join(dir.path, 'nope.db')])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no database at')
    expect(inStore((store) => store.listSessions().map((s) => s.id))).toEqual(['recent-session'])
  })
})
