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
  it('pin prints the id (or the pin as JSON) and stores name and note; pinning again changes only what is given', () => {
    const pinned = runCli(['pin', 'old-session-pinned', '--name', 'Checkout bug', '--note', 'Pay does nothing', ...db])
    expect(pinned).toMatchObject({ status: 0, stdout: 'old-session-pinned\n' })
    expect(pinned.stderr).toContain('pinned old-session-pinned as "Checkout bug"')
    const pin = inStore((store) => store.getPin('old-session-pinned'))
    expect(pin).toMatchObject({ name: 'Checkout bug', note: 'Pay does nothing' })

    // --note alone keeps the name (it used to default to "" and erase it)...
    const noted = runCli(['pin', 'old-session-pinned', '--note', 'Pay does nothing on Firefox', '--json', ...db])
    expect(noted.status).toBe(0)
    expect(JSON.parse(noted.stdout)).toEqual({
      sessionId: 'old-session-pinned',
      name: 'Checkout bug',
      note: 'Pay does nothing on Firefox',
      savedAt: pin!.savedAt
    })
    // ...and --name alone keeps the note.
    const json = runCli(['pin', 'old-session-pinned', '--name', 'Renamed', '--json', ...db])
    expect(json.status).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({
      sessionId: 'old-session-pinned',
      name: 'Renamed',
      note: 'Pay does nothing on Firefox',
      savedAt: pin!.savedAt
    })
    // The list shows the pin and its name.
    const listed = runCli(['sessions', ...db])
    expect(listed.stdout.split('\n')[0]).toMatch(/\s+pin$/)
    expect(listed.stdout.split('\n').find((line) => line.startsWith('old-session-pinned'))).toMatch(/pinned: Renamed$/)
    expect(listed.stderr).toBe('5 sessions\n')
    // Pinning without a name or a note on an unpinned session pins it unnamed.
    expect(JSON.parse(runCli(['pin', 'recent-session', '--json', ...db]).stdout)).toMatchObject({ name: '', note: '' })
    expect(runCli(['unpin', 'recent-session', ...db]).status).toBe(0)
  })

  it('prune --older-than Nd removes old unpinned sessions, one id per line, and keeps the pinned one', () => {
    const result = runCli(['prune', '--older-than', '30d', ...db])
    expect(result.status).toBe(0)
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['old-session-a', 'old-session-b'])
    expect(result.stderr).toContain('pruned 2 unpinned sessions older than 30 days')
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
    expect(again).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'error: deleteSession: no session delete-me-session\n'
    })
  })

  it('rejects bad input with one line on stderr, nothing on stdout, exit 2 (usage, bad argument, not found)', () => {
    for (const age of ['30', '2w', '1.5d', '-1d']) {
      const result = runCli(['prune', '--older-than', age, ...db])
      expect(result.status, age).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(`--older-than: "${age}" is not an age in days; write it like 30d`)
    }
    // The range is the API's own check, said in the API's words.
    expect(runCli(['prune', '--older-than', '999999d', ...db])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'error: pruneSessions: olderThanDays is above 100000\n'
    })
    expect(runCli(['prune', ...db]).status).toBe(2)
    expect(runCli(['pin', '../etc', ...db])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'error: getSession: id is not a session id\n'
    })
    expect(runCli(['pin', 'no-such-session', ...db])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'error: getSession: no session no-such-session\n'
    })
    expect(runCli(['unpin', 'no-such-session', ...db])).toMatchObject({
      status: 2,
      stderr: 'error: unpinSession: no session no-such-session\n'
    })
    expect(runCli(['pin', 'recent-session', '--name', 'x'.repeat(201), ...db])).toMatchObject({
      status: 2,
      stderr: 'error: pinSession: name has more than 200 characters\n'
    })
    const missing = runCli(['prune', '--older-than', '1d', '--db', join(dir.path, 'nope.db')])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no database at')
    expect(inStore((store) => store.listSessions().map((s) => s.id))).toEqual(['recent-session'])
  })
})
