// Browser mode's file routes (README, "Opening, importing and exporting files"):
//
//   POST /api/files/import?name=<file name>   body: the file's bytes (application/octet-stream)
//     Answers NDJSON as the file is read: {"progress": {bytes, totalBytes, events}} lines, then
//     {"result": [ImportedSession]} or {"error": {code, message}}. A file refused before the first progress
//     line (every small file) gets a plain HTTP error instead: 422 with {code, message}. Closing the
//     request cancels the import; nothing is written unless the whole file was read and found good.
//   GET /api/files/import-progress?id=<import id>
//     The progress of the running import that was started with `&id=<import id>`: {progress}, or 404 when none
//     runs under that id. Chromium reads no response before it has sent the whole request body (HTTP/1.1), so
//     a browser cannot see the NDJSON lines while it uploads: the workspace polls this instead.
//   GET /api/files/export?ids=<id>[,<id>…]
//     One id: <id>.replay.json.gz; several: one .zip of them. Unknown ids: 404 before any byte is sent.
//
// Both take the launch token like every API call. The import's body is application/octet-stream, which a
// cross-origin page cannot send without a preflight that is never answered (as for the JSON API).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from '../../../shared/api-errors'
import { inChunkOrder } from '../../../shared/umami-chunks'
import type { ImportProgress } from '../../../shared/types'
import { Readable } from 'node:stream'
import { ImportCancelledError, ImportRefusedError, type ImportSource } from '../files/import-types'
import { exportFileName } from '../files/session-export'
import type { FileTransfer } from '../services/file-transfer'
import { HttpError, sendJson } from './http-util'
import type { WorkspaceAuth } from './workspace-auth'

const IMPORT_ID = /^[A-Za-z0-9_-]{1,64}$/
/** Progress of the running imports that were given an id, for GET import-progress. */
const runningImports = new Map<string, ImportProgress>()

const queryOf = (req: IncomingMessage): URLSearchParams => new URLSearchParams(req.url?.split('?')[1] ?? '')

function toHttpError(error: unknown): HttpError | null {
  if (error instanceof ImportRefusedError) return new HttpError(422, error.message, {}, 'bad-argument')
  if (error instanceof ApiError) return HttpError.from(error)
  return null
}

/**
 * The request body as import sources: one file, or (Umami chunks) several files sent one after another in
 * one body, `size` telling where each ends. Each source reads its share of the body when the import opens it.
 */
function sourcesOf(
  req: IncomingMessage,
  names: string[],
  sizes: string[],
  length: number,
  umamiChunks: boolean
): ImportSource[] {
  // Read through the body's iterator, never returning it: the import closes what it opened when it is done,
  // and closing the request itself would close the connection its answer goes out on.
  const body = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  if (!umamiChunks || names.length <= 1) {
    const size = Number.isSafeInteger(length) && length >= 0 ? length : null
    return [{ name: names[0] ?? '', size, open: () => Readable.from(rest(body)) }]
  }
  // The body holds the chunks one after another: they must come in the order the import reads them.
  if (inChunkOrder(names, (name) => name).some((name, i) => name !== names[i])) {
    throw new HttpError(400, 'send Umami chunks in chunk_index order (the order of the number in their names)')
  }
  const byteCounts = sizes.map(Number)
  if (byteCounts.length !== names.length || byteCounts.some((n) => !Number.isSafeInteger(n) || n < 0)) {
    throw new HttpError(400, 'Umami chunks need one size=<bytes> per name=<file name>')
  }
  let carry: Buffer | null = null
  return names.map((name, i) => ({
    name,
    size: byteCounts[i]!,
    open: () =>
      Readable.from(
        (async function* () {
          let left = byteCounts[i]!
          while (left > 0) {
            let chunk = carry
            carry = null
            if (!chunk) {
              const next = await body.next()
              if (next.done) return
              chunk = next.value
            }
            if (chunk.length > left) {
              carry = chunk.subarray(left)
              chunk = chunk.subarray(0, left)
            }
            left -= chunk.length
            yield chunk
          }
        })()
      )
  }))
}

async function* rest(body: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  for (let next = await body.next(); !next.done; next = await body.next()) yield next.value
}

export async function handleImport(
  req: IncomingMessage,
  res: ServerResponse,
  files: FileTransfer,
  auth: WorkspaceAuth
): Promise<void> {
  if (req.method !== 'POST') throw new HttpError(405, 'POST the file to import', { Allow: 'POST' })
  auth.authorize(req, 'upload')
  const query = queryOf(req)
  const importId = query.get('id')
  if (importId !== null && (!IMPORT_ID.test(importId) || runningImports.has(importId))) {
    throw new HttpError(400, 'id must be 1-64 characters of A-Z a-z 0-9 _ - and not an import running now')
  }
  const umamiChunks = query.get('umami') === '1'
  const names = query.getAll('name')
  const length = Number(req.headers['content-length'])
  const controller = new AbortController()
  // The browser's Cancel (or a closed tab) closes the request before its body ended.
  const onClose = () => {
    if (!req.complete) controller.abort()
  }
  req.on('close', onClose)
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`)
  const startStream = () => {
    if (res.headersSent) return
    res.writeHead(200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff'
    })
  }
  try {
    const imported = await files.importFile(sourcesOf(req, names, query.getAll('size'), length, umamiChunks), {
      umamiChunks,
      signal: controller.signal,
      onProgress: (progress: ImportProgress) => {
        if (importId !== null) runningImports.set(importId, progress)
        startStream()
        line({ progress })
      }
    })
    startStream()
    line({ result: imported })
    res.end()
  } catch (error) {
    if (error instanceof ImportCancelledError) {
      res.destroy()
      return
    }
    const httpError = toHttpError(error)
    if (!res.headersSent) throw httpError ?? error
    const { code, message } = httpError ?? { code: 'internal', message: (error as Error).message }
    line({ error: { code, message } })
    res.end()
  } finally {
    req.off('close', onClose)
    if (importId !== null) runningImports.delete(importId)
  }
}

export function handleImportProgress(req: IncomingMessage, res: ServerResponse, auth: WorkspaceAuth): void {
  if (req.method !== 'GET') throw new HttpError(405, 'GET the progress', { Allow: 'GET' })
  auth.authorize(req, 'stream')
  const progress = runningImports.get(queryOf(req).get('id') ?? '')
  if (!progress) throw new HttpError(404, 'no import runs under this id (it has not started reading, or it ended)')
  sendJson(res, 200, { progress })
}

export async function handleExport(
  req: IncomingMessage,
  res: ServerResponse,
  files: FileTransfer,
  auth: WorkspaceAuth
): Promise<void> {
  if (req.method !== 'GET') throw new HttpError(405, 'GET the export', { Allow: 'GET' })
  auth.authorize(req, 'stream')
  const ids = (queryOf(req).get('ids') ?? '').split(',').filter(Boolean)
  const single = ids.length === 1
  const fileName = single ? exportFileName(ids[0]!) : `replay-sessions-${ids.length}.zip`
  const headers = {
    'Content-Type': single ? 'application/gzip' : 'application/zip',
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  }
  // Checked before the first byte: an unknown id is a 404, not a broken download.
  let checked: string[]
  try {
    checked = files.checkExport(ids)
  } catch (error) {
    throw toHttpError(error) ?? error
  }
  res.writeHead(200, headers)
  try {
    if (single) await files.exportSession(checked[0]!, res)
    else await files.exportSessions(checked, res)
  } catch (error) {
    // Headers are sent: a broken connection is all the client can be told.
    res.destroy(error as Error)
  }
}
