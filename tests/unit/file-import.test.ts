// File import (issue 10) on real SQLite files: every format it reads gives back every event; a file exported
// and imported into a fresh database is the same session (events, metadata, pin, search hits); every bad
// file is refused with a message naming the problem and leaves every table of the database as it was, and
// no staging file behind; a cancelled import leaves nothing either.
import { createHash } from 'node:crypto'
import { createWriteStream, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuditIndexer } from '../../src/main/core/analysis/audit/audit-indexer'
import { importFile } from '../../src/main/core/files/file-import'
import {
  ImportCancelledError,
  ImportRefusedError,
  type ImportDeps,
  type ImportSource
} from '../../src/main/core/files/import-types'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { stderrLogger } from '../../src/main/core/log'
import { createSearchIndexer } from '../../src/main/core/services/search-indexing'
import { Store } from '../../src/main/core/store/store'
import type { RecordedEvent, SessionDetail } from '../../src/shared/types'
import {
  badFiles,
  POSTHOG_WINDOW_IDS,
  posthogExportV1,
  posthogExportV2,
  rrwebArrayFile,
  rrwebObjectFile,
  sampleRecording,
  splitIntoWindows,
  umamiChunks,
  type BadFileKind
} from '../helpers/import-files'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, startTestCore, tempDir, type TestCore } from '../helpers/test-core'

const events = sampleRecording()

/** A file in memory as the import reads it, in chunks of `chunk` bytes (a stream, not one buffer). */
function source(name: string, file: Buffer, chunk = 7): ImportSource {
  return {
    name,
    size: file.length,
    open: () =>
      Readable.from(
        (function* () {
          for (let at = 0; at < file.length; at += chunk) yield file.subarray(at, at + chunk)
        })()
      )
  }
}

/** A digest of every row of every table, in a fixed order: any write to the database changes it. */
function databaseChecksum(store: Store): string {
  const hash = createHash('sha256')
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string
  }[]
  expect(tables.length).toBeGreaterThan(5)
  for (const { name } of tables) {
    const rows = store.db
      .prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`)
      .raw()
      .all() as unknown[][]
    const lines = rows.map((row) =>
      JSON.stringify(row, (_key, value: unknown) =>
        Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? String(value) : value
      )
    )
    hash.update(`${name}\n${lines.sort().join('\n')}\n`)
  }
  return hash.digest('hex')
}

const stagingFiles = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('.replay-import-'))

/**
 * Waits for what the list shows from background work (the search index's error and rage counts, the privacy
 * audit's finding count): both cores run it after an import, each on its own schedule.
 */
async function settled(core: TestCore): Promise<void> {
  await core.api.searchSessions('url:*')
  await core.api.auditSessions(null)
}

describe('file import: every format, every event', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await startTestCore()
  })
  afterAll(() => core?.dispose())

  const importOne = (name: string, file: Buffer) => core.files.importFile([source(name, file)])

  const cases: [string, Buffer, string][] = [
    ['recording.json', rrwebArrayFile(events), 'rrweb'],
    ['recording.json.gz', rrwebArrayFile(events, { gzip: true }), 'rrweb'],
    ['events.json', rrwebObjectFile(events), 'rrweb'],
    ['events.json.gz', rrwebObjectFile(events, { gzip: true }), 'rrweb'],
    // gzip is known by its magic bytes, not the name.
    ['named-plain.json', rrwebObjectFile(events, { gzip: true }), 'rrweb'],
    ['posthog-v1.json', posthogExportV1(events), 'posthog-2022-12-02'],
    ['posthog-v1.json.gz', posthogExportV1(events, { gzip: true }), 'posthog-2022-12-02']
  ]
  for (const [name, file, format] of cases) {
    it(`${name}: one session, ${format}, every event as it was`, async () => {
      const imported = await importOne(name, file)
      expect(imported).toEqual([{ sessionId: expect.any(String), events: events.length, file: name, format }])
      const id = imported[0]!.sessionId
      expect(core.store.getEvents(id)).toEqual(events)
      const session = core.store.getSession(id)!
      expect(session.imported).toMatchObject({ file: name, format })
      expect(session.eventCount).toBe(events.length)
      expect(session.urls).toEqual(['http://127.0.0.1:5173/'])
    })
  }

  it('PostHog v2 (flat snapshots, one window): one session with every event, windowId and all', async () => {
    const [session] = await importOne('posthog-v2.json', posthogExportV2(events))
    expect(session).toMatchObject({ events: events.length, format: 'posthog-2023-04-28' })
    const stored = core.store.getEvents(session!.sessionId)
    expect(stored.map(({ windowId: _w, ...event }: RecordedEvent & { windowId?: string }) => event)).toEqual(events)
    expect(core.store.getSession(session!.sessionId)!.imported).toMatchObject({
      file: 'posthog-v2.json',
      format: 'posthog-2023-04-28',
      window: POSTHOG_WINDOW_IDS[0]
    })
  })

  for (const [version, build] of [
    ['v1', posthogExportV1],
    ['v2', posthogExportV2]
  ] as const) {
    it(`PostHog ${version} with two windows: one session per window, each with its events`, async () => {
      const windows = splitIntoWindows(events, 2)
      const imported = await importOne(`two-windows-${version}.json.gz`, build(events, { windows: 2, gzip: true }))
      expect(imported.map((s) => s.events)).toEqual(windows.map((w) => w.length))
      expect(new Set(imported.map((s) => s.sessionId)).size).toBe(2)
      imported.forEach((session, i) => {
        const stored = core.store
          .getEvents(session.sessionId)
          .map(({ windowId: _w, ...event }: RecordedEvent & { windowId?: string }) => event)
        expect(stored).toEqual(windows[i])
        expect(core.store.getSession(session.sessionId)!.imported).toMatchObject({ window: POSTHOG_WINDOW_IDS[i] })
      })
      // The person's properties name the browser and OS.
      expect(core.store.getSession(imported[0]!.sessionId)).toMatchObject({
        browser: { name: 'Chrome' },
        os: { name: 'Linux' }
      })
    })
  }

  it('Umami chunks given out of order by name (chunk-10 before chunk-2): one session in chunk order', async () => {
    const [first, second, third] = umamiChunks(events, 3)
    // Sorted as text, chunk-10 would come before chunk-2: the import sorts by number.
    const imported = await core.files.importFile(
      [source('chunk-10.json.gz', third!), source('chunk-2.json.gz', second!), source('chunk-1.json.gz', first!)],
      { umamiChunks: true }
    )
    expect(imported).toEqual([
      { sessionId: expect.any(String), events: events.length, file: 'chunk-1.json.gz', format: 'umami' }
    ])
    expect(core.store.getEvents(imported[0]!.sessionId)).toEqual(events)
    expect(core.store.getSession(imported[0]!.sessionId)!.imported).toMatchObject({
      file: 'chunk-1.json.gz',
      format: 'umami'
    })
  })

  it('several files at once without umamiChunks is a bad argument, nothing imported', async () => {
    const before = core.store.listSessions().length
    await expect(
      core.files.importFile([source('a.json', rrwebArrayFile(events)), source('b.json', rrwebArrayFile(events))])
    ).rejects.toThrow('import: one file per import, unless they are the chunks of one Umami recording')
    expect(core.store.listSessions()).toHaveLength(before)
  })

  it('progress is reported with the bytes read of the total and the events found', async () => {
    const file = rrwebArrayFile(events, { gzip: true })
    const seen: { bytes: number; totalBytes: number | null; events: number }[] = []
    await core.files.importFile([source('progress.json.gz', file)], { onProgress: (p) => seen.push(p) })
    expect(seen.at(-1)).toEqual({ bytes: file.length, totalBytes: file.length, events: events.length })
  })
})

describe('file import: export, then import into a fresh database', () => {
  let a: TestCore
  let b: TestCore
  const recorded = 'roundtrip-session-01'
  const dir = tempDir('ri-roundtrip-')
  beforeAll(async () => {
    a = await startTestCore()
    b = await startTestCore()
    for (const batch of syntheticBatches({ seed: 5, sessionId: recorded, events: 400, pageLoads: 3 })) {
      expect((await postBatch(a, gzipBatch(batch))).status).toBe(200)
    }
    a.store.pinSession(recorded, 'Checkout bug', 'Pay does nothing', 1_700_000_000_000)
  })
  afterAll(async () => {
    await a?.dispose()
    await b?.dispose()
    dir.remove()
  })

  async function exportTo(core: TestCore, id: string): Promise<Buffer> {
    const path = join(dir.path, `${id}.replay.json.gz`)
    const out = createWriteStream(path)
    const written = await core.files.exportSession(id, out)
    await finished(out)
    expect(written).toBe(core.store.getEvents(id).length)
    return readFileSync(path)
  }

  /** The session without where it came from and how it is stored (the import cuts its own batches). */
  const withoutImported = ({
    imported: _imported,
    batchCount: _batches,
    bytesRaw: _raw,
    bytesStored: _stored,
    ...session
  }: SessionDetail) => session

  it('a recorded, pinned session comes back with the same id, events, metadata, pin and search hits', async () => {
    const file = await exportTo(a, recorded)
    const [imported] = await b.files.importFile([source(`${recorded}.replay.json.gz`, file, 64 * 1024)])
    expect(imported).toEqual({
      sessionId: recorded,
      events: a.store.getEvents(recorded).length,
      file: `${recorded}.replay.json.gz`,
      format: 'replay-investigator'
    })
    expect(b.store.getEvents(recorded)).toEqual(a.store.getEvents(recorded))
    await Promise.all([settled(a), settled(b)])
    const before = a.store.getSession(recorded)!
    const after = b.store.getSession(recorded)!
    expect(after.imported).toMatchObject({ file: `${recorded}.replay.json.gz`, format: 'replay-investigator' })
    expect(withoutImported(after)).toEqual(withoutImported(before))
    // Three page loads: the segments (and the pages seen in each) come back as they were.
    expect(after.segmentCount).toBe(3)
    expect(after.pages).toEqual(before.pages)
    expect(after.firstSeenAt).toBe(before.firstSeenAt)
    expect(after.lastSeenAt).toBe(before.lastSeenAt)
    expect(b.store.getPin(recorded)).toEqual(a.store.getPin(recorded))
    expect(b.store.getPin(recorded)).toMatchObject({ name: 'Checkout bug', note: 'Pay does nothing' })
    for (const query of ['clicked:div', 'url:*']) {
      const hitsA = await a.api.searchSessions(query)
      expect(hitsA.length, query).toBeGreaterThan(0)
      expect(await b.api.searchSessions(query), query).toEqual(hitsA)
    }
  })

  it('an imported session exported again comes back with the same events and the same text search', async () => {
    const [first] = await a.files.importFile([source('sample.json', rrwebArrayFile(events))])
    const file = await exportTo(a, first!.sessionId)
    const [again] = await b.files.importFile([source('sample.replay.json.gz', file)])
    expect(again!.sessionId).toBe(first!.sessionId)
    expect(b.store.getEvents(first!.sessionId)).toEqual(events)
    await Promise.all([settled(a), settled(b)])
    expect(withoutImported(b.store.getSession(first!.sessionId)!)).toEqual(
      withoutImported(a.store.getSession(first!.sessionId)!)
    )
    const query = 'text:"call jane"'
    const hits = await a.api.searchSessions(query)
    expect(hits.map((hit) => hit.sessionId)).toEqual([first!.sessionId])
    expect(await b.api.searchSessions(query)).toEqual(hits)
  })

  it('importing a file whose session id is taken gives the copy a new id', async () => {
    const file = await exportTo(a, recorded)
    const [copy] = await b.files.importFile([source('again.replay.json.gz', file)])
    expect(copy!.sessionId).not.toBe(recorded)
    expect(b.store.getEvents(copy!.sessionId)).toEqual(a.store.getEvents(recorded))
  })
})

describe('file import: refusals and cancels write nothing', () => {
  const dir = tempDir('ri-import-refused-')
  let store: Store
  let deps: ImportDeps
  let drain: () => void

  beforeAll(async () => {
    store = Store.open(join(dir.path, 'sessions.db'))
    // As app-core builds it: the search index and the privacy audit learn from every stored batch.
    const search = createSearchIndexer(store, stderrLogger)
    const audit = new AuditIndexer(store)
    audit.autoDrain = false
    deps = { store, ingestor: new Ingestor(store, [search, audit]), stagingDir: dir.path }
    drain = () => {
      search.drain()
      audit.drain()
    }
    // Something in every table worth protecting: a session with batches, search rows, audit findings, a pin.
    const [existing] = await importFile(deps, [source('existing.json', rrwebArrayFile(events))])
    store.pinSession(existing!.sessionId, 'keep', 'me')
    drain()
    expect(store.listSessions()).toHaveLength(1)
  })
  afterAll(() => {
    store?.close()
    dir.remove()
  })

  const problems: Record<BadFileKind, RegExp> = {
    notJson: /^notes\.json: not JSON \(at byte 0: expected a JSON value, found 'h'\)$/,
    jsonNotEvents: /^config\.json: JSON, but not a recording: it holds no rrweb events/,
    jsonArrayNotEvents: /^numbers\.json: not rrweb events: \[0\] /,
    noFullSnapshot: /^no-snapshot\.json: has no full snapshot \(rrweb event type 2\)/,
    outOfOrder:
      /^out-of-order\.json: has events out of order beyond repair: .* is 3\.0 h before the first full snapshot/,
    truncatedGzip: /^recording\.json\.gz: the gzip data is truncated/,
    unsupportedVersion: /^posthog-export\.json: unsupported version: a PostHog export of version "2031-01-01"/,
    emptyArray: /^empty\.json: JSON, but not a recording: it holds no rrweb events/
  }

  for (const [kind, { name, file }] of Object.entries(badFiles()) as [BadFileKind, { name: string; file: Buffer }][]) {
    it(`${kind} (${name}) is refused, naming the problem; every table is unchanged, no staging file left`, async () => {
      const before = databaseChecksum(store)
      const error = await importFile(deps, [source(name, file)]).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ImportRefusedError)
      expect((error as ImportRefusedError).message).toMatch(problems[kind])
      expect((error as ImportRefusedError).file).toBe(name)
      drain()
      expect(databaseChecksum(store)).toBe(before)
      expect(stagingFiles(dir.path)).toEqual([])
    })
  }

  it('a file bigger than maxBytes is refused as too big, after the bytes it may hold and not before', async () => {
    const before = databaseChecksum(store)
    const file = rrwebArrayFile(events, { gzip: true })
    const inflated = rrwebArrayFile(events).length
    const error = await importFile(deps, [source('big.json.gz', file)], { maxBytes: inflated - 1 }).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ImportRefusedError)
    expect((error as Error).message).toBe(
      `big.json.gz: too big: it holds more than ${inflated - 1} bytes of JSON (the most an import takes)`
    )
    drain()
    expect(databaseChecksum(store)).toBe(before)
    expect(stagingFiles(dir.path)).toEqual([])
    // Exactly the limit is fine (and this one is written).
    const [ok] = await importFile(deps, [source('big.json.gz', file)], { maxBytes: inflated })
    expect(ok!.events).toBe(events.length)
    store.deleteSession(ok!.sessionId)
  })

  it('an empty file is refused as empty', async () => {
    const before = databaseChecksum(store)
    await expect(importFile(deps, [source('nothing.json', Buffer.alloc(0))])).rejects.toThrow(
      'nothing.json: the file is empty'
    )
    expect(databaseChecksum(store)).toBe(before)
  })

  it('a bad event deep in a good file refuses the whole file, naming the event', async () => {
    const before = databaseChecksum(store)
    const bad = [...events, { type: 3, timestamp: 'soon', data: {} }]
    const error = await importFile(deps, [source('late-bad.json', Buffer.from(JSON.stringify(bad)))]).catch(
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ImportRefusedError)
    expect((error as Error).message).toMatch(/^late-bad\.json: \[10\] /)
    drain()
    expect(databaseChecksum(store)).toBe(before)
    expect(stagingFiles(dir.path)).toEqual([])
  })

  it('an abort mid-file cancels: nothing written, no staging file left', async () => {
    const before = databaseChecksum(store)
    // Many copies of the recording's incremental events, so the abort lands while the file is being read.
    const long: RecordedEvent[] = [...events]
    for (let i = 1; i <= 2000; i++) {
      for (const event of events.slice(2)) long.push({ ...event, timestamp: event.timestamp + i * 2000 })
    }
    const file = rrwebArrayFile(long)
    const controller = new AbortController()
    let sawStaging = false
    const slow: ImportSource = {
      name: 'long.json',
      size: file.length,
      open: () =>
        Readable.from(
          (async function* () {
            for (let at = 0, n = 0; at < file.length; at += 16 * 1024, n++) {
              if (n === 20) {
                sawStaging = stagingFiles(dir.path).length === 1
                controller.abort()
              }
              yield file.subarray(at, at + 16 * 1024)
              await new Promise((resolve) => setImmediate(resolve))
            }
          })()
        )
    }
    const progress: number[] = []
    const error = await importFile(deps, [slow], {
      signal: controller.signal,
      onProgress: (p) => progress.push(p.events)
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ImportCancelledError)
    expect(sawStaging).toBe(true) // the import was under way, its staging file open
    expect(20 * 16 * 1024).toBeLessThan(file.length)
    drain()
    expect(databaseChecksum(store)).toBe(before)
    expect(stagingFiles(dir.path)).toEqual([])
    // And the same file without the abort imports whole.
    const [whole] = await importFile(deps, [source('long.json', file, 64 * 1024)])
    expect(whole!.events).toBe(long.length)
    expect(store.getEvents(whole!.sessionId)).toHaveLength(long.length)
    store.deleteSession(whole!.sessionId)
  })

  it('an abort before the import starts reading cancels too', async () => {
    const before = databaseChecksum(store)
    const controller = new AbortController()
    controller.abort()
    await expect(
      importFile(deps, [source('sample.json', rrwebArrayFile(events))], { signal: controller.signal })
    ).rejects.toBeInstanceOf(ImportCancelledError)
    expect(databaseChecksum(store)).toBe(before)
    expect(stagingFiles(dir.path)).toEqual([])
  })
})
