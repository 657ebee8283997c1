import { SESSION_ID_PATTERN } from '../shared/limits'

const SESSION_ID_BYTES = 16

/** 128 random bits as base64url: 22 characters from SESSION_ID_PATTERN's alphabet, unguessable and URL-safe. */
export function generateSessionId(
  fillRandom: (bytes: Uint8Array) => void = (bytes) => crypto.getRandomValues(bytes)
): string {
  const bytes = new Uint8Array(SESSION_ID_BYTES)
  fillRandom(bytes)
  const base64 = btoa(String.fromCharCode(...bytes))
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID_PATTERN.test(value)
}
