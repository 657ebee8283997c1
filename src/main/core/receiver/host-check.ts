import { networkInterfaces } from 'node:os'

// DNS rebinding defence: a page on evil.example can make its own hostname resolve to 127.0.0.1 and then
// talk to us as a "same-origin" site. Its requests still carry `Host: evil.example`, so only requests
// addressed to a loopback name (or to a host the operator explicitly bound to) are served.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * A Host header: a name (or a bracketed IPv6 address) and an optional port of digits only. Anything else —
 * text after the bracket ("[::1].evil.example"), a port that is not a number ("127.0.0.1:evil") — is not a
 * Host we answer to.
 */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[^[\]:]+)(?::(\d{1,5}))?$/

/** The host part of a Host header ("127.0.0.1:4477" → "127.0.0.1", "[::1]:4477" → "[::1]"), or null when malformed. */
export function hostName(hostHeader: string): string | null {
  const match = HOST_HEADER.exec(hostHeader.trim().toLowerCase())
  return match ? match[1]! : null
}

export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name) || name.endsWith('.localhost')
}

/** True when a request with this Host header may be served; `extraHosts` are names the operator opted into. */
export function isAllowedHost(hostHeader: string | undefined, extraHosts: readonly string[] = []): boolean {
  const name = hostHeader ? hostName(hostHeader) : null
  if (name === null) return false
  return isLoopbackName(name) || extraHosts.includes(name)
}

const WILDCARD_BINDS = new Set(['0.0.0.0', '::'])

/**
 * The Host names requests may use besides loopback, for a server bound to `bindHost`: that address itself,
 * or, for a wildcard bind (--host 0.0.0.0), every address of this machine's interfaces — so other machines
 * can reach it by IP, while a rebinding attacker's own domain name is still refused.
 */
export function allowedHostsFor(
  bindHost: string,
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()
): string[] {
  if (isLoopbackName(bindHost.toLowerCase())) return []
  if (!WILDCARD_BINDS.has(bindHost)) return [bindHost.includes(':') ? `[${bindHost}]` : bindHost.toLowerCase()]
  return Object.values(interfaces)
    .flatMap((addresses) => addresses ?? [])
    .map(({ address, family }) => (family === 'IPv6' ? `[${address.toLowerCase()}]` : address))
}
