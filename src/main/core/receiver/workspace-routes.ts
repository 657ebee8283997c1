import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import type { WorkspaceApi } from '../../../shared/api'
import { ROUTES } from '../../../shared/limits'
import { ApiError } from '../../../shared/api-errors'
import { dispatchApiCall } from '../services/api-dispatch'
import type { ChangeFeed } from '../services/change-feed'
import { StoredBatchError } from '../store/replay-codec'
import { HttpError, readBody, sendJson } from './http-util'
import { createWorkspaceAuth } from './workspace-auth'
import { FILE_ROUTES } from '../../../shared/api'
import { handleExport, handleImport, handleImportProgress } from './file-routes'
import type { FileTransfer } from '../services/file-transfer'
import { REMOTE_ASSETS_PARAM } from '../../../shared/api'
import {
  REMOTE_ASSETS_CSP,
  REMOTE_ASSETS_CSP_DIRECTIVES,
  WORKSPACE_CSP,
  WORKSPACE_CSP_DIRECTIVES,
  workspaceCspMeta
} from './workspace-csp'

const MAX_API_BODY_BYTES = 64 * 1024
const SSE_HEARTBEAT_MS = 15_000

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export interface WorkspaceRoutesOptions {
  api: WorkspaceApi
  feed: ChangeFeed
  /** The per-launch secret; the URL printed at start-up carries it, the renderer trades it for a cookie. */
  token: string
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** Import and export of recording files (file-routes.ts). */
  files: FileTransfer
}

function queryParam(url: string | undefined, name: string): string | null {
  const query = url?.split('?')[1]
  return query ? new URLSearchParams(query).get(name) : null
}

/** A static path, percent-decoded; malformed encodings ("/%", "/%zz", a cut UTF-8 sequence) are a 400. */
function decodePathSegment(encoded: string): string {
  try {
    return decodeURIComponent(encoded)
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the path')
  }
}

/**
 * Browser mode: the renderer's static files (no data in them) and the API (every call needs the token, as a
 * Bearer header or as the cookie POST /api/session set: workspace-auth.ts). No CORS headers here, and API calls
 * must be application/json, which a cross-origin page can only send after a preflight that we never answer:
 * other origins can neither read nor change recordings.
 */
export function createWorkspaceRoutes(options: WorkspaceRoutesOptions) {
  const auth = createWorkspaceAuth(options.token)

  async function callApi(req: IncomingMessage, res: ServerResponse, operation: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'API calls are POST', { Allow: 'POST' })
    auth.authorize(req, 'api')
    const body = await readBody(req, MAX_API_BODY_BYTES)
    let args: unknown
    try {
      args = body.length ? JSON.parse(body.toString('utf8')) : []
    } catch {
      throw new HttpError(400, 'API body is not JSON')
    }
    try {
      sendJson(res, 200, { result: (await dispatchApiCall(options.api, operation, args)) ?? null })
    } catch (error) {
      // A service's typed error at its status; anything else is a 500 (app-server logs it).
      if (error instanceof ApiError) throw HttpError.from(error)
      // Stored data that cannot be read (corrupt, or deeper than anything may serialise): that call fails
      // with a message naming the batch; the rest of the app is untouched.
      if (error instanceof StoredBatchError) throw new HttpError(422, error.message, {}, 'bad-argument')
      throw error
    }
  }

  function streamChanges(req: IncomingMessage, res: ServerResponse): void {
    auth.authorize(req, 'stream')
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff'
    })
    res.write(': connected\n\n')
    const subscription = options.feed.subscribe((notice) => res.write(`data: ${JSON.stringify(notice)}\n\n`))
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_MS)
    req.on('close', () => {
      clearInterval(heartbeat)
      void subscription.dispose()
    })
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    const relative = path === '/' ? 'index.html' : decodePathSegment(path.slice(1))
    const file = normalize(join(options.rendererDir, relative))
    if (!file.startsWith(options.rendererDir + sep)) return false
    let content: Buffer
    try {
      content = await readFile(file)
    } catch {
      return false
    }
    const html = extname(file) === '.html'
    // The user asked to load one session's remote assets: this document (and only it) gets the relaxed
    // policy, in the header and in the built-in <meta> (both apply, so both must say the same).
    const remoteAssets = html && /^[A-Za-z0-9_-]{8,64}$/.test(queryParam(req.url, REMOTE_ASSETS_PARAM) ?? '')
    if (remoteAssets) {
      content = Buffer.from(
        content
          .toString('utf8')
          .replace(workspaceCspMeta(WORKSPACE_CSP_DIRECTIVES), workspaceCspMeta(REMOTE_ASSETS_CSP_DIRECTIVES))
      )
    }
    const headers: Record<string, string | number> = {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': content.byteLength,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': extname(file) === '.html' ? 'no-store' : 'max-age=3600'
    }
    // The CSP also governs the replay iframe (about:blank inherits it): recorded pages cannot load
    // remote images, fonts or stylesheets, nor run scripts.
    if (html) {
      headers['Content-Security-Policy'] = remoteAssets ? REMOTE_ASSETS_CSP : WORKSPACE_CSP
      headers['X-Frame-Options'] = 'DENY'
    }
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : content)
    return true
  }

  return async function handleWorkspaceRoute(
    req: IncomingMessage,
    res: ServerResponse,
    path: string
  ): Promise<boolean> {
    if (path === ROUTES.apiSession) {
      auth.startSession(req, res)
      return true
    }
    if (path === ROUTES.apiEvents) {
      streamChanges(req, res)
      return true
    }
    if (path === FILE_ROUTES.import) {
      await handleImport(req, res, options.files, auth)
      return true
    }
    if (path === FILE_ROUTES.importProgress) {
      handleImportProgress(req, res, auth)
      return true
    }
    if (path === FILE_ROUTES.export) {
      await handleExport(req, res, options.files, auth)
      return true
    }
    if (path.startsWith(ROUTES.api)) {
      await callApi(req, res, path.slice(ROUTES.api.length))
      return true
    }
    return serveStatic(req, res, path)
  }
}
