import { INGEST_KEY_PARAM } from '../shared/limits'

/**
 * The ingest endpoint with the snippet's `data-key` in its query string. The key travels in the URL, not a
 * header, so the POST stays CORS-simple (text/plain, no custom header: no preflight, which keepalive requests
 * during page unload need) and sendBeacon can carry it; and not in the body, which is stored as received.
 * Without a key nothing can be accepted, so nothing is recorded (null).
 */
export function withIngestKey(
  endpoint: string,
  key: string | undefined,
  warn: (message: string) => void
): string | null {
  const trimmed = key?.trim()
  if (!trimmed) {
    warn('the script tag has no data-key, so the receiver would refuse everything; paste the snippet the app shows')
    return null
  }
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${INGEST_KEY_PARAM}=${encodeURIComponent(trimmed)}`
}
