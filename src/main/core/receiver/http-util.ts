import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError, type ApiErrorBody, type ApiErrorCode } from '../../../shared/api-errors'

/** The HTTP status of each error code (the one place they are paired). */
export const HTTP_STATUS: Readonly<Record<ApiErrorCode, number>> = {
  'bad-argument': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  gone: 410,
  'too-large': 413,
  unsupported: 415,
  internal: 500,
  unavailable: 503
}

/** The code of a status no ApiError produced (405, 422 are bad arguments with a more precise status). */
function codeOfStatus(status: number): ApiErrorCode {
  const exact = (Object.keys(HTTP_STATUS) as ApiErrorCode[]).find((code) => HTTP_STATUS[code] === status)
  if (exact) return exact
  if (status === 405) return 'unsupported'
  return status >= 500 ? 'internal' : 'bad-argument'
}

/** An error that becomes an HTTP status and a JSON body `{code, message, error}`. */
export class HttpError extends Error {
  readonly code: ApiErrorCode

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    code?: ApiErrorCode
  ) {
    super(message)
    this.code = code ?? codeOfStatus(status)
  }

  /** A service's ApiError at its status. */
  static from(error: ApiError): HttpError {
    return new HttpError(HTTP_STATUS[error.code], error.message, {}, error.code)
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers
  })
  res.end(text)
}

export function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string> = {}): void {
  const body: ApiErrorBody = { code: error.code, message: error.message, error: error.message }
  sendJson(res, error.status, body, { ...headers, ...error.headers })
}

/**
 * Reads the whole body, refusing more than `limit` bytes: up front from Content-Length, and while
 * streaming for chunked bodies. On refusal the rest of the upload is drained, not buffered, so the
 * client receives the 413 instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    const tooLarge = () => new HttpError(413, `body exceeds ${limit} bytes`)
    if (Number.isFinite(declared) && declared > limit) {
      req.resume()
      reject(tooLarge())
      return
    }
    const chunks: Buffer[] = []
    let received = 0
    let refused = false
    req.on('data', (chunk: Buffer) => {
      if (refused) return
      received += chunk.length
      if (received > limit) {
        refused = true
        chunks.length = 0
        reject(tooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks, received))
    })
    req.on('error', (error) => {
      if (!refused) reject(error)
    })
  })
}

/** The media type of a request without parameters, lower-cased ("text/plain;charset=UTF-8" → "text/plain"). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
}
