import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError, mediaType } from './http-util'

// Browser mode's access rule. The launch token (printed once, in the URL fragment) is exchanged for a cookie,
// so every workspace link works in every tab of that browser. The cookie is HttpOnly (page scripts cannot
// read it), SameSite=Strict and named after the port (two workspaces on one host keep their own).
//
// SameSite does not separate ports: a page on 127.0.0.1:3000 (the developer's own site, or anything else
// served on loopback) is same-site with 127.0.0.1:4477 and its requests carry the cookie. So a request that
// authenticates with the cookie must also prove it comes from the workspace itself:
//   - API calls must be `application/json`, which another origin can only send after a CORS preflight that
//     this server never grants (a form or a simple fetch is refused here before anything runs);
//   - `Origin`, when the browser sends one (every POST, every cross-origin fetch), must be this server's own;
//   - `Sec-Fetch-Site`, when sent, must be `same-origin` (or `none`: typed into the address bar).
// A Bearer header needs none of that: a cross-origin page cannot add one without a preflight either.

const BEARER = /^Bearer (.+)$/

/** The cookie that stands for the token in a browser that opened the launch URL; one per port. */
export function sessionCookieName(port: number): string {
  return `ri_token_${port}`
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=')
    if (separator !== -1 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim()
  }
  return null
}

/** api: a JSON call; stream: a GET (change stream, export); upload: an application/octet-stream body (import). */
export type RequestKind = 'api' | 'stream' | 'upload'

export interface WorkspaceAuth {
  /** Throws 401 without a valid token, 403/415 for a cookie that did not come from the workspace itself. */
  authorize(req: IncomingMessage, kind: RequestKind): void
  /** POST /api/session: with the Bearer token, sets the cookie; with a valid cookie, confirms it (204). */
  startSession(req: IncomingMessage, res: ServerResponse): void
}

export function createWorkspaceAuth(token: string): WorkspaceAuth {
  const expected = Buffer.from(token)
  const matches = (presented: string | null | undefined): boolean => {
    const bytes = Buffer.from(presented ?? '')
    return bytes.length === expected.length && timingSafeEqual(bytes, expected)
  }
  const portOf = (req: IncomingMessage): number => req.socket.localPort ?? 0

  /** The content type a kind of request must have: neither is one a cross-origin page may send without a preflight. */
  function requireMediaType(req: IncomingMessage, kind: RequestKind): void {
    if (kind === 'api' && mediaType(req) !== 'application/json') {
      throw new HttpError(415, 'API calls must be application/json')
    }
    if (kind === 'upload' && mediaType(req) !== 'application/octet-stream') {
      throw new HttpError(415, 'file uploads must be application/octet-stream')
    }
  }

  function requireSameOrigin(req: IncomingMessage, kind: RequestKind): void {
    requireMediaType(req, kind)
    const origin = req.headers.origin
    if (origin !== undefined && origin.toLowerCase() !== `http://${req.headers.host ?? ''}`.toLowerCase()) {
      throw new HttpError(403, `requests from ${origin} may not use the workspace's cookie`)
    }
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new HttpError(403, `a ${site} request may not use the workspace's cookie`)
    }
  }

  /** 'bearer' or 'cookie' when the request carries a valid token, else null. */
  function presentedBy(req: IncomingMessage): 'bearer' | 'cookie' | null {
    const bearer = BEARER.exec(req.headers.authorization ?? '')?.[1]
    if (bearer !== undefined) return matches(bearer) ? 'bearer' : null
    return matches(cookieValue(req.headers.cookie, sessionCookieName(portOf(req)))) ? 'cookie' : null
  }

  function authorize(req: IncomingMessage, kind: RequestKind): void {
    const by = presentedBy(req)
    if (!by) {
      throw new HttpError(401, 'missing or wrong token: open the URL printed by `npm run serve`', {
        'WWW-Authenticate': 'Bearer'
      })
    }
    if (by === 'cookie') requireSameOrigin(req, kind)
    else requireMediaType(req, kind)
  }

  return {
    authorize,
    startSession(req, res) {
      if (req.method !== 'POST') throw new HttpError(405, 'POST the token to start a session', { Allow: 'POST' })
      // The exchange is held to the cookie's own rule too, so no other page can plant or probe it.
      requireSameOrigin(req, 'api')
      authorize(req, 'api')
      // No Max-Age: the cookie ends with the browser session, as the token ends with the server.
      const cookie = `${sessionCookieName(portOf(req))}=${token}; HttpOnly; SameSite=Strict; Path=/`
      res.writeHead(204, { 'Set-Cookie': cookie, 'Cache-Control': 'no-store' })
      res.end()
    }
  }
}
