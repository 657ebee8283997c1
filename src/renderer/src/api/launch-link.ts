// The launch URL's fragment: `#token=<token>` optionally followed by `&` and a workspace route, e.g.
// `#token=abc&/session/<id>?t=1200` (token first, then the route, so the route's own `?…&…` stays intact).
// A token appended to a route (`#/session/<id>?t=1200&token=abc`) is understood too. Pure: tested in Node.

export interface LaunchLink {
  /** The launch token, or null when the fragment carries none. */
  token: string | null
  /** The fragment to show once the token is taken out: the route it named, `#/` when none. */
  hash: string
}

const TOKEN_FIRST = /^#?token=([^&]*)(?:&(.*))?$/
const TOKEN_IN_QUERY = /([?&])token=([^&]*)(&?)/

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text) || null
  } catch {
    return text
  }
}

export function readLaunchLink(hash: string): LaunchLink {
  const first = TOKEN_FIRST.exec(hash)
  if (first) {
    const route = first[2] ?? ''
    return { token: decoded(first[1]!), hash: `#${route.startsWith('/') ? route : '/'}` }
  }
  const inQuery = TOKEN_IN_QUERY.exec(hash)
  if (inQuery) {
    // Drop "token=…" with one of the separators around it: "?token=a&t=1" → "?t=1", "?t=1&token=a" → "?t=1".
    const [whole, before, token, after] = inQuery
    const rest = hash.replace(whole, after ? before! : '')
    return { token: decoded(token!), hash: rest }
  }
  return { token: null, hash }
}
