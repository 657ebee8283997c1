// Browser mode's file routes (README, "Opening, importing and exporting files"):
//
//   POST /api/files/import?name=<file name>   body: the file's bytes (application/octet-stream)
//     Answers NDJSON as the file is read: {"progress": {bytes, totalBytes, events}} lines, then
//     {"result": [ImportedSession]} or {"error": {code, message}}. A file refused before the first progress
//     line (every small file) gets a plain HTTP error instead: 422 with {code, message}. Closing the
//     request cancels the import; nothing is written unless the whole file was read and found good.
//   GET /api/files/export?ids=<id>[,<id>…]
//     One id: <id>.replay.json.gz; several: one .zip of them. Unknown ids: 404 before any byte is sent.
//
// Both take the launch token like every API call. The import's body is application/octet-stream, which a
// cross-origin page cannot send without a preflight that is never answered (as for the JSON API).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from '../../../shared/api-errors'
import { ROUTES } from '../../../shared/limits'
import type { ImportProgress } from '../../../shared/types'
import { ImportCancelledError, ImportRefusedError } from '../files/file-import'
import { exportFileName } from '../files/session-export'
import type { FileTransfer } from '../services/file-transfer'
import { HttpError } from './http-util'
import type { WorkspaceAuth } from './workspace-auth'

export const FILE_ROUTES = {
  import: `${ROUTES.api}files/import`,
  export: `${ROUTES.api}files/export`
} as const

const queryOf = (req: IncomingMessage): URLSearchParams => new URLSearchParams(req.url?.split('?')[1] ?? '')

function toHttpError(error: unknown): HttpError | null {
  if (error instanceof ImportRefusedError) return new HttpError(422, error.message, {}, 'bad-argument')
  if (error instanceof ApiError) return HttpError.from(error)
  return null
}

export async function handleImport(
  req: IncomingMessage,
  res: ServerResponse,
  files: FileTransfer,
  auth: WorkspaceAuth
): Promise<void> {
  if (req.method !== 'POST') throw new HttpError(405, 'POST the file to import', { Allow: 'POST' })
  auth.authorize(req, 'upload')
  const name = queryOf(req).get('name') ?? ''
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
    const imported = await files.importFile(
      [{ name, size: Number.isSafeInteger(length) && length >= 0 ? length : null, open: () => req }],
      {
        signal: controller.signal,
        onProgress: (progress: ImportProgress) => {
          startStream()
          line({ progress })
        }
      }
    )
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
  }
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
  const checked = files.checkExport(ids)
  res.writeHead(200, headers)
  try {
    if (single) await files.exportSession(checked[0]!, res)
    else await files.exportSessions(checked, res)
  } catch (error) {
    // Headers are sent: a broken connection is all the client can be told.
    res.destroy(error as Error)
  }
}
