// One error shape for every front: the core's services throw these, the HTTP receiver sends them as
// `{code, message}` with a matching status, IPC carries them encoded in the message (Electron keeps only
// the message of an error thrown in a handler), and the workspace's bridge rebuilds them into the same
// classes, so `error instanceof NotFoundError` means the same thing in the core, the CLI and the renderer.
// Browser- and Node-safe: no imports.

/** What went wrong, as a word a program can act on. */
export const API_ERROR_CODES = [
  /** The call's arguments are wrong (shape, range, an invalid query): fix the call. */
  'bad-argument',
  /** The session (or other thing) the call names does not exist. */
  'not-found',
  /** It existed and was deleted, and stays deleted (a recorder's batch for a deleted session). */
  'gone',
  /** The call clashes with the current state (reserved for writes that must not race). */
  'conflict',
  /** Missing or wrong launch token (browser mode). */
  'unauthorized',
  /** Not allowed from here at all (a Host header that is not loopback, an untrusted IPC sender). */
  'forbidden',
  /** The request body is larger than the receiver reads. */
  'too-large',
  /** A content type or method the route does not take. */
  'unsupported',
  /** Temporarily unable (database busy, disk full, recorder not built): retrying may work. */
  'unavailable',
  /** A bug or an unexpected failure in the core. */
  'internal'
] as const

export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** The JSON body of every API error, over HTTP and (encoded) over IPC. */
export interface ApiErrorBody {
  code: ApiErrorCode
  message: string
  /** The message again, under the name the first HTTP clients read (kept for them). */
  error: string
}

/** An error with a code; the subclasses below are what callers test with instanceof. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'ApiError'
  }
}

export class BadArgumentError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad-argument', message, options)
    this.name = 'BadArgumentError'
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('not-found', message, options)
    this.name = 'NotFoundError'
  }
}

export class GoneError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('gone', message, options)
    this.name = 'GoneError'
  }
}

export class ConflictError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, options)
    this.name = 'ConflictError'
  }
}

export class InternalError extends ApiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, options)
    this.name = 'InternalError'
  }
}

const isCode = (value: unknown): value is ApiErrorCode =>
  typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value)

/** The error a code stands for, as its own class where there is one. */
export function apiError(code: ApiErrorCode, message: string): ApiError {
  switch (code) {
    case 'bad-argument':
      return new BadArgumentError(message)
    case 'not-found':
      return new NotFoundError(message)
    case 'gone':
      return new GoneError(message)
    case 'conflict':
      return new ConflictError(message)
    case 'internal':
      return new InternalError(message)
    default:
      return new ApiError(code, message)
  }
}

/** Any thrown value as the wire shape: an ApiError keeps its code, anything else is internal. */
export function toApiErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return { code: error.code, message: error.message, error: error.message }
  const message = `internal error: ${error instanceof Error ? error.message : String(error)}`
  return { code: 'internal', message, error: message }
}

/** Rebuilds an error from a parsed response body; null when the body is not an error body. */
export function apiErrorFromBody(body: unknown): ApiError | null {
  if (typeof body !== 'object' || body === null) return null
  const { code, message, error } = body as Partial<Record<keyof ApiErrorBody, unknown>>
  const text = typeof message === 'string' ? message : typeof error === 'string' ? error : null
  if (text === null) return null
  return apiError(isCode(code) ? code : 'internal', text)
}

// Over IPC: Electron rejects the renderer's invoke with "Error invoking remote method 'api:x': Error: <message>",
// so the shape travels as the end of the message, after a marker nothing else produces.
const IPC_MARKER = '\u2063ri-api-error\u2063'

/** An error to throw from an IPC handler: its message carries the shape. */
export function encodeIpcError(error: unknown): Error {
  const { code, message } = toApiErrorBody(error)
  return new Error(`${IPC_MARKER}${JSON.stringify({ code, message })}`)
}

/** The error an IPC invoke rejected with, rebuilt; an error without the shape becomes an internal one. */
export function decodeIpcError(error: unknown): ApiError {
  const text = error instanceof Error ? error.message : String(error)
  const start = text.indexOf(IPC_MARKER)
  if (start !== -1) {
    try {
      const rebuilt = apiErrorFromBody(JSON.parse(text.slice(start + IPC_MARKER.length)))
      if (rebuilt) return rebuilt
    } catch {
      // Not our encoding after all: fall through.
    }
  }
  return new InternalError(text.replace(/^Error invoking remote method '[^']+': (Error: )?/, ''))
}
