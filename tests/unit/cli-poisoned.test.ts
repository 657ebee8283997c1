// The CLI on a database holding sessions the door refuses today (event times at 1e20, a payload nested
// 30,000 deep): `sessions` prints its table, `events` says which batch cannot be read, in one line.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatTimestamp as formatTime } from '../../src/main/cli/format'
import { Store } from '../../src/main/core/store/store'
import { runCli } from '../helpers/cli'
import { storePoisonedSessions, type PoisonedSessions } from '../helpers/poisoned-sessions'
import { tempDir } from '../helpers/test-core'

const dir = tempDir()
const dbPath = join(dir.path, 'poisoned.db')
let poisoned: PoisonedSessions
beforeAll(() => {
  const store = Store.open(dbPath)
  poisoned = storePoisonedSessions(store)
  store.close()
})
afterAll(() => dir.remove())

describe('CLI formatters', () => {
  it('show "?" for values out of range and never throw', () => {
    for (const value of [1e20, -1e20, Number.NaN, Infinity, -1]) {
      expect(() => formatTime(value)).not.toThrow()
      expect(() => formatBytes(value)).not.toThrow()
      expect(() => formatDuration(value)).not.toThrow()
    }
    expect(formatTime(1e20)).toBe('?')
    expect(formatBytes(-1)).toBe('?')
    expect(formatDuration(1e20)).toBe('?')
    expect(formatTime(1_700_000_000_000)).toBe('2023-11-14 22:13:20')
  })
})

describe('the CLI on poisoned sessions', () => {
  it('sessions prints every session, the far-future one with "?" for its start', () => {
    const result = runCli(['sessions', '--db', dbPath])
    expect(result.stderr).toBe('3 sessions\n')
    expect(result.status).toBe(0)
    const line = result.stdout.split('\n').find((text) => text.startsWith(poisoned.farFuture))!
    expect(line.split(/\s{2,}/)[1]).toBe('?')
    for (const id of Object.values(poisoned)) expect(result.stdout).toContain(id)
    expect(JSON.parse(runCli(['sessions', '--json', '--db', dbPath]).stdout)).toHaveLength(3)
  })

  it('events names the batch that cannot be read, without a stack trace, and exits 1', () => {
    const result = runCli(['events', poisoned.deep, '--db', dbPath])
    expect(result.status).toBe(1)
    // Events stream out chunk by chunk (bounded memory): the chunks before the broken one were printed, and
    // the array is left unclosed, so no script can take it for the whole session (the exit code says so too).
    expect(() => JSON.parse(result.stdout)).toThrow()
    expect(result.stderr).toBe(
      `error: session ${poisoned.deep}: stored batch 1 cannot be read: nested more than 1200 levels deep (stored by an older version?)\n`
    )
    const far = runCli(['events', poisoned.farFuture, '--db', dbPath])
    expect(far.status).toBe(0)
    expect(JSON.parse(far.stdout)).toHaveLength(40)
  })
})
