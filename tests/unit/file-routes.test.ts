// Browser mode's file routes over real HTTP on loopback (a real browser-mode core, a real SQLite file):
// POST /api/files/import answers NDJSON (progress lines, then the result or an error), or 422 JSON for a
// file refused before any progress; the launch token and application/octet-stream are required;
// GET /api/files/export gives one .replay.json.gz or a zip of several, 404 JSON for an unknown id.
import { gunzipSync } from 'node:zlib'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportedSession, ImportProgress } from '../../src/shared/types'
import { badFiles, posthogExportV1, rrwebArrayFile, sampleRecording } from '../helpers/import-files'
import { launchToken, startTestCore, type TestCore } from '../helpers/test-core'

let core: TestCore
const events = sampleRecording()

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
})
afterAll(() => core?.dispose())

interface Answer {
  status: number
  contentType: string | null
  bytes: Buffer
  text: string
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(`${core.receiverUrl}${path}`, init)
  const bytes = Buffer.from(await response.arrayBuffer())
  return { status: response.status, contentType: response.headers.get('content-type'), bytes, text: bytes.toString() }
}

const upload = (name: string, body: Buffer, headers: Record<string, string> = {}) =>
  call(`/api/files/import?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/octet-stream',
      Authorization: `Bearer ${launchToken(core)}`,
      ...headers
    },
    body: new Uint8Array(body)
  })

const exportOf = (ids: string[], headers: Record<string, string> = { Authorization: `Bearer ${launchToken(core)}` }) =>
  call(`/api/files/export?ids=${ids.map(encodeURIComponent).join(',')}`, { headers })

type Line = { progress: ImportProgress } | { result: ImportedSession[] } | { error: { code: string; message: string } }
const linesOf = (text: string): Line[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line)

const ids: string[] = []

describe('POST /api/files/import', () => {
  it('a gzip file: NDJSON progress lines, then the result; the session is stored with every event', async () => {
    const file = rrwebArrayFile(events, { gzip: true })
    const answer = await upload('visit.json.gz', file)
    expect(answer.status).toBe(200)
    expect(answer.contentType).toBe('application/x-ndjson; charset=utf-8')
    const lines = linesOf(answer.text)
    const last = lines.at(-1)!
    expect(last).toEqual({
      result: [{ sessionId: expect.any(String), events: events.length, file: 'visit.json.gz', format: 'rrweb' }]
    })
    const progress = lines.slice(0, -1)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((line) => 'progress' in line)).toBe(true)
    expect(progress.at(-1)).toEqual({
      progress: { bytes: file.length, totalBytes: file.length, events: events.length }
    })
    const { sessionId } = (last as { result: ImportedSession[] }).result[0]!
    expect(core.store.getEvents(sessionId)).toEqual(events)
    expect(core.store.getSession(sessionId)!.imported).toMatchObject({ file: 'visit.json.gz', format: 'rrweb' })
    ids.push(sessionId)
  })

  it('a PostHog export with two windows: one result per window', async () => {
    const answer = await upload('tabs.json', posthogExportV1(events, { windows: 2 }))
    expect(answer.status).toBe(200)
    const last = linesOf(answer.text).at(-1) as { result: ImportedSession[] }
    expect(last.result.map((s) => s.format)).toEqual(['posthog-2022-12-02', 'posthog-2022-12-02'])
    ids.push(last.result[0]!.sessionId)
  })

  it('a file refused before any progress: 422 JSON {code, message, error}, nothing stored', async () => {
    const before = core.store.listSessions().length
    const { name, file } = badFiles().notJson
    const answer = await upload(name, file)
    expect(answer.status).toBe(422)
    expect(answer.contentType).toMatch(/^application\/json/)
    const body = JSON.parse(answer.text) as { code: string; message: string; error: string }
    expect(body.code).toBe('bad-argument')
    expect(body.message).toMatch(/^notes\.json: not JSON/)
    expect(body.error).toBe(body.message)
    expect(core.store.listSessions()).toHaveLength(before)
  })

  it('a file refused once read (after progress): an error line ends the NDJSON, nothing stored', async () => {
    const before = core.store.listSessions().length
    const { name, file } = badFiles().noFullSnapshot
    const answer = await upload(name, file)
    if (answer.status === 422) {
      // Refused before its first progress line (a file read in one chunk): the plain error.
      expect(JSON.parse(answer.text)).toMatchObject({ message: expect.stringMatching(/has no full snapshot/) })
    } else {
      expect(answer.status).toBe(200)
      const last = linesOf(answer.text).at(-1)!
      expect(last).toEqual({
        error: { code: 'bad-argument', message: expect.stringMatching(/^no-snapshot\.json: has no full snapshot/) }
      })
    }
    expect(core.store.listSessions()).toHaveLength(before)
  })

  it('without the token: 401; with a wrong one: 401; nothing stored', async () => {
    const before = core.store.listSessions().length
    const file = rrwebArrayFile(events)
    const none = await call('/api/files/import?name=a.json', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(file)
    })
    expect(none.status).toBe(401)
    const wrong = await upload('a.json', file, { Authorization: 'Bearer not-the-token' })
    expect(wrong.status).toBe(401)
    expect(JSON.parse(wrong.text)).toMatchObject({ message: expect.stringMatching(/missing or wrong token/) })
    expect(core.store.listSessions()).toHaveLength(before)
  })

  it('another content type: 415 (a cross-origin page could send text/plain without a preflight)', async () => {
    const before = core.store.listSessions().length
    for (const type of ['text/plain', 'application/json', 'multipart/form-data; boundary=x']) {
      const answer = await upload('a.json', rrwebArrayFile(events), { 'Content-Type': type })
      expect(answer.status, type).toBe(415)
      expect(JSON.parse(answer.text), type).toMatchObject({ message: 'file uploads must be application/octet-stream' })
    }
    expect(core.store.listSessions()).toHaveLength(before)
  })

  it('GET is not an import: 405', async () => {
    const answer = await call('/api/files/import?name=a.json', {
      headers: { Authorization: `Bearer ${launchToken(core)}` }
    })
    expect(answer.status).toBe(405)
  })
})

describe('GET /api/files/export', () => {
  it('one id: a .replay.json.gz that gunzips to our format, with every event', async () => {
    const [id] = ids
    const answer = await exportOf([id!])
    expect(answer.status).toBe(200)
    expect(answer.contentType).toBe('application/gzip')
    const json = gunzipSync(answer.bytes).toString('utf8')
    expect(json.startsWith('{"replayInvestigator":1')).toBe(true)
    const parsed = JSON.parse(json) as { session: { id: string }; segments: { segment: number; events: unknown[] }[] }
    expect(parsed.session.id).toBe(id)
    expect(parsed.segments.flatMap((segment) => segment.events)).toEqual(events)
  })

  it('two ids: a zip (PK magic) holding both .replay.json.gz files', async () => {
    const answer = await exportOf(ids)
    expect(answer.status).toBe(200)
    expect(answer.contentType).toBe('application/zip')
    expect([...answer.bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    const entries = unzipSync(answer.bytes)
    expect(Object.keys(entries).sort()).toEqual(ids.map((id) => `${id}.replay.json.gz`).sort())
    for (const id of ids) {
      const json = JSON.parse(gunzipSync(entries[`${id}.replay.json.gz`]!).toString('utf8')) as {
        session: { id: string }
        segments: { events: unknown[] }[]
      }
      expect(json.session.id).toBe(id)
      expect(json.segments.flatMap((segment) => segment.events)).toEqual(core.store.getEvents(id))
    }
  })

  it('an unknown id: 404 JSON before any byte of a file, also among known ones', async () => {
    for (const list of [['no-such-session'], [ids[0]!, 'no-such-session']]) {
      const answer = await exportOf(list)
      expect(answer.status).toBe(404)
      expect(answer.contentType).toMatch(/^application\/json/)
      expect(JSON.parse(answer.text)).toMatchObject({
        code: 'not-found',
        message: expect.stringContaining('no-such-session')
      })
    }
  })

  it('a malformed id or none: 400 JSON (bad argument), not a server error', async () => {
    for (const list of [['../etc'], []]) {
      const answer = await exportOf(list)
      expect(answer.status, JSON.stringify(list)).toBe(400)
      expect(JSON.parse(answer.text)).toMatchObject({
        code: 'bad-argument',
        message: expect.stringMatching(/^export: /)
      })
    }
  })

  it('without the token: 401', async () => {
    expect((await exportOf([ids[0]!], {})).status).toBe(401)
  })

  it('an uploaded export imports back as the same events (a second session, the id being taken)', async () => {
    const exported = await exportOf([ids[0]!])
    const answer = await upload(`${ids[0]}.replay.json.gz`, exported.bytes)
    expect(answer.status).toBe(200)
    const last = linesOf(answer.text).at(-1) as { result: ImportedSession[] }
    expect(last.result).toEqual([expect.objectContaining({ format: 'replay-investigator', events: events.length })])
    expect(last.result[0]!.sessionId).not.toBe(ids[0])
    expect(core.store.getEvents(last.result[0]!.sessionId)).toEqual(events)
  })
})
