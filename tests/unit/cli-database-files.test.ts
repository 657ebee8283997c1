// Database files through the real CLI process: reading commands open read-only without migrating and
// work on a read-only file and folder (run as an unprivileged user, so the permission bits hold); a
// damaged, foreign, newer or older file gets one sentence, a non-zero exit and is never modified;
// `doctor` reports integrity, schema, counts, quarantined batches and index lag.
import { createHash } from 'node:crypto'
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import type { DoctorReport } from '../../src/main/core/services/doctor'
import { NEWEST_SCHEMA_VERSION } from '../../src/main/core/store/migrations'
import { Store } from '../../src/main/core/store/store'
import type { SearchResult, SessionSummary } from '../../src/shared/types'
import { runCli, type CliResult } from '../helpers/cli'
import { databaseBeforeVersion } from '../helpers/old-database'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { tempDir } from '../helpers/test-core'

const dir = tempDir()
const goodPath = join(dir.path, 'good.db')
const ingestAll = (ingestor: Ingestor, batches: ReturnType<typeof syntheticBatches>) => {
  for (const batch of batches) ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt: Date.now() })
}

/** Batches of the lagging session stored after its first was indexed (what the app had not drained yet). */
let laggingBatches = 0

beforeAll(() => {
  // The unprivileged user must reach the files.
  chmodSync(dir.path, 0o755)
  const store = Store.open(goodPath)
  const indexer = new InteractionIndexer(store)
  indexer.autoDrain = false
  const indexed = new Ingestor(store, [indexer])
  const plain = new Ingestor(store)
  ingestAll(indexed, syntheticBatches({ seed: 1, sessionId: 'files-indexed-01', events: 300 }))
  const [first, ...rest] = syntheticBatches({ seed: 2, sessionId: 'files-lagging-01', events: 300, batchSize: 60 })
  ingestAll(indexed, [first!])
  indexer.drain()
  ingestAll(plain, rest)
  laggingBatches = rest.length
  ingestAll(plain, syntheticBatches({ seed: 3, sessionId: 'files-stale-0001', events: 100 }))
  store.close()
})
afterAll(() => {
  chmodSync(join(dir.path, 'ro'), 0o755)
  dir.remove()
})

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

/** One sentence on stderr: "error: …", one line, no stack frame. */
function expectOneSentence(result: CliResult, pattern: RegExp): void {
  expect(result.stdout).toBe('')
  expect(result.stderr).toMatch(/^error: [^\n]+\n$/)
  expect(result.stderr).not.toMatch(/\n\s+at /)
  expect(result.stderr).toMatch(pattern)
}

describe('a read-only database file in a read-only folder', () => {
  let roPath: string
  let before: string
  beforeAll(() => {
    const ro = join(dir.path, 'ro')
    mkdirSync(ro)
    roPath = join(ro, 'sessions.db')
    copyFileSync(goodPath, roPath)
    chmodSync(roPath, 0o444)
    chmodSync(ro, 0o555)
    before = sha256(roPath)
  })
  const cli = (...args: string[]) => runCli([...args, '--db', roPath], {}, { unprivileged: true })

  it('sessions, events and doctor answer, and the file and its folder stay as they were', () => {
    const sessions = cli('sessions', '--json')
    expect(sessions.status).toBe(0)
    expect((JSON.parse(sessions.stdout) as SessionSummary[]).map((s) => s.id).sort()).toEqual([
      'files-indexed-01',
      'files-lagging-01',
      'files-stale-0001'
    ])
    const events = cli('events', 'files-stale-0001')
    expect(events.status).toBe(0)
    expect(JSON.parse(events.stdout)).toHaveLength(100)
    const doctor = cli('doctor', '--json')
    expect(doctor.status).toBe(0)
    expect((JSON.parse(doctor.stdout) as DoctorReport).integrity).toEqual(['ok'])
    expect(sha256(roPath)).toBe(before)
    expect(readdirSync(join(dir.path, 'ro'))).toEqual(['sessions.db'])
  })

  it('search answers from the index as it is and says it is not up to date', () => {
    const result = cli('search', 'clicked:.add-to-cart', '--json')
    expect(result.status).toBe(0)
    const ids = (JSON.parse(result.stdout) as SearchResult[]).map((r) => r.sessionId)
    expect(ids).toContain('files-indexed-01')
    expect(result.stderr).toContain(`index not up to date: ${laggingBatches} stored batches not indexed yet`)
    expect(result.stderr).toContain('read-only')
    expect(result.stderr).toContain('1 session is not in the search index yet')
    expect(sha256(roPath)).toBe(before)
  })

  it('a write command says the file is read-only, in one sentence, and changes nothing', () => {
    expectOneSentence(cli('pin', 'files-indexed-01', '--name', 'x'), /is read-only|cannot open/)
    expect(sha256(roPath)).toBe(before)
  })
})

describe('a read-only file in a writable folder', () => {
  it('is read without creating a write-ahead log or shared-memory file next to it', () => {
    const sub = join(dir.path, 'ro-file')
    mkdirSync(sub, { mode: 0o777 })
    chmodSync(sub, 0o777)
    const path = join(sub, 'sessions.db')
    copyFileSync(goodPath, path)
    chmodSync(path, 0o444)
    const before = sha256(path)
    // As root too: a file without write permission is treated as read-only even by a user who could write it.
    for (const unprivileged of [true, false]) {
      const result = runCli(['sessions', '--json', '--db', path], {}, { unprivileged })
      expect(result.status).toBe(0)
      expect(JSON.parse(result.stdout)).toHaveLength(3)
    }
    expect(readdirSync(sub)).toEqual(['sessions.db'])
    expect(sha256(path)).toBe(before)
  })
})

describe('a writable copy', () => {
  it('search indexes what the app had not, and then says nothing about the index', () => {
    const path = join(dir.path, 'writable.db')
    copyFileSync(goodPath, path)
    const result = runCli(['search', 'clicked:.add-to-cart', '--json', '--db', path])
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as SearchResult[]).map((r) => r.sessionId).sort()).toEqual([
      'files-indexed-01',
      'files-lagging-01'
    ])
    expect(result.stderr).not.toContain('index not up to date')
    const doctor = JSON.parse(runCli(['doctor', '--json', '--db', path]).stdout) as DoctorReport
    expect(doctor.index).toEqual({ unindexedBatches: 0, staleSessions: 1, fullTextBehind: 0 })
  })
})

/** Files this app must refuse, each made as it would be met in the wild. */
const BAD_FILES: { name: string; make: (path: string) => void; says: RegExp }[] = [
  {
    name: 'random bytes',
    make: (path) => writeFileSync(path, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251))),
    says: /is damaged or is not an SQLite database/
  },
  {
    name: 'a text file',
    make: (path) => writeFileSync(path, 'these are my notes, not a database\n'.repeat(200)),
    says: /is damaged or is not an SQLite database/
  },
  {
    name: "another program's SQLite database",
    make: (path) => {
      const db = new Database(path)
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')")
      db.close()
    },
    says: /is an SQLite database but not a Replay Investigator one/
  },
  {
    name: 'a database of a newer app',
    make: (path) => {
      copyFileSync(goodPath, path)
      const db = new Database(path)
      db.pragma('journal_mode = DELETE')
      db.pragma(`user_version = ${NEWEST_SCHEMA_VERSION + 4}`)
      db.close()
    },
    says: new RegExp(`has schema version ${NEWEST_SCHEMA_VERSION + 4}, newer than this app knows`)
  }
]

describe('files the app will not use', () => {
  for (const bad of BAD_FILES) {
    it(`${bad.name}: one sentence, exit 1, the file untouched, for every command`, () => {
      const sub = join(dir.path, bad.name.replace(/\W+/g, '-'))
      mkdirSync(sub)
      const path = join(sub, 'sessions.db')
      bad.make(path)
      const before = sha256(path)
      const commands = [
        ['sessions'],
        ['events', 'files-indexed-01'],
        ['search', 'clicked:a'],
        ['doctor'],
        ['pin', 'files-indexed-01'],
        ['delete', 'files-indexed-01'],
        ['reindex'],
        ['serve', '--port', '0']
      ]
      for (const command of commands) {
        const result = runCli([...command, '--db', path], {}, { timeoutMs: 30_000 })
        expect(result.status, command.join(' ')).toBe(1)
        expectOneSentence(result, bad.says)
      }
      expect(sha256(path)).toBe(before)
      expect(readdirSync(sub)).toEqual(['sessions.db'])
    })
  }
})

describe('a database of an older app version', () => {
  it('is not migrated by reading commands (one sentence, exit 1, untouched); doctor reports it; a write command upgrades it', () => {
    const path = join(dir.path, 'old.db')
    databaseBeforeVersion(3, path, 'before-version-3', { seed: 5, events: 40 }).db.close()
    const before = sha256(path)
    for (const command of [['sessions'], ['events', 'before-version-3'], ['search', 'clicked:a']]) {
      const result = runCli([...command, '--db', path])
      expect(result.status, command.join(' ')).toBe(1)
      expectOneSentence(result, /has schema version 2, older than this app reads/)
    }
    const doctor = runCli(['doctor', '--db', path])
    expect(doctor.status).toBe(0)
    expect(doctor.stdout).toMatch(/schema\s+version 2 \(this app: \d+\); start the app once to upgrade it/)
    expect(sha256(path)).toBe(before)
    expect(runCli(['pin', 'before-version-3', '--name', 'old', '--db', path]).status).toBe(0)
    expect(JSON.parse(runCli(['sessions', '--json', '--db', path]).stdout)).toMatchObject([
      { id: 'before-version-3', pinName: 'old' }
    ])
  })
})

describe('doctor', () => {
  it('prints integrity, schema version, counts, quarantined batches and index lag (--json)', () => {
    const path = join(dir.path, 'doctor.db')
    copyFileSync(goodPath, path)
    const store = Store.open(path, { readonly: true })
    const sessions = store.listSessions()
    store.close()
    const report = JSON.parse(runCli(['doctor', '--json', '--db', path]).stdout) as DoctorReport
    expect(report).toMatchObject({
      path,
      ok: true,
      integrity: ['ok'],
      schemaVersion: NEWEST_SCHEMA_VERSION,
      appSchemaVersion: NEWEST_SCHEMA_VERSION,
      quarantinedBatches: { total: 0, first: [] },
      problems: []
    })
    expect(report.counts).toMatchObject({
      sessions: 3,
      batches: sessions.reduce((sum, s) => sum + s.batchCount, 0),
      events: sessions.reduce((sum, s) => sum + s.eventCount, 0),
      bytesStored: sessions.reduce((sum, s) => sum + s.bytesStored, 0),
      bytesRaw: sessions.reduce((sum, s) => sum + s.bytesRaw, 0)
    })
    expect(report.counts!.fileBytes).toBeGreaterThan(0)
    expect(report.index).toMatchObject({ unindexedBatches: laggingBatches, staleSessions: 1 })
    expect(report.index!.fullTextBehind).toBeGreaterThan(0) // nothing searched since indexing
  })

  it('lists the batches quarantined in batch_failures (migration 006)', () => {
    const path = join(dir.path, 'quarantine.db')
    copyFileSync(goodPath, path)
    const db = new Database(path)
    // Quarantined batches as the indexer and the compactor record them (migration 006).
    db.exec(`INSERT INTO batch_failures VALUES ('files-stale-0001', 0, 'index', 'Maximum call stack size exceeded', 1700000000000, 3),
        ('files-stale-0001', 1, 'compact', 'too deep', 1700000001000, 1)`)
    db.close()
    const text = runCli(['doctor', '--db', path])
    expect(text.status).toBe(0)
    expect(text.stdout).toMatch(/^integrity\s+ok$/m)
    expect(text.stdout).toMatch(/^sessions\s+3$/m)
    expect(text.stdout).toMatch(/^quarantined\s+2 batches$/m)
    expect(text.stdout).toMatch(
      /quarantined: files-stale-0001 #1 \(compact, 1 attempt, 2023-11-14 22:13:21\): too deep/
    )
    expect(text.stdout).toMatch(/^index lag\s+\d+ batch(es)? not indexed, 1 session to reindex/m)
  })

  it('reports damaged pages and exits 1', () => {
    const path = join(dir.path, 'damaged.db')
    copyFileSync(goodPath, path)
    const bytes = readFileSync(path)
    const pageSize = bytes.readUInt16BE(16)
    // Page 2 onwards: b-tree pages of the tables; the header and schema page (page 1) stay readable.
    bytes.fill(0x5a, pageSize * 2, pageSize * 6)
    writeFileSync(path, bytes)
    const before = sha256(path)
    const result = runCli(['doctor', '--json', '--db', path])
    expect(result.status).toBe(1)
    const report = JSON.parse(result.stdout) as DoctorReport
    expect(report.ok).toBe(false)
    expect(report.integrity.length + report.problems.length).toBeGreaterThan(0)
    expect(report.integrity).not.toEqual(['ok'])
    expect(sha256(path)).toBe(before)
  })
})
