// Origins as the ingest allow-list names them, the same in the Settings form, the API and the receiver.

/**
 * "https://Shop.example/" → "https://shop.example"; null for anything that is not an http(s) origin alone
 * (a path, a query, credentials or another scheme).
 */
export function normalizeOrigin(text: string): string | null {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  const originOnly = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password
  return (url.protocol === 'http:' || url.protocol === 'https:') && originOnly ? url.origin : null
}
