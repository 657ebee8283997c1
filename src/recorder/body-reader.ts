import { BODY_BYTES } from '../shared/devtools-events'
import type { BodyText, RawMessage } from './network-privacy'

/**
 * Bodies as text, for the URLs whose bodies are recorded: at most BODY_BYTES, never more read than that, and
 * never waiting on the page. Only text and JSON (isTextual); other bodies are null.
 */

/** A stalled stream (a long poll, server-sent events) is recorded with what came within this time. */
export const BODY_WAIT_MS = 5_000

export const isTextual = (contentType: string | null): boolean =>
  contentType !== null && /^text\/|[+/]json|[+/]xml|x-www-form-urlencoded|javascript|graphql/i.test(contentType)

/** Text already in memory, cut at the bound. */
export const clipText = (text: string): BodyText => ({
  text: text.slice(0, BODY_BYTES),
  truncated: text.length > BODY_BYTES
})

/** UTF-8 length without encoding the string (a large body must not be copied just to be measured). */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code < 0xdc00 && index + 1 < text.length) {
      bytes += 4
      index++
    } else bytes += 3
  }
  return bytes
}

/** The size of a body as fetch, XHR and sendBeacon take it; 0 without one, null when it cannot be told. */
export function bodySize(body: unknown): number | null {
  if (body === undefined || body === null) return 0
  if (typeof body === 'string') return utf8Length(body)
  if (body instanceof URLSearchParams) return utf8Length(String(body))
  if (body instanceof Blob) return body.size
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength
  return null // FormData (multipart boundaries), ReadableStream, Document
}

/** The Content-Type the browser sends with a body when the page set none. */
export function implicitContentType(body: unknown): string | null {
  if (typeof body === 'string') return 'text/plain;charset=UTF-8'
  if (body instanceof URLSearchParams) return 'application/x-www-form-urlencoded;charset=UTF-8'
  if (body instanceof Blob) return body.type || null
  return null
}

/**
 * A request body as text, if `contentType` (the header, or implicitContentType) says it is text or JSON.
 * Blobs and buffers are read only as far as the bound.
 */
export async function requestBodyText(body: unknown, contentType: string | null): Promise<BodyText | null> {
  if (!isTextual(contentType)) return null
  if (typeof body === 'string') return clipText(body)
  if (body instanceof URLSearchParams) return clipText(String(body))
  if (body instanceof Blob) return clipText(await body.slice(0, BODY_BYTES + 1).text())
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = ArrayBuffer.isView(body)
      ? new Uint8Array(body.buffer, body.byteOffset, Math.min(body.byteLength, BODY_BYTES))
      : new Uint8Array(body, 0, Math.min(body.byteLength, BODY_BYTES))
    return { text: new TextDecoder().decode(bytes), truncated: body.byteLength > BODY_BYTES }
  }
  return null
}

/**
 * The first BODY_BYTES of a stream (a clone's: the page's own body is never touched) as text, then the clone is
 * cancelled, which leaves the page's branch flowing. Gives up after BODY_WAIT_MS with what it has.
 */
export async function readStreamPrefix(stream: ReadableStream<Uint8Array>, waitMs = BODY_WAIT_MS): Promise<BodyText> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let bytes = 0
  let complete = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)))
  try {
    while (bytes <= BODY_BYTES) {
      const chunk = await Promise.race([reader.read(), timeout])
      if (!chunk) break
      if (chunk.done) {
        complete = true
        break
      }
      const room = BODY_BYTES + 1 - bytes
      const part = chunk.value.length > room ? chunk.value.subarray(0, room) : chunk.value
      text += decoder.decode(part, { stream: true })
      bytes += part.length
    }
  } finally {
    clearTimeout(timer)
    reader.cancel().catch(() => {})
  }
  text += decoder.decode()
  return { text: text.slice(0, BODY_BYTES), truncated: !complete || bytes > BODY_BYTES }
}

/** One side of a request once its body has been read. */
export const messageOf = (
  headers: Iterable<[string, string]>,
  contentType: string | null,
  body: Promise<BodyText | null>
): Promise<RawMessage> => body.then((text) => ({ headers, body: text, contentType }))
