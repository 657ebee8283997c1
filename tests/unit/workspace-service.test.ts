// The workspace operations of issue 3 through the browser-mode HTTP API (real core, real SQLite file,
// real loopback server, the launch token): outline/chunks, pin/unpin, delete, prune, settings, retention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { DAY_MS } from '../../src/main/core/store/retention'
import type {
  ChangeNotice,
  EventChunkInfo,
  IngestBatch,
  PinInfo,
  RecordedEvent,
  SessionOutline,
  SessionSummary,
  Settings
} from '../../src/shared/types'
import { clientMeta, gzipBatch, syntheticBatches } from '../helpers/synthetic'
import { callApi, startTestCore, type TestCore } from '../helpers/test-core'

let core: TestCore
let ingestor: Ingestor
const notices: ChangeNotice[] = []

beforeAll(async () => {
  core = await startTestCore({ browserMode: true })
  // The same store connection the core uses: lets a test back-date receive times, which HTTP cannot.
  ingestor = new Ingestor(core.store)
  core.feed.subscribe((notice) => notices.push(notice))
})
afterAll(() => core.dispose())

const api = <T>(operation: string, ...args: unknown[]) => callApi<T>(core, operation, ...args)

/** Ingests a synthetic session whose batches all arrived `daysAgo` days ago (server clock). */
function ingestSession(sessionId: string, options: { daysAgo?: number; events?: number; pageLoads?: number } = {}) {
  const receivedAt = Date.now() - (options.daysAgo ?? 0) * DAY_MS
  const batches = syntheticBatches({
    seed: sessionId.length,
    sessionId,
    events: options.events ?? 120,
    pageLoads: options.pageLoads
  })
  for (const batch of batches) ingestor.ingest({ body: gzipBatch(batch), ip: '127.0.0.1', receivedAt })
  return batches
}

const ids = async () => (await api<{ id: string }[]>('listSessions')).result.map((session) => session.id).sort()

async function loadByChunks(sessionId: string): Promise<{ outline: SessionOutline; events: RecordedEvent[] }> {
  const outline = (await api<SessionOutline>('getSessionOutline', sessionId)).result
  const events: RecordedEvent[] = []
  for (const chunk of outline.chunks) {
    const { status, result } = await api<RecordedEvent[]>('getEventChunk', sessionId, chunk.index)
    expect(status).toBe(200)
    expect(result).toHaveLength(chunk.eventCount)
    events.push(...result)
  }
  return { outline, events }
}

describe('session summaries for a live list', () => {
  it('returns the named sessions that exist, newest first, equal to their rows in listSessions', async () => {
    ingestSession('summary-older-1')
    ingestSession('summary-newer-1')
    // A search indexes what is queued first: both reads below then see the same error and rage counts.
    await api('searchSessions', 'rage')
    const { status, result } = await api<SessionSummary[]>('getSessionSummaries', [
      'summary-older-1',
      'summary-unknown-1',
      'summary-newer-1'
    ])
    expect(status).toBe(200)
    const listed = (await api<SessionSummary[]>('listSessions')).result
    const row = (id: string) => listed.find((session) => session.id === id)
    expect(result).toEqual([row('summary-newer-1'), row('summary-older-1')].sort((a, b) => b!.startedAt - a!.startedAt))
    expect((await api<SessionSummary[]>('getSessionSummaries', [])).result).toEqual([])
  })

  it('refuses what is not a list of at most 1000 session ids', async () => {
    expect((await api('getSessionSummaries', 'summary-older-1')).status).toBe(400)
    expect((await api('getSessionSummaries', ['not an id!'])).error).toMatch(/not a session id/)
    const many = Array.from({ length: 1001 }, (_, i) => `summary-${String(i).padStart(6, '0')}`)
    expect((await api('getSessionSummaries', many)).status).toBe(400)
  })
})

describe('outline and chunks', () => {
  it('lists one chunk per batch in playback order; chunk 0 starts with Meta and FullSnapshot; all chunks = the stored events', async () => {
    const batches = ingestSession('outline-session-1', { events: 1000, pageLoads: 3 })
    const { outline, events } = await loadByChunks('outline-session-1')
    expect(outline.chunks).toHaveLength(batches.length)
    expect(outline.chunks.map((chunk) => chunk.index)).toEqual(batches.map((_, i) => i))
    expect(outline.chunks.map((chunk) => chunk.segment)).toEqual(batches.map((batch) => batch.segment))
    expect(outline.eventCount).toBe(1002)
    expect(outline.startedAt).toBe(outline.chunks[0]!.firstTs)
    expect(outline.endedAt).toBe(outline.chunks.at(-1)!.lastTs)
    expect(events.slice(0, 2).map((event) => event.type)).toEqual([4, 2])
    expect(events).toEqual(core.store.getEvents('outline-session-1'))
  })

  it('keeps the concatenation equal to the stored events with late retries, overlapping batches and a segment whose clock is behind', async () => {
    const meta = clientMeta()
    const base = { v: 1 as const, sessionId: 'outline-tricky-1', sentAt: 0, meta }
    // Client times as offsets from one start near now (the receiver refuses times 10 years away).
    const start = 1_700_000_000_000
    const event = (offset: number, tag: string): RecordedEvent => ({
      type: 5,
      timestamp: start + offset,
      data: { tag, payload: {} }
    })
    const send = (batch: Omit<IngestBatch, 'v' | 'sessionId' | 'sentAt' | 'meta'>) =>
      ingestor.ingest({ body: gzipBatch({ ...base, ...batch }), ip: null, receivedAt: Date.now() })
    send({ seq: 0, segment: 0, events: [event(1000, 'meta'), event(1001, 'snapshot'), event(1500, 'a')] })
    send({ seq: 2, segment: 0, events: [event(3000, 'd'), event(2500, 'c'), event(4000, 'e')] }) // unsorted inside
    send({ seq: 3, segment: 0, events: [event(3500, 'overlap'), event(5000, 'f')] }) // overlaps seq 2
    send({ seq: 1, segment: 0, events: [event(2000, 'b'), event(2500, 'c-late')] }) // retried, arrives last
    send({ seq: 4, segment: 1, events: [event(10, 'meta-2'), event(11, 'snapshot-2')] }) // clock behind
    send({ seq: 5, segment: 1, events: [event(11, 'g'), event(20, 'h')] }) // touches the previous batch's end
    const { outline, events } = await loadByChunks('outline-tricky-1')
    const tags = events.map((e) => (e.data as { tag: string }).tag)
    expect(tags).toEqual([
      'meta',
      'snapshot',
      'a',
      'b',
      'c-late',
      'c',
      'd',
      'overlap',
      'e',
      'f',
      'meta-2',
      'snapshot-2',
      'g',
      'h'
    ])
    expect(events).toEqual(core.store.getEvents('outline-tricky-1'))
    const spans = outline.chunks.map(({ segment, firstTs, lastTs, eventCount }) => [
      segment,
      firstTs - start,
      lastTs - start,
      eventCount
    ])
    // seq 1 lands between seq 0 and seq 2; seq 2 and 3 overlap in time and become one chunk.
    expect(spans).toEqual([
      [0, 1000, 1500, 3],
      [0, 2000, 2500, 2],
      [0, 2500, 5000, 5],
      [1, 10, 11, 2],
      [1, 11, 20, 2]
    ])
  })

  it('a new batch appends a chunk (the outline is not stale after a live update)', async () => {
    const before = (await api<SessionOutline>('getSessionOutline', 'outline-session-1')).result
    const [extra] = syntheticBatches({
      seed: 9,
      sessionId: 'outline-session-1',
      events: 5,
      startAt: before.endedAt + 10
    })
    ingestor.ingest({ body: gzipBatch({ ...extra!, seq: 999, segment: 2 }), ip: null, receivedAt: Date.now() })
    const after = (await api<SessionOutline>('getSessionOutline', 'outline-session-1')).result
    expect(after.chunks.slice(0, -1)).toEqual(before.chunks)
    expect(after.chunks.at(-1)).toMatchObject<Partial<EventChunkInfo>>({ index: before.chunks.length, eventCount: 5 })
    expect(
      (await api<RecordedEvent[]>('getEventChunk', 'outline-session-1', before.chunks.length)).result
    ).toHaveLength(5)
  })

  it('serves ranges of chunks equal to the chunks one by one, clamped at the end', async () => {
    ingestSession('outline-ranges-1', { events: 1500, pageLoads: 2 })
    const { outline, events } = await loadByChunks('outline-ranges-1')
    const ranged: RecordedEvent[] = []
    for (let from = 0; from < outline.chunks.length; from += 4) {
      const { status, result } = await api<RecordedEvent[][]>('getEventChunks', 'outline-ranges-1', from, 4)
      expect(status).toBe(200)
      expect(result).toHaveLength(Math.min(4, outline.chunks.length - from))
      for (const chunk of result) ranged.push(...chunk)
    }
    expect(ranged).toEqual(events)
    const past = await api('getEventChunks', 'outline-ranges-1', outline.chunks.length, 4)
    expect(past.status).toBe(400)
    expect((await api('getEventChunks', 'outline-ranges-1', 0, 0)).status).toBe(400)
    expect((await api('getEventChunks', 'outline-ranges-1', 0, 100_000)).status).toBe(400)
  })

  it('a chunk past the end is a clear 400 bad-argument; an unknown session a 404 not-found', async () => {
    const noChunk = await api('getEventChunk', 'outline-session-1', 100_000)
    expect(noChunk).toMatchObject({ status: 400, code: 'bad-argument' })
    expect(noChunk.error).toMatch(/has \d+ chunks, no chunk 100000/)
    const noSession = await api('getEventChunk', 'no-such-session', 0)
    expect(noSession).toMatchObject({
      status: 404,
      code: 'not-found',
      error: 'getEventChunk: no session no-such-session'
    })
    expect(await api('getEventChunk', 'outline-session-1', -1)).toMatchObject({
      status: 400,
      code: 'bad-argument',
      error: 'getEventChunk: index is below 0'
    })
  })
})

describe('an unknown session', () => {
  it('is a 404 not-found, with the same message shape, for every operation that names one', async () => {
    const calls: [string, ...unknown[]][] = [
      ['getSession'],
      ['getSessionOutline'],
      ['getEventChunk', 0],
      ['getEventChunks', 0, 10],
      ['pinSession', 'name', 'note'],
      ['unpinSession'],
      ['deleteSession']
    ]
    for (const [operation, ...rest] of calls) {
      const response = await api(operation, 'never-recorded-1', ...rest)
      expect(response, operation).toMatchObject({
        status: 404,
        code: 'not-found',
        error: `${operation}: no session never-recorded-1`
      })
    }
    // A live list asks for the sessions a notice named: it gets those that exist, not an error.
    expect(await api('getSessionSummaries', ['never-recorded-1'])).toMatchObject({ status: 200, result: [] })
  })
})

describe('pin, unpin, delete', () => {
  it('pins with name and note, edits the pin keeping savedAt, shows it in the list and detail, unpins', async () => {
    ingestSession('pin-session-01')
    notices.length = 0
    const first = await api<PinInfo>('pinSession', 'pin-session-01', 'Checkout bug', 'fails on Pay')
    expect(first.status).toBe(200)
    expect(first.result).toMatchObject({ name: 'Checkout bug', note: 'fails on Pay' })
    expect(first.result.savedAt).toBeGreaterThan(Date.now() - 60_000)
    const edited = await api<PinInfo>('pinSession', 'pin-session-01', 'Checkout bug #2', '')
    expect(edited.result).toEqual({ name: 'Checkout bug #2', note: '', savedAt: first.result.savedAt })
    const detail = await api<{ pinned: boolean; pin: PinInfo }>('getSession', 'pin-session-01')
    expect(detail.result).toMatchObject({ pinned: true, pin: edited.result })
    const listed = await api<{ id: string; pinned: boolean }[]>('listSessions')
    expect(listed.result.find((session) => session.id === 'pin-session-01')!.pinned).toBe(true)
    expect(notices).toEqual([
      { kind: 'session-updated', sessionId: 'pin-session-01' },
      { kind: 'session-updated', sessionId: 'pin-session-01' }
    ])

    expect(await api('unpinSession', 'pin-session-01')).toMatchObject({ status: 200, result: true })
    expect((await api<{ pin: PinInfo | null }>('getSession', 'pin-session-01')).result.pin).toBeNull()
    expect(await api('unpinSession', 'pin-session-01')).toMatchObject({ status: 200, result: false })
    expect(notices).toHaveLength(3) // the second unpin changed nothing
  })

  it('refuses to pin an unknown session or with oversized arguments', async () => {
    expect(await api('pinSession', 'no-such-session', 'x', '')).toMatchObject({
      status: 404,
      code: 'not-found',
      error: 'pinSession: no session no-such-session'
    })
    expect(await api('pinSession', 'pin-session-01', 'x'.repeat(201), '')).toMatchObject({
      status: 400,
      code: 'bad-argument',
      error: 'pinSession: name has more than 200 characters'
    })
  })

  it('deletes every row of a session (pinned or not) in one go; a second delete finds nothing', async () => {
    ingestSession('delete-session-1', { pageLoads: 2 })
    await api('pinSession', 'delete-session-1', 'doomed', '')
    notices.length = 0
    expect(await api('deleteSession', 'delete-session-1')).toMatchObject({ status: 200, result: null })
    expect(notices).toEqual([{ kind: 'session-deleted', sessionId: 'delete-session-1' }])
    for (const table of ['sessions', 'session_replay', 'session_pages', 'session_replay_saved']) {
      const column = table === 'sessions' ? 'id' : 'session_id'
      const left = core.store.db
        .prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`)
        .get('delete-session-1')
      expect(left, table).toEqual({ n: 0 })
    }
    expect(await api('getSession', 'delete-session-1')).toMatchObject({ status: 404, code: 'not-found' })
    expect(await api('deleteSession', 'delete-session-1')).toMatchObject({ status: 404, code: 'not-found' })
    expect(notices).toHaveLength(1)
  })
})

describe('prune and retention', () => {
  it('prunes unpinned sessions last seen more than N days ago and never a pinned one', async () => {
    for (const id of await ids()) await api('deleteSession', id)
    ingestSession('prune-old-unpinned', { daysAgo: 40 })
    ingestSession('prune-old-pinned-1', { daysAgo: 40 })
    ingestSession('prune-recent-00001', { daysAgo: 2 })
    await api('pinSession', 'prune-old-pinned-1', 'keep me', '')
    notices.length = 0
    expect(await api('pruneSessions', 30)).toMatchObject({ status: 200, result: ['prune-old-unpinned'] })
    expect(notices).toEqual([{ kind: 'session-deleted', sessionId: 'prune-old-unpinned' }])
    expect(await ids()).toEqual(['prune-old-pinned-1', 'prune-recent-00001'])
    expect((await api('pruneSessions', 30)).result).toEqual([])
    expect((await api('pruneSessions', 1)).result).toEqual(['prune-recent-00001'])
    expect(await ids()).toEqual(['prune-old-pinned-1'])
    expect((await api('pruneSessions', -1)).status).toBe(400)
  })

  it('measures age on the server clock: a session whose client clock is years behind is not pruned', async () => {
    const [batch] = syntheticBatches({
      seed: 5,
      sessionId: 'prune-bad-clock-01',
      events: 10,
      // 8 years behind: within the 10 years the receiver accepts.
      startAt: Date.now() - 8 * 365 * 24 * 60 * 60 * 1000
    })
    ingestor.ingest({ body: gzipBatch(batch), ip: null, receivedAt: Date.now() })
    expect((await api('pruneSessions', 30)).result).toEqual([])
    expect(await ids()).toContain('prune-bad-clock-01')
  })

  it('round-trips settings: default keeps everything, a patch changes only what it names', async () => {
    expect(await api('getSettings')).toMatchObject({ status: 200, result: { retentionDays: null } })
    expect((await api<Settings>('updateSettings', { retentionDays: 14 })).result).toMatchObject({ retentionDays: 14 })
    expect((await api<Settings>('getSettings')).result).toMatchObject({ retentionDays: 14 })
    expect((await api<Settings>('updateSettings', {})).result).toMatchObject({ retentionDays: 14 })
    expect((await api<Settings>('updateSettings', { retentionDays: null })).result).toMatchObject({
      retentionDays: null
    })
    const { ingestKey } = (await api<Settings>('getSettings')).result
    const badPatches = [{ retentionDays: 0 }, { retentionDays: 1.5 }, { retentionDays: '7' }, { other: 1 }]
    // The ingest key changes only by rotation (a page with a stolen token must not set a key it knows).
    for (const bad of [...badPatches, { ingestKey: 'k'.repeat(32) }, { allowedOrigins: 'https://a.example' }]) {
      expect((await api('updateSettings', bad)).status, JSON.stringify(bad)).toBe(400)
    }
    expect((await api<Settings>('getSettings')).result).toEqual({ retentionDays: null, ingestKey, allowedOrigins: [] })
  })
})
