// Browser mode: the same WorkspaceApi over HTTP. The launch token arrives in the URL fragment
// (#token=…, never sent to any server or in a Referer), is kept in sessionStorage and sent as a Bearer header.
import {
  API_OPERATIONS,
  type ApiErrorBody,
  type BridgeNotice,
  type PreloadBridge,
  type WorkspaceApi
} from '../../../shared/api'
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

async function call(token: string, operation: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`${ROUTES.api}${operation}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(args)
  })
  const body = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as
    { result: unknown } | ApiErrorBody
  if (!response.ok || 'error' in body) throw new Error('error' in body ? body.error : `HTTP ${response.status}`)
  return body.result
}

/** Server-sent events read with fetch (EventSource cannot send the Authorization header); reconnects. */
function subscribeToChanges(token: string, listener: (notice: BridgeNotice) => void): () => void {
  const controller = new AbortController()
  const run = async () => {
    let connectedBefore = false
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(ROUTES.apiEvents, {
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

export function createHttpBridge(token: string): PreloadBridge {
  const api = Object.fromEntries(
    API_OPERATIONS.map((operation) => [operation, (...args: unknown[]) => call(token, operation, args)])
  ) as unknown as WorkspaceApi
  return { api, onChange: (listener) => subscribeToChanges(token, listener) }
}
