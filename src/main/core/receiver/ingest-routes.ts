import { timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { INGEST_KEY_PARAM, MAX_BODY_BYTES, ROUTES } from '../../../shared/limits'
import { DecodeError } from '../codec/gzip-json'
import { clientIp } from '../ingest/client-facts'
import type { GroupCommitter } from '../ingest/group-commit'
import { SessionDeletedError, type Ingestor } from '../ingest/ingest-batch'
import { ValidationError } from '../ingest/validate-batch'
import type { ChangeFeed } from '../services/change-feed'
import { HttpError, mediaType, readBody, sendJson } from './http-util'

// Only these two routes carry CORS headers: the recorder runs on the developer's site (another
// origin) and must fetch the script and POST batches. Nothing else here is readable cross-origin.
export const INGEST_CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '600'
}

/** What a 503 (database busy or full: nothing stored) asks the sender to wait before retrying. */
const RETRY_AFTER_SECONDS = 5

/** The paths this module answers; errors on them carry the CORS headers too (see app-server.ts). */
export const INGEST_PATHS: ReadonlySet<string> = new Set([ROUTES.ingest, ROUTES.recorderScript])

/**
 * The recorder sends text/plain (CORS-safelisted: no preflight, so keepalive requests during page
 * unload work everywhere); tools may send the honest types. The body must be gzip whatever the label.
 */
const ACCEPTED_MEDIA_TYPES = new Set(['text/plain', 'application/octet-stream', 'application/gzip'])

/** Who may write: the key every batch must carry, and the origins allowed (empty: any). */
export interface IngestAccess {
  ingestKey: string
  allowedOrigins: readonly string[]
}

export interface IngestRoutesOptions {
  ingestor: Ingestor
  committer: GroupCommitter
  feed: ChangeFeed
  recorderScriptPath: string
  trustProxy: boolean
  /** Asked for every batch, so a rotated key or a changed allow-list applies at once. */
  ingestAccess: () => IngestAccess
}

/** The ingest key in the request's query string (`/ingest?key=…`), or null. */
function presentedKey(url: string | undefined): string | null {
  const query = url?.indexOf('?') ?? -1
  return query === -1 ? null : new URLSearchParams(url!.slice(query + 1)).get(INGEST_KEY_PARAM)
}

function keyMatches(expected: string, presented: string | null): boolean {
  if (presented === null) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Drive-by protection: any page the developer's browser opens can POST here, but only pages carrying the
 * snippet (with this install's key) may write, and with an allow-list only from the listed origins. A
 * request without an Origin header comes from a tool, not a page (browsers send it on every POST).
 */
function checkAccess(req: IncomingMessage, access: IngestAccess): void {
  if (!keyMatches(access.ingestKey, presentedKey(req.url))) {
    throw new HttpError(
      401,
      'missing or wrong ingest key: paste the snippet the app shows (Settings shows the key and can rotate it)'
    )
  }
  const origin = req.headers.origin
  if (origin !== undefined && access.allowedOrigins.length > 0 && !access.allowedOrigins.includes(origin)) {
    throw new HttpError(403, `origin "${origin.slice(0, 200)}" may not send recordings (Settings → allowed origins)`)
  }
}

export function createIngestRoutes(options: IngestRoutesOptions) {
  let recorderScript: Promise<Buffer> | null = null
  // Read once and kept: the file only changes with a rebuild. A failed read is retried next time.
  const loadRecorderScript = () =>
    (recorderScript ??= readFile(options.recorderScriptPath).catch((error: unknown) => {
      recorderScript = null
      throw new HttpError(503, `recorder.js is not built (${(error as Error).message}); run npm run build`)
    }))

  async function serveRecorderScript(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new HttpError(405, `${req.method} is not allowed on ${ROUTES.recorderScript}; use GET`, {
        Allow: 'GET, HEAD'
      })
    }
    const script = await loadRecorderScript()
    res.writeHead(200, {
      ...INGEST_CORS_HEADERS,
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Length': script.byteLength,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff'
    })
    res.end(req.method === 'HEAD' ? undefined : script)
  }

  async function receiveBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'OPTIONS') {
      // Chrome's Private Network Access: a public site posting to 127.0.0.1 first asks whether the
      // loopback server agrees to be reached from the public internet. Only ingest ever says yes.
      const privateNetwork =
        req.headers['access-control-request-private-network'] === 'true'
          ? { 'Access-Control-Allow-Private-Network': 'true' }
          : {}
      res.writeHead(204, { ...INGEST_CORS_HEADERS, ...privateNetwork })
      res.end()
      return
    }
    if (req.method !== 'POST') {
      throw new HttpError(405, `${req.method} is not allowed on ${ROUTES.ingest}; use POST`, { Allow: 'POST, OPTIONS' })
    }
    // Before the body is read or decoded: a drive-by page costs us nothing but this answer.
    checkAccess(req, options.ingestAccess())
    const type = mediaType(req)
    if (!ACCEPTED_MEDIA_TYPES.has(type)) {
      throw new HttpError(
        415,
        `content type "${type || '(none)'}" is not accepted; send gzip as text/plain or application/octet-stream`
      )
    }
    const body = await readBody(req, MAX_BODY_BYTES)
    const ip = clientIp(req.socket.remoteAddress, req.headers['x-forwarded-for'], options.trustProxy)
    let prepared
    try {
      prepared = options.ingestor.prepare({ body, ip, receivedAt: Date.now() })
    } catch (error) {
      if (error instanceof DecodeError) throw new HttpError(400, error.message)
      if (error instanceof ValidationError) throw new HttpError(422, error.message)
      throw error
    }
    let result
    try {
      result = await options.committer.submit(prepared)
    } catch (error) {
      // 410 tells the recorder to stop recording this session (see src/recorder/delivery-queue.ts).
      if (error instanceof SessionDeletedError) throw HttpError.from(error)
      // SQLite busy or full: nothing was committed; the recorder retries 5xx (and tools honour Retry-After).
      throw new HttpError(503, `could not store the batch: ${(error as Error).message}`, {
        'Retry-After': String(RETRY_AFTER_SECONDS)
      })
    }
    if (result.stored) options.feed.publish({ kind: 'session-updated', sessionId: result.sessionId })
    sendJson(res, 200, { ok: true, ...result }, INGEST_CORS_HEADERS)
  }

  /** Handles the request if it is for one of these routes; returns false otherwise. */
  return async function handleIngestRoute(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === ROUTES.recorderScript) await serveRecorderScript(req, res)
    else if (path === ROUTES.ingest) await receiveBatch(req, res)
    else return false
    return true
  }
}
