// `audit` and `redact` through the real CLI process: exit 0 without findings, 1 with findings, 2 on error;
// only excerpts on stdout; the sessions were stored while no auditor ran (the app was not running), so the
// CLI audits them itself.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import { runCli } from '../helpers/cli'
import { documentWith, el, meta, sessionBatches, snapshot, text } from '../helpers/rrweb-events'
import { gzipBatch } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const T = 1_700_000_000_000
const EMAIL = 'jane.doe@example.com'
const dir = tempDir()
const dbPath = join(dir.path, 'cli-audit.db')

beforeAll(() => {
  const store = Store.open(dbPath)
  const ingestor = new Ingestor(store)
  const page = (line: string) =>
    documentWith(el(5, 'ul', { class: 'todo-list' }, [el(6, 'li', {}, [el(7, 'label', {}, [text(8, line)])])]))
  const sessions = [
    sessionBatches('cli-leaky-session', [{ events: [meta(T, 'http://todo.test/'), snapshot(T + 1, page(EMAIL))] }]),
    sessionBatches('cli-clean-session', [
      { events: [meta(T + 10, 'http://todo.test/'), snapshot(T + 11, page('buy milk'))] }
    ])
  ]
  for (const batch of sessions.flat()) ingestor.ingest({ body: gzipBatch(batch), ip: null, receivedAt: Date.now() })
  store.close()
})
afterAll(() => dir.remove())

describe('cli audit', () => {
  it('exits 1 with findings, printing excerpts, fixes and the suggested snippet', () => {
    const result = runCli(['audit', '--all', '--db', dbPath])
    expect(result.status).toBe(1)
    expect(result.stdout).toContain('cli-leaky-session')
    expect(result.stdout).toContain('jane.d…@…com')
    expect(result.stdout).toContain('data-mask-selector=".todo-list label"')
    expect(result.stdout).toContain('Suggested snippet for http://todo.test')
    expect(result.stdout).not.toContain(EMAIL)
    expect(result.stderr).toContain('1 finding in 1 session')
  })

  it('prints {findings, suggestions} with --json; exits 0 for a clean session', () => {
    const json = runCli(['audit', 'cli-leaky-session', '--json', '--db', dbPath])
    expect(json.status).toBe(1)
    const report = JSON.parse(json.stdout) as {
      findings: Record<string, unknown>[]
      suggestions: { snippet: string }[]
    }
    expect(report.findings).toEqual([
      {
        sessionId: 'cli-leaky-session',
        kind: 'email',
        where: 'text',
        name: null,
        selector: 'li > label',
        timestamp: T + 1,
        excerpt: 'jane.d…@…com',
        fix: 'data-mask-selector=".todo-list label"'
      }
    ])
    expect(report.suggestions[0]!.snippet).toContain('data-mask-selector=".todo-list label"')
    const clean = runCli(['audit', 'cli-clean-session', '--json', '--db', dbPath])
    expect(clean.status).toBe(0)
    expect(JSON.parse(clean.stdout)).toEqual({ findings: [], suggestions: [] })
  })

  it('exits 2 on errors: an unknown session, a bad id, nothing to audit, a missing database', () => {
    expect(runCli(['audit', 'no-such-session', '--db', dbPath]).status).toBe(2)
    expect(runCli(['audit', 'bad id!', '--db', dbPath]).stderr).toContain('is not a session id')
    expect(runCli(['audit', '--db', dbPath]).status).toBe(2)
    expect(runCli(['audit', '--all', '--db', join(dir.path, 'missing.db')]).status).toBe(2)
  })
})

describe('cli redact', () => {
  it('-o FILE writes a redacted JSON copy; a new session by default; --in-place rewrites it', () => {
    const file = join(dir.path, 'copy.json')
    const exported = runCli(['redact', 'cli-leaky-session', '-o', file, '--db', dbPath])
    expect(exported.status).toBe(0)
    expect(exported.stdout.trim()).toBe(file)
    const written = readFileSync(file, 'utf8')
    expect(written).toContain('"format":"replay-investigator/redacted-session"')
    expect(written).not.toContain(EMAIL)
    // An existing file is not overwritten.
    expect(runCli(['redact', 'cli-leaky-session', '-o', file, '--db', dbPath]).status).toBe(1)

    const copy = runCli(['redact', 'cli-leaky-session', '--json', '--db', dbPath])
    expect(copy.status).toBe(0)
    const { sessionId } = JSON.parse(copy.stdout) as { sessionId: string }
    expect(runCli(['audit', sessionId, '--db', dbPath]).status).toBe(0)

    const inPlace = runCli(['redact', 'cli-leaky-session', '--in-place', '--db', dbPath])
    expect(inPlace.status).toBe(0)
    expect(inPlace.stderr).toContain('rewrote cli-leaky-session in place: 1 value masked')
    expect(runCli(['audit', '--all', '--db', dbPath]).status).toBe(0)
    expect(readFileSync(dbPath).includes(Buffer.from(EMAIL))).toBe(false)
    expect(existsSync(`${dbPath}-wal`) ? readFileSync(`${dbPath}-wal`).includes(Buffer.from(EMAIL)) : false).toBe(false)
  })
})
