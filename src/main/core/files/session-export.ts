// Our file format: one session in one `<id>.replay.json.gz`, everything needed to import it back as it was
// (README, "Opening, importing and exporting files"):
//
//   {"replayInvestigator": 1, "exportedAt": …, "session": {metadata, client facts, recorder config, pin},
//    "segments": [{"segment": 0, "events": [event, …]}, …]}
//
// `session` comes before `segments`, so a reader streaming the file knows the session before its events.
// Written as a stream, one stored chunk at a time (Store.getEventChunk): memory stays bounded whatever the
// session's length. The events are written exactly as stored, so an import gives back the same events and
// the same search hits; the import recomputes the totals (event and batch counts, pages) from them.
import { createGzip } from 'node:zlib'
import { Zip, ZipPassThrough } from 'fflate'
import type { SessionDetail } from '../../../shared/types'
import type { Store } from '../store/store'
import { OURS_FORMAT_VERSION, OURS_MARKER } from './file-layouts'

/** Where the export writes; a returned promise is awaited before the next piece (backpressure). */
export type TextSink = (text: string) => void | Promise<void>

/** The file name an export of `sessionId` gets. */
export const exportFileName = (sessionId: string): string => `${sessionId}.replay.json.gz`

/** What the `session` object of our file holds (file-import.ts reads it back with the same fields). */
function sessionHeader(session: SessionDetail) {
  return {
    id: session.id,
    firstSeenAt: session.firstSeenAt,
    lastSeenAt: session.lastSeenAt,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    ip: session.ip,
    userAgent: session.userAgent,
    browser: session.browser,
    os: session.os,
    device: session.device,
    language: session.language,
    timezone: session.timezone,
    screen: session.screen,
    viewport: session.viewport,
    referrer: session.referrer,
    config: session.config,
    pin: session.pin ? { name: session.pin.name, note: session.pin.note, savedAt: session.pin.savedAt } : null,
    // Informational: where the session itself came from, when it was imported.
    imported: session.imported
  }
}

/**
 * Writes session `sessionId` in our format (uncompressed JSON text; the caller gzips). Returns the number of
 * events written, or null when there is no such session.
 */
export async function writeSessionFile(
  store: Store,
  sessionId: string,
  write: TextSink,
  now = Date.now()
): Promise<number | null> {
  const session = store.getSession(sessionId)
  const outline = store.getSessionOutline(sessionId)
  if (!session || !outline) return null
  await write(
    `{"${OURS_MARKER}":${OURS_FORMAT_VERSION},"exportedAt":${now},` +
      `"session":${JSON.stringify(sessionHeader(session))},\n"segments":[`
  )
  let segment: number | null = null
  let written = 0
  let inSegment = 0
  for (const chunk of outline.chunks) {
    const events = store.getEventChunk(sessionId, chunk.index) ?? []
    if (events.length === 0) continue
    if (chunk.segment !== segment) {
      await write(`${segment === null ? '' : ']},'}\n{"segment":${chunk.segment},"events":[`)
      segment = chunk.segment
      inSegment = 0
    }
    // One event per line: still valid JSON, and greppable once gunzipped.
    const lines = events.map((event) => JSON.stringify(event))
    await write(`${inSegment === 0 ? '\n' : ',\n'}${lines.join(',\n')}`)
    inSegment += events.length
    written += events.length
  }
  await write(segment === null ? ']}\n' : '\n]}\n]}\n')
  return written
}

/** Writes `text` to a stream, waiting for 'drain' when its buffer is full. */
function streamSink(output: NodeJS.WritableStream): TextSink {
  return (text) =>
    output.write(text) ? undefined : new Promise<void>((resolve) => output.once('drain', () => resolve()))
}

/**
 * Session `sessionId` as a `.replay.json.gz` into `output` (a file or an HTTP response), gzipped as it is
 * written; `output` is ended. Returns the number of events, or null (nothing written) for an unknown session.
 */
export async function exportSessionGzip(
  store: Store,
  sessionId: string,
  output: NodeJS.WritableStream,
  now = Date.now()
): Promise<number | null> {
  if (!store.hasSession(sessionId)) return null
  const gzip = createGzip()
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('error', reject)
    output.on('error', reject)
    output.on('finish', () => resolve())
  })
  gzip.pipe(output)
  const events = await writeSessionFile(store, sessionId, streamSink(gzip), now)
  gzip.end()
  await done
  return events
}

/**
 * Several sessions as one zip archive of `.replay.json.gz` files (the workspace's "Export selected"): each
 * entry is stored, not deflated again. Returns the events per session; unknown ids are skipped.
 */
export async function exportSessionsZip(
  store: Store,
  sessionIds: readonly string[],
  output: NodeJS.WritableStream,
  now = Date.now()
): Promise<Map<string, number>> {
  const written = new Map<string, number>()
  const failed = new Promise<never>((_, reject) => output.on('error', reject))
  let pending: Promise<void> = Promise.resolve()
  const zip = new Zip((error, chunk, final) => {
    if (error) return output.emit('error', error)
    if (!output.write(chunk)) pending = new Promise((resolve) => output.once('drain', () => resolve()))
    if (final) output.end()
  })
  for (const sessionId of sessionIds) {
    if (!store.hasSession(sessionId)) continue
    const entry = new ZipPassThrough(exportFileName(sessionId))
    entry.mtime = now
    zip.add(entry)
    const gzip = createGzip()
    const ended = new Promise<void>((resolve, reject) => {
      gzip.on('data', (chunk: Buffer) => entry.push(chunk))
      gzip.on('end', () => resolve())
      gzip.on('error', reject)
    })
    const count = await writeSessionFile(
      store,
      sessionId,
      async (text) => {
        if (!gzip.write(text)) await new Promise<void>((resolve) => gzip.once('drain', () => resolve()))
        await Promise.race([pending, failed])
      },
      now
    )
    gzip.end()
    await ended
    entry.push(new Uint8Array(0), true)
    written.set(sessionId, count ?? 0)
  }
  const finished = new Promise<void>((resolve) => output.on('finish', () => resolve()))
  zip.end()
  await Promise.race([finished, failed])
  return written
}
