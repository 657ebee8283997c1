import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../log'
import { isAllowedHost } from './host-check'
import { HttpError, sendError } from './http-util'
import { createIngestRoutes, INGEST_CORS_HEADERS, INGEST_PATHS, type IngestRoutesOptions } from './ingest-routes'
import { createWorkspaceRoutes, type WorkspaceRoutesOptions } from './workspace-routes'

export interface AppServerOptions extends IngestRoutesOptions {
  /** Browser mode adds the workspace (renderer + token API); the Electron shell serves only ingest. */
  workspace?: Omit<WorkspaceRoutesOptions, 'feed'>
  /** Host names besides loopback that requests may be addressed to (set when --host binds elsewhere). */
  allowedHosts?: readonly string[]
  /** Where an internal error (a 500) is reported with its stack. */
  logger: Logger
}

/** "/ingest?x=1" → "/ingest". Cheaper than new URL() on every request, which the ingest route feels. */
function pathOf(url: string | undefined): string {
  if (!url) return '/'
  const query = url.indexOf('?')
  return query === -1 ? url : url.slice(0, query)
}

type RouteHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>

/** One HTTP server: the public ingest routes, and in browser mode the token-protected workspace. */
export function createAppServer(options: AppServerOptions): Server {
  const routes: RouteHandler[] = [createIngestRoutes(options)]
  if (options.workspace) routes.push(createWorkspaceRoutes({ ...options.workspace, feed: options.feed }))

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = pathOf(req.url)
    try {
      if (!isAllowedHost(req.headers.host, options.allowedHosts)) {
        throw new HttpError(
          403,
          `Host "${req.headers.host ?? ''}" is not a loopback name; requests must address 127.0.0.1 or localhost`
        )
      }
      for (const route of routes) if (await route(req, res, path)) return
      throw new HttpError(404, `no route for ${req.method} ${path}`)
    } catch (error) {
      const httpError =
        error instanceof HttpError ? error : new HttpError(500, `internal error: ${(error as Error).message}`)
      if (httpError.status === 500) options.logger.error(`${req.method} ${path} failed`, error)
      if (res.headersSent) {
        res.destroy()
        return
      }
      // Refused before its body was read: let the rest of the upload drain so the client gets the answer.
      if (!req.readableEnded) req.resume()
      // The recorder can only read an error status cross-origin if the error carries CORS headers too.
      sendError(res, httpError, INGEST_PATHS.has(path) ? INGEST_CORS_HEADERS : {})
    }
  }

  const server = createServer((req, res) => void handle(req, res))
  server.keepAliveTimeout = 5000
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000
  return server
}

/** Listens and resolves with the bound port (pass 0 for an ephemeral one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}
