// Starts the real core (SQLite file in a temp dir, HTTP server on an ephemeral loopback port).
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAppCore, type AppCore, type AppCoreOptions } from '../../src/main/core/app-core'
import { builtAssets } from '../../src/main/core/paths'

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
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers },
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

/** POSTs a recorder-style body to /ingest. */
export function postBatch(port: number, body: Uint8Array, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(port, {
    method: 'POST',
    path: '/ingest',
    headers: { 'Content-Type': 'text/plain', ...headers },
    body
  })
}
