// A zip archive of recordings (what the workspace's "Export shown" saves) imports file by file, on real SQLite
// files: every session comes back; a bad file in it is refused by name while the others import; a truncated
// archive imports its complete files and refuses the rest; nothing is left beside the database.
import { readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { strToU8, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportCancelledError, ImportRefusedError, type ImportSource } from '../../src/main/core/files/import-types'
import { rrwebArrayFile, sampleRecording } from '../helpers/import-files'
import { gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../helpers/test-core'

/** Bytes in memory as the import reads a file: a stream of `chunk`-byte pieces. */
function source(name: string, bytes: Uint8Array, chunk = 1000): ImportSource {
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length; at += chunk) pieces.push(Buffer.from(bytes.subarray(at, at + chunk)))
  return { name, size: bytes.length, open: () => Readable.from(pieces) }
}

/** What "Export shown" writes for `ids`, in memory. */
async function exportZip(core: TestCore, ids: string[]): Promise<Buffer> {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (chunk: Buffer) => parts.push(chunk))
  await core.files.exportSessions(ids, out)
  return Buffer.concat(parts)
}

const stagingLeft = (core: TestCore) =>
  readdirSync(dirname(core.dbPath)).filter((name) => name.startsWith('.replay-import-'))

describe('importing a zip archive of recordings', () => {
  let a: TestCore
  let b: TestCore
  const ids = ['archive-session-01', 'archive-session-02', 'archive-session-03']
  beforeAll(async () => {
    a = await startTestCore()
    b = await startTestCore()
    for (const [i, sessionId] of ids.entries()) {
      for (const batch of syntheticBatches({ seed: 20 + i, sessionId, events: 300, pageLoads: 2 })) {
        expect((await postBatch(a, gzipBatch(batch))).status).toBe(200)
      }
    }
  })
  afterAll(async () => {
    await a?.dispose()
    await b?.dispose()
  })

  it('gives back every session of an exported archive, each with its events', async () => {
    const zip = await exportZip(a, ids)
    const progress: number[] = []
    const imported = await b.files.importFile([source('sessions.zip', zip)], {
      onProgress: ({ events }) => progress.push(events)
    })
    expect(imported.map((session) => [session.sessionId, session.format])).toEqual(
      ids.map((id) => [id, 'replay-investigator'])
    )
    for (const id of ids) expect(b.store.getEvents(id)).toEqual(a.store.getEvents(id))
    // Progress counts the events of all the archive's files.
    expect(progress.at(-1)).toBe(ids.reduce((sum, id) => sum + a.store.getEvents(id).length, 0))
    expect(stagingLeft(b)).toEqual([])
  })

  it('refuses a bad file in it by name and imports the others, each on its own', async () => {
    const events = sampleRecording()
    const zip = zipSync({
      'good.json': rrwebArrayFile(events),
      'notes/bad.json': strToU8('{"hello": "world"}'),
      'README.txt': strToU8('not a recording: skipped')
    })
    const before = b.store.listSessions().length
    const refusal = await b.files.importFile([source('mixed.zip', zip)]).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(ImportRefusedError)
    const error = refusal as ImportRefusedError
    expect(error.message).toMatch(
      /^mixed\.zip: 1 of 2 files in the archive refused .*bad\.json: JSON, but not a recording/
    )
    expect(error.imported).toEqual([
      { sessionId: expect.any(String), events: events.length, file: 'good.json', format: 'rrweb' }
    ])
    expect(b.store.getEvents(error.imported[0]!.sessionId)).toEqual(events)
    expect(b.store.listSessions()).toHaveLength(before + 1)
    expect(stagingLeft(b)).toEqual([])
  })

  it('a truncated archive: its complete files import, the rest is refused with the reason', async () => {
    const zip = await exportZip(a, ids)
    const firstEntryEnd = zip.indexOf(Buffer.from('PK\x03\x04'), 4)
    const cut = zip.subarray(0, firstEntryEnd + 200)
    const before = b.store.listSessions().length
    const refusal = (await b.files
      .importFile([source('cut.zip', cut)])
      .catch((error: unknown) => error)) as ImportRefusedError
    expect(refusal).toBeInstanceOf(ImportRefusedError)
    expect(refusal.message).toMatch(/^cut\.zip: .*truncated/)
    // The first file was whole; it was imported under a new id (its own is taken in this database).
    expect(refusal.imported).toHaveLength(1)
    expect(b.store.listSessions()).toHaveLength(before + 1)
    expect(stagingLeft(b)).toEqual([])
  })

  it('cancelled mid-archive: the file being read is not imported, nothing is left behind', async () => {
    const zip = await exportZip(a, ids)
    const controller = new AbortController()
    const before = b.store.listSessions().length
    const result = b.files
      .importFile([source('cancel.zip', zip, 64)], {
        signal: controller.signal,
        onProgress: () => controller.abort()
      })
      .catch((error: unknown) => error)
    expect(await result).toBeInstanceOf(ImportCancelledError)
    expect(b.store.listSessions()).toHaveLength(before)
    expect(stagingLeft(b)).toEqual([])
  })
})
