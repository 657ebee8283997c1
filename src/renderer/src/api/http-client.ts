// Browser mode: the same WorkspaceApi over HTTP. The launch token arrives once, in the URL fragment (#token=…,
// never sent to any server or in a Referer); `startSession` trades it for the workspace cookie (HttpOnly,
// SameSite=Strict, named after the port: core/receiver/workspace-auth.ts), which every later request of every
// tab of this browser carries. Calls are application/json, as the server requires with the cookie.
import { API_OPERATIONS, type BridgeNotice, type PreloadBridge, type WorkspaceApi } from '../../../shared/api'
import { ApiError, apiErrorFromBody, InternalError, type ApiErrorBody } from '../../../shared/api-errors'
import { ROUTES } from '../../../shared/limits'
import { createHttpFiles } from './http-files'

export interface HttpClientOptions {
  /** Where the server is: '' (the page's own origin) in the browser; a URL when run from Node (tests). */
  baseUrl?: string
  /** The fetch to use: the browser's, or one that keeps the cookie for a Node test. */
  fetch?: typeof fetch
  /** Called when a call was refused for want of a valid token (the server restarted, the cookie is gone). */
  onUnauthorized?: (message: string) => void
}

/** The server refused the request's token (HTTP 401). */
export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super('unauthorized', message)
    this.name = 'UnauthorizedError'
  }
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null
  return body?.error ?? `HTTP ${response.status}`
}

/**
 * POST /api/session: with the launch token, sets the cookie; without, checks the cookie this browser has.
 * Resolves when the workspace may be used; rejects with UnauthorizedError when it may not.
 */
export async function startSession(token: string | null, options: HttpClientOptions = {}): Promise<void> {
  const response = await (options.fetch ?? fetch)(`${options.baseUrl ?? ''}${ROUTES.apiSession}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
    body: '{}'
  })
  if (response.status === 401) throw new UnauthorizedError(await errorMessage(response))
  if (!response.ok) throw new Error(await errorMessage(response))
}

/** Server-sent events read with fetch (a stream that reconnects, and says `resync` when it did). */
function subscribeToChanges(
  options: Required<Pick<HttpClientOptions, 'baseUrl' | 'fetch'>> & HttpClientOptions,
  listener: (notice: BridgeNotice) => void
): () => void {
  const controller = new AbortController()
  const run = async () => {
    let connectedBefore = false
    while (!controller.signal.aborted) {
      try {
        const response = await options.fetch(`${options.baseUrl}${ROUTES.apiEvents}`, { signal: controller.signal })
        if (response.status === 401) options.onUnauthorized?.(await errorMessage(response))
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
        // Notices sent while the stream was down are lost: the workspace loads its lists again.
        if (connectedBefore) listener({ kind: 'resync' })
        connectedBefore = true
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        let buffer = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buffer += value
          let end: number
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const message = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = message.startsWith('data: ') ? message.slice(6) : null
            if (data) listener(JSON.parse(data) as BridgeNotice)
          }
        }
      } catch {
        if (controller.signal.aborted) return
      }
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
  void run()
  return () => controller.abort()
}

/** The bridge over HTTP; the browser's cookie (or the test's fetch) carries the token. */
export function createHttpBridge(options: HttpClientOptions = {}): PreloadBridge {
  const resolved = { ...options, baseUrl: options.baseUrl ?? '', fetch: options.fetch ?? fetch.bind(globalThis) }
  const call = async (operation: string, args: unknown[]): Promise<unknown> => {
    const response = await resolved.fetch(`${resolved.baseUrl}${ROUTES.api}${operation}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args)
    })
    if (response.status === 401) {
      const message = await errorMessage(response)
      options.onUnauthorized?.(message)
      throw new UnauthorizedError(message)
    }
    // A refusal is rebuilt into the core's ApiError (NotFoundError, BadArgumentError, …) with its code.
    const body: unknown = await response.json().catch(() => null)
    if (response.ok && typeof body === 'object' && body !== null && 'result' in body) return body.result
    throw apiErrorFromBody(body) ?? new InternalError(`${operation}: HTTP ${response.status}`)
  }
  const api = Object.fromEntries(
    API_OPERATIONS.map((operation) => [operation, (...args: unknown[]) => call(operation, args)])
  ) as unknown as WorkspaceApi
  return {
    api,
    files: createHttpFiles(resolved.baseUrl),
    onChange: (listener) => subscribeToChanges(resolved, listener)
  }
}
