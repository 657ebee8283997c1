// Browser mode: the same WorkspaceApi over HTTP. The launch token arrives in the URL fragment
// (#token=…, never sent to any server or in a Referer), is kept in sessionStorage and sent as a Bearer header.
import { API_OPERATIONS, type BridgeNotice, type PreloadBridge, type WorkspaceApi } from '../../../shared/api'
import { apiErrorFromBody, InternalError } from '../../../shared/api-errors'
import { ROUTES } from '../../../shared/limits'

const TOKEN_KEY = 'replay-investigator-token'

export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash)
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]!))
    history.replaceState(null, '', `${location.pathname}${location.search}#/`)
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

/** One call; a refusal is rebuilt into the core's ApiError (NotFoundError, BadArgumentError, …) with its code. */
async function call(baseUrl: string, token: string, operation: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`${baseUrl}${ROUTES.api}${operation}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(args)
  })
  const body: unknown = await response.json().catch(() => null)
  if (response.ok && typeof body === 'object' && body !== null && 'result' in body) return body.result
  throw apiErrorFromBody(body) ?? new InternalError(`${operation}: HTTP ${response.status}`)
}

/** Server-sent events read with fetch (EventSource cannot send the Authorization header); reconnects. */
function subscribeToChanges(baseUrl: string, token: string, listener: (notice: BridgeNotice) => void): () => void {
  const controller = new AbortController()
  const run = async () => {
    let connectedBefore = false
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(`${baseUrl}${ROUTES.apiEvents}`, {
          headers: { Authorization: `Bearer ${token}` },
          signal: controller.signal
        })
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

/** `baseUrl`: where the core is ('' in the workspace, which is served by it; a full origin in tests). */
export function createHttpBridge(token: string, baseUrl = ''): PreloadBridge {
  const api = Object.fromEntries(
    API_OPERATIONS.map((operation) => [operation, (...args: unknown[]) => call(baseUrl, token, operation, args)])
  ) as unknown as WorkspaceApi
  return { api, onChange: (listener) => subscribeToChanges(baseUrl, token, listener) }
}
