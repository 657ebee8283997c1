import { gunzipSync } from 'node:zlib'

export class DecodeError extends Error {}

const GZIP_MAGIC_0 = 0x1f
const GZIP_MAGIC_1 = 0x8b

export function looksLikeGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1
}

/**
 * gunzip, refusing to inflate past `maxInflatedBytes`. zlib stops at the limit itself (maxOutputLength),
 * so a gzip bomb costs at most that much memory, never the whole expansion.
 */
export function gunzipBounded(bytes: Uint8Array, maxInflatedBytes: number): Buffer {
  if (!looksLikeGzip(bytes)) throw new DecodeError('body is not gzip (missing 1f 8b magic bytes)')
  try {
    return gunzipSync(bytes, { maxOutputLength: maxInflatedBytes })
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DecodeError(`body inflates to more than ${maxInflatedBytes} bytes`)
    }
    throw new DecodeError(`malformed gzip: ${(error as Error).message}`)
  }
}

/** JSON.parse of UTF-8 bytes, as a DecodeError when they are not JSON. */
export function parseJsonBytes(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    throw new DecodeError(`malformed JSON: ${(error as Error).message}`)
  }
}

export interface DecodedJson {
  value: unknown
  /** Size of the JSON text before compression. */
  inflatedBytes: number
}

/** gunzipBounded then parseJsonBytes. */
export function gunzipJson(bytes: Uint8Array, maxInflatedBytes: number): DecodedJson {
  const inflated = gunzipBounded(bytes, maxInflatedBytes)
  return { value: parseJsonBytes(inflated), inflatedBytes: inflated.byteLength }
}
