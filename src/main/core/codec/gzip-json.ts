import { gunzipSync } from 'node:zlib'

export class DecodeError extends Error {}

const GZIP_MAGIC_0 = 0x1f
const GZIP_MAGIC_1 = 0x8b

export function looksLikeGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1
}

/**
 * gunzip then JSON.parse, refusing to inflate past `maxInflatedBytes`. zlib stops at the limit
 * itself (maxOutputLength), so a gzip bomb costs at most that much memory, never the whole expansion.
 */
export interface DecodedJson {
  value: unknown
  /** Size of the JSON text before compression. */
  inflatedBytes: number
}

export function gunzipJson(bytes: Uint8Array, maxInflatedBytes: number): DecodedJson {
  if (!looksLikeGzip(bytes)) throw new DecodeError('body is not gzip (missing 1f 8b magic bytes)')
  let inflated: Buffer
  try {
    inflated = gunzipSync(bytes, { maxOutputLength: maxInflatedBytes })
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DecodeError(`body inflates to more than ${maxInflatedBytes} bytes`)
    }
    throw new DecodeError(`malformed gzip: ${(error as Error).message}`)
  }
  try {
    return { value: JSON.parse(inflated.toString('utf8')), inflatedBytes: inflated.byteLength }
  } catch (error) {
    throw new DecodeError(`malformed JSON: ${(error as Error).message}`)
  }
}
