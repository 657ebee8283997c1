// A test site with a small API on loopback, for the recorder's console, network and page-timing capture: pages
// (HTML by path) plus endpoints that succeed, fail with 500, drop the connection, hang until aborted, stream a
// chunked response the page reads chunk by chunk, echo a request's body, and take beacons.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { listenOnLoopback, type PageServer } from './browser'

export interface DevtoolsSite extends PageServer {
  /** Bodies POSTed to /api/beacon, as text, in arrival order. */
  beacons: string[]
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers
  })
  res.end(text)
}

export async function serveDevtoolsSite(pages: Record<string, string>): Promise<DevtoolsSite> {
  const beacons: string[] = []
  /** Streams waiting for the page's /api/stream/release before their second chunk. */
  const streams: ServerResponse[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const route = `${req.method} ${url.pathname}`
    switch (route) {
      case 'GET /api/ok':
        return json(res, 200, { ok: true, user: 'jane@example.com', count: 3 }, { 'X-Request-Id': 'req-42' })
      case 'GET /api/fail':
        res.writeHead(500, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' })
        return res.end('internal error: database down')
      case 'GET /api/drop':
        // A connection closed without a response: fetch rejects with a TypeError, XHR fires `error`.
        return req.socket.destroy()
      case 'GET /api/slow': {
        // Answers after ?ms= milliseconds (at most 5 s): a slow request the page waits for.
        const ms = Math.min(Number(url.searchParams.get('ms')) || 0, 5000)
        setTimeout(() => res.writableEnded || json(res, 200, { slow: ms }), ms).unref()
        return
      }
      case 'GET /api/hang':
        // Answered only if the page does not abort first (it always does in the tests).
        setTimeout(() => res.writableEnded || json(res, 200, { late: true }), 30_000).unref()
        return
      case 'GET /api/stream':
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' })
        res.write('chunk-1\n')
        streams.push(res)
        return
      case 'GET /api/stream/release':
        for (const stream of streams.splice(0)) stream.end('chunk-2\n')
        return json(res, 200, { released: true })
      case 'POST /api/echo':
      case 'POST /api/private':
        return void readBody(req).then((body) =>
          json(res, 201, { received: body, contentType: req.headers['content-type'] ?? null }, { 'X-Echo': 'yes' })
        )
      case 'POST /api/beacon':
        return void readBody(req).then((body) => {
          beacons.push(body)
          res.writeHead(204)
          res.end()
        })
    }
    const html = req.method === 'GET' ? pages[url.pathname] : undefined
    if (html === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      return res.end('not found')
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(html)
  })
  return { ...(await listenOnLoopback(server)), beacons }
}
