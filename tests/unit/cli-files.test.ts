// import and export through the real CLI process (--db on a real SQLite file): a refused file does not stop
// the others but makes the exit code 1; usage errors exit 2; exports to a file, a directory and a zip import
// back into a fresh database as the same sessions.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Store } from '../../src/main/core/store/store'
import type { ImportedSession, RecordedEvent } from '../../src/shared/types'
import { runCli } from '../helpers/cli'
import {
  badFiles,
  posthogExportV1,
  rrwebArrayFile,
  rrwebObjectFile,
  sampleRecording,
  splitIntoWindows,
  umamiChunks
} from '../helpers/import-files'
import { tempDir } from '../helpers/test-core'

const dir = tempDir('ri-cli-files-')
const events = sampleRecording()
const path = (name: string) => join(dir.path, name)
const dbAt = (name: string) => ['--db', path(name)]

function inStore<T>(dbName: string, read: (store: Store) => T): T {
  const store = Store.open(path(dbName), { readonly: true })
  try {
    return read(store)
  } finally {
    store.close()
  }
}

beforeAll(() => {
  writeFileSync(path('visit.json'), rrwebArrayFile(events))
  writeFileSync(path('visit-object.json.gz'), rrwebObjectFile(events, { gzip: true }))
  writeFileSync(path('tabs.json.gz'), posthogExportV1(events, { windows: 2, gzip: true }))
  writeFileSync(path('notes.json'), badFiles().notJson.file)
  const [first, second, third] = umamiChunks(events, 3)
  writeFileSync(path('chunk-1.json.gz'), first!)
  writeFileSync(path('chunk-2.json.gz'), second!)
  writeFileSync(path('chunk-10.json.gz'), third!)
})
afterAll(() => dir.remove())

const importedIds: string[] = []

describe('cli: import', () => {
  it('imports every good file even with a bad one among them: exit 1, the good ones in --json, the refusal on stderr', () => {
    expect(existsSync(path('main.db'))).toBe(false) // import creates the database
    const files = ['visit.json', 'notes.json', 'tabs.json.gz', 'visit-object.json.gz'].map(path)
    const result = runCli(['import', ...files, '--json', ...dbAt('main.db')])
    expect(result.status).toBe(1)
    const imported = JSON.parse(result.stdout) as ImportedSession[]
    expect(imported.map(({ file, format, events: n }) => ({ file, format, events: n }))).toEqual([
      { file: 'visit.json', format: 'rrweb', events: events.length },
      ...splitIntoWindows(events, 2).map((window) => ({
        file: 'tabs.json.gz',
        format: 'posthog-2022-12-02',
        events: window.length
      })),
      { file: 'visit-object.json.gz', format: 'rrweb', events: events.length }
    ])
    expect(result.stderr).toMatch(/^refused notes\.json: not JSON \(at byte 0: expected a JSON value, found 'h'\)$/m)
    expect(result.stderr).toContain('1 of 4 files refused')
    expect(result.stderr).toContain(`imported visit.json (rrweb) as ${imported[0]!.sessionId}: 10 events`)
    inStore('main.db', (store) => {
      expect(
        store
          .listSessions()
          .map((s) => s.id)
          .sort()
      ).toEqual(imported.map((s) => s.sessionId).sort())
      expect(store.getEvents(imported[0]!.sessionId)).toEqual(events)
      expect(store.getEvents(imported[3]!.sessionId)).toEqual(events)
      expect(store.getSession(imported[1]!.sessionId)!.imported).toMatchObject({
        file: 'tabs.json.gz',
        format: 'posthog-2022-12-02'
      })
    })
    importedIds.push(...imported.map((s) => s.sessionId))
  })

  it('without --json prints one id per line; all good is exit 0', () => {
    const result = runCli(['import', path('visit.json'), ...dbAt('main.db')])
    expect(result.status).toBe(0)
    const ids = result.stdout.split('\n').filter(Boolean)
    expect(ids).toHaveLength(1)
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(inStore('main.db', (store) => store.getEvents(ids[0]!))).toEqual(events)
  })

  it('--umami takes the chunks of one recording in chunk order, whatever order they are named in', () => {
    const chunks = ['chunk-10.json.gz', 'chunk-2.json.gz', 'chunk-1.json.gz'].map(path)
    const result = runCli(['import', '--umami', ...chunks, '--json', ...dbAt('umami.db')])
    expect(result.status).toBe(0)
    const [session, ...more] = JSON.parse(result.stdout) as ImportedSession[]
    expect(more).toEqual([])
    expect(session).toMatchObject({ file: 'chunk-1.json.gz', format: 'umami', events: events.length })
    expect(inStore('umami.db', (store) => store.getEvents(session!.sessionId))).toEqual(events)
  })

  it('a missing file is refused by name (exit 1), nothing imported', () => {
    const result = runCli(['import', path('nope.json'), '--json', ...dbAt('missing.db')])
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout)).toEqual([])
    expect(result.stderr).toContain('refused nope.json: cannot be read (ENOENT)')
    expect(inStore('missing.db', (store) => store.listSessions())).toEqual([])
  })

  it('usage errors exit 2 and write nothing: no file, an unknown option', () => {
    const none = runCli(['import', ...dbAt('usage.db')])
    expect(none.status).toBe(2)
    expect(none.stdout).toBe('')
    expect(none.stderr).toMatch(/missing required argument 'files'/)
    const unknown = runCli(['import', path('visit.json'), '--bogus', ...dbAt('usage.db')])
    expect(unknown.status).toBe(2)
    expect(unknown.stdout).toBe('')
    expect(existsSync(path('usage.db'))).toBe(false)
  })
})

describe('cli: export, then import back', () => {
  const eventsOf = (dbName: string, id: string): RecordedEvent[] => inStore(dbName, (store) => store.getEvents(id))

  it('rejects a malformed id or an unknown session with exit 2, writing no file', () => {
    mkdirSync(path('nothing'), { recursive: true })
    const malformed = runCli(['export', '../etc', '-o', path('nothing'), ...dbAt('main.db')])
    expect(malformed.status).toBe(2)
    expect(malformed.stdout).toBe('')
    expect(malformed.stderr).toMatch(/^error: export: .*not a session id/m)
    const unknown = runCli(['export', 'no-such-session', '-o', path('nothing'), ...dbAt('main.db')])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('no session no-such-session')
    const none = runCli(['export', ...dbAt('main.db')])
    expect(none.status).toBe(2)
    expect(readdirSync(path('nothing'))).toEqual([])
  })

  it('-o FILE writes one file that imports into a fresh database as the same session', () => {
    const id = importedIds[0]!
    const target = path('one.replay.json.gz')
    const result = runCli(['export', id, '-o', target, ...dbAt('main.db')])
    expect(result).toMatchObject({ status: 0, stdout: `${target}\n` })
    expect(readFileSync(target).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]))
    const back = runCli(['import', target, '--json', ...dbAt('fresh-file.db')])
    expect(back.status).toBe(0)
    expect(JSON.parse(back.stdout)).toEqual([
      { sessionId: id, events: events.length, file: 'one.replay.json.gz', format: 'replay-investigator' }
    ])
    expect(eventsOf('fresh-file.db', id)).toEqual(eventsOf('main.db', id))
  })

  it('-o DIR writes <id>.replay.json.gz per session; they import back', () => {
    const ids = importedIds.slice(0, 3)
    const out = path('exports')
    const result = runCli(['export', ...ids, '-o', out, ...dbAt('main.db')])
    expect(result.status).toBe(0)
    const written = ids.map((id) => join(out, `${id}.replay.json.gz`))
    expect(result.stdout).toBe(written.map((p) => `${p}\n`).join(''))
    expect(readdirSync(out).sort()).toEqual(ids.map((id) => `${id}.replay.json.gz`).sort())
    for (const file of written) {
      expect(runCli(['import', file, ...dbAt('fresh-dir.db')]).status).toBe(0)
    }
    for (const id of ids) expect(eventsOf('fresh-dir.db', id)).toEqual(eventsOf('main.db', id))
  })

  it('-o x.zip writes one archive of .replay.json.gz files; each imports back', () => {
    const ids = importedIds.slice(1, 4)
    const zipPath = path('sessions.zip')
    const result = runCli(['export', ...ids, '-o', zipPath, ...dbAt('main.db')])
    expect(result).toMatchObject({ status: 0, stdout: `${zipPath}\n` })
    const entries = unzipSync(readFileSync(zipPath))
    expect(Object.keys(entries).sort()).toEqual(ids.map((id) => `${id}.replay.json.gz`).sort())
    mkdirSync(path('unzipped'))
    for (const [name, bytes] of Object.entries(entries)) writeFileSync(path(join('unzipped', name)), bytes)
    const back = runCli([
      'import',
      ...Object.keys(entries).map((name) => path(join('unzipped', name))),
      '--json',
      ...dbAt('fresh-zip.db')
    ])
    expect(back.status).toBe(0)
    expect((JSON.parse(back.stdout) as ImportedSession[]).map((s) => s.sessionId).sort()).toEqual([...ids].sort())
    for (const id of ids) expect(eventsOf('fresh-zip.db', id)).toEqual(eventsOf('main.db', id))
    // No temporary file left beside the archive.
    expect(readdirSync(dir.path).filter((name) => name.includes('.partial-'))).toEqual([])
  })
})
