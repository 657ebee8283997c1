/**
 * The two ways a batch leaves the browser.
 *
 * Content-Type text/plain is deliberate: it is CORS-safelisted, so the cross-origin POST needs no preflight
 * (a preflight in front of a keepalive request is unreliable while the page unloads). The receiver reads the
 * body as gzip whatever the Content-Type says. Cookies are never sent (credentials: 'omit').
 */

/** Resolves with the HTTP status; rejects on a network or CORS error. Throws if fetch itself throws. */
export function postBody(endpoint: string, body: Uint8Array<ArrayBuffer>, keepalive: boolean): Promise<number> {
  return fetch(endpoint, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'text/plain' },
    keepalive,
    credentials: 'omit',
    mode: 'cors'
  }).then((response) => response.status)
}

/** navigator.sendBeacon with a text/plain Blob (safelisted, like postBody); false when the browser declines. */
export function beaconBody(endpoint: string, body: Uint8Array<ArrayBuffer>): boolean {
  try {
    return navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }))
  } catch {
    return false
  }
}
