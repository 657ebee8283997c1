// Hash routing: `#/`, `#/saved`, `#/settings`, `#/session/<id>` and `#/session/<id>?t=<ms>&q=<search>`,
// `#/diff/<a>/<b>?row=<n>` (two sessions compared, at one of the diff's rows).
// The hash works the same under file:// (Electron) and http:// (browser mode), and never reaches a server.
import { useSyncExternalStore } from 'react'

export type Route =
  | { name: 'sessions' }
  | { name: 'saved' }
  | { name: 'settings' }
  /** `t`: offset in ms from the session's start; `q`: the search whose hits the timeline marks. */
  | { name: 'session'; id: string; t: number | null; q: string | null }
  /** `row`: the diff row selected (null: the first divergence). */
  | { name: 'diff'; a: string; b: string; row: number | null }

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2)
  const params = new URLSearchParams(query)
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'saved') return { name: 'saved' }
  if (parts[0] === 'settings') return { name: 'settings' }
  if (parts[0] === 'session' && parts[1]) {
    const t = Number(params.get('t'))
    return {
      name: 'session',
      id: parts[1],
      t: params.has('t') && Number.isFinite(t) && t >= 0 ? t : null,
      q: params.get('q') || null
    }
  }
  if (parts[0] === 'diff' && parts[1] && parts[2]) {
    const row = Number(params.get('row'))
    return {
      name: 'diff',
      a: parts[1],
      b: parts[2],
      row: params.has('row') && Number.isInteger(row) && row >= 0 ? row : null
    }
  }
  return { name: 'sessions' }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'sessions':
      return '#/'
    case 'saved':
      return '#/saved'
    case 'settings':
      return '#/settings'
    case 'session': {
      const params = new URLSearchParams()
      if (route.t !== null) params.set('t', String(Math.round(route.t)))
      if (route.q) params.set('q', route.q)
      const query = params.toString()
      return `#/session/${encodeURIComponent(route.id)}${query ? `?${query}` : ''}`
    }
    case 'diff': {
      const path = `#/diff/${encodeURIComponent(route.a)}/${encodeURIComponent(route.b)}`
      return route.row === null ? path : `${path}?row=${route.row}`
    }
  }
}

export function diffHref(a: string, b: string, row: number | null = null): string {
  return routeHref({ name: 'diff', a, b, row })
}

export function sessionHref(id: string, t: number | null = null, q: string | null = null): string {
  return routeHref({ name: 'session', id, t, q })
}

export function navigate(href: string): void {
  if (location.hash !== href) location.hash = href
}

/** Updates the URL without a navigation (e.g. the deep-link time as the playhead moves). */
export function replaceHref(href: string): void {
  if (location.hash !== href) history.replaceState(null, '', href)
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

const currentHash = () => location.hash

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash)
  return parseRoute(hash)
}
