// Starts the real core (SQLite file in a temp dir, HTTP server on an ephemeral loopback port).
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAppCore, type AppCore, type AppCoreOptions } from '../../src/main/core/app-core'
import { builtAssets } from '../../src/main/core/paths'
import { INGEST_KEY_PARAM, ROUTES } from '../../src/shared/limits'

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..')

export function tempDir(prefix = 'ri-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export interface TestCore extends AppCore {
  dbPath: string
  dispose(): Promise<void>
}

export async function startTestCore(options: Partial<AppCoreOptions> = {}): Promise<TestCore> {
  const dir = tempDir()
  const dbPath = join(dir.path, 'sessions.db')
  const core = await startAppCore({
    dbPath,
    port: 0,
    host: '127.0.0.1',
    assets: builtAssets(PROJECT_ROOT),
    version: 'test',
    ...options
  })
  return Object.assign(core, {
    dbPath,
    async dispose() {
      await core.close()
      dir.remove()
    }
  })
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  json(): unknown
}

/** A raw HTTP request (fetch forbids setting Host, which the DNS-rebinding tests need). */
export function rawRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: Uint8Array | string }
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      // A connection of its own (no keep-alive pool): a server that closes a connection after refusing an
      // unread body must not make the next request fail on a socket that is closing.
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) })
        })
      }
    )
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

/** The per-launch token of a browser-mode core (its workspace URL carries it in the fragment). */
export function launchToken(core: AppCore): string {
  const token = /#token=(.+)$/.exec(core.workspaceUrl ?? '')?.[1]
  if (!token) throw new Error('this core was not started in browser mode (browserMode: true)')
  return token
}

export interface ApiResponse<T> {
  status: number
  result: T
  /** On errors: the body's code and message (and `error`, the same message). */
  code?: string
  message?: string
  error?: string
}

/** One API call as the browser-mode renderer makes it: POST /api/<operation>, JSON arguments, Bearer token. */
export async function callApi<T = unknown>(
  core: AppCore,
  operation: string,
  ...args: unknown[]
): Promise<ApiResponse<T>> {
  const response = await rawRequest(core.port, {
    method: 'POST',
    path: `/api/${operation}`,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${launchToken(core)}` },
    body: JSON.stringify(args)
  })
  const body = response.json() as { result: T; code?: string; message?: string; error?: string }
  return { status: response.status, result: body.result, code: body.code, message: body.message, error: body.error }
}

/** A receiver to post batches to: its port and the ingest key it wants now (AppCore and ServeProcess are ones). */
export interface IngestTarget {
  port: number
  ingestKey(): string
}

/** The ingest path with a key in the query string, as the recorder sends it. */
export const ingestPath = (key: string): string => `${ROUTES.ingest}?${INGEST_KEY_PARAM}=${encodeURIComponent(key)}`

/** POSTs a recorder-style body to /ingest with the target's ingest key. */
export function postBatch(
  target: IngestTarget,
  body: Uint8Array,
  headers: Record<string, string> = {}
): Promise<RawResponse> {
  return rawRequest(target.port, {
    method: 'POST',
    path: ingestPath(target.ingestKey()),
    headers: { 'Content-Type': 'text/plain', ...headers },
    body
  })
}
