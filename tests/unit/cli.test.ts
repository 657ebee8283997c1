import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import type { SessionSummary } from '../../src/shared/types'
import { runCli } from '../helpers/cli'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const dir = tempDir()
const dbPath = join(dir.path, 'cli.db')

beforeAll(() => {
  const store = Store.open(dbPath)
  const ingestor = new Ingestor(store)
  const sessions = [
    { id: 'cli-older-session', startAt: 1_700_000_000_000 },
    { id: 'cli-newer-session', startAt: 1_700_000_500_000 }
  ]
  for (const [i, { id, startAt }] of sessions.entries()) {
    for (const batch of syntheticBatches({ seed: i, sessionId: id, startAt, events: 150, pageLoads: 2 })) {
      ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() })
    }
  }
  store.close()
})
afterAll(() => dir.remove())

describe('cli', () => {
  it('sessions --json prints the documented fields, newest first, and nothing else on stdout', () => {
    const result = runCli(['sessions', '--json', '--db', dbPath])
    expect(result.status).toBe(0)
    const sessions = JSON.parse(result.stdout) as SessionSummary[]
    expect(sessions.map((s) => s.id)).toEqual(['cli-newer-session', 'cli-older-session'])
    const keys = [
      'id',
      'startedAt',
      'endedAt',
      'durationMs',
      'eventCount',
      'bytesStored',
      'bytesRaw',
      'ip',
      'userAgent',
      'browser',
      'os',
      'device',
      'language',
      'timezone',
      'screen',
      'viewport',
      'urls',
      'maskLevel',
      'pinned'
    ]
    for (const key of keys) expect(sessions[0]).toHaveProperty(key)
    expect(sessions[0]).toMatchObject({ browser: { name: 'Chrome' }, device: { type: 'desktop' }, pinned: false })
    expect(sessions[0]!.urls).toHaveLength(2)
    expect(sessions[0]!.durationMs).toBe(sessions[0]!.endedAt - sessions[0]!.startedAt)
  })

  it('honours REPLAY_INVESTIGATOR_DB and prints a table without --json', () => {
    const result = runCli(['sessions'], { REPLAY_INVESTIGATOR_DB: dbPath })
    expect(result.status).toBe(0)
    expect(result.stdout.split('\n')[0]).toMatch(/^id\s+started\s+duration/)
    expect(result.stdout).toContain('cli-older-session')
  })

  it('events prints one JSON array in time order: the stored events, one per line', () => {
    const result = runCli(['events', 'cli-older-session', '--db', dbPath])
    expect(result.status).toBe(0)
    const events = JSON.parse(result.stdout) as { type: number; timestamp: number }[]
    expect(events).toHaveLength(150)
    expect(events[0]!.type).toBe(4)
    const store = Store.open(dbPath, { readonly: true })
    try {
      expect(events).toEqual(store.getEvents('cli-older-session'))
    } finally {
      store.close()
    }
    expect(result.stdout.split('\n')).toHaveLength(150 + 3) // "[", one line per event, "]", and the final newline
  })

  it('fails clearly: unknown session, malformed id, missing database, unknown command', () => {
    const unknown = runCli(['events', 'no-such-session', '--db', dbPath])
    expect(unknown).toMatchObject({ status: 2, stdout: '', stderr: 'error: events: no session no-such-session\n' })

    const malformed = runCli(['events', '../x', '--db', dbPath])
    expect(malformed).toMatchObject({ status: 2, stdout: '', stderr: 'error: events: id is not a session id\n' })

    const missing = runCli(['sessions', '--db', join(dir.path, 'nope.db')])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no database at')

    const bogus = runCli(['frobnicate'])
    expect(bogus.status).toBe(2)
    expect(bogus.stderr).toMatch(/unknown command/)
  })
})
