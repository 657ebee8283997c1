// Finds values at chosen paths in a JSON text that arrives in chunks, and hands over each one's bytes.
//
// Why not a streaming JSON parser (@streamparser/json, stream-json): they build every value token by token
// in JavaScript. Measured here on 16 MB of rrweb mutation events, @streamparser/json read 43 MB/s where
// JSON.parse reads 138 MB/s: an import would run at a third of the speed of just parsing the file. An import
// only needs to know where each event starts and ends; the event itself is parsed by JSON.parse (native).
// So this scanner walks the structure outside the wanted values (object keys, array indexes), and inside a
// wanted value only counts brackets and skips strings (found with Buffer.indexOf, i.e. memchr), which is
// several times faster than JSON.parse itself. Memory: at most the value being read, whatever the file size.

import {
  BACKSLASH,
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  closingQuote,
  COLON,
  COMMA,
  endsInEscape,
  OPEN_ARRAY,
  OPEN_OBJECT,
  QUOTE
} from '../codec/json-bytes'

/** Where a value sits: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[]

/** The text is not JSON, is nested too deeply, or holds one value bigger than allowed. */
export class JsonScanError extends Error {}

export interface JsonValueScannerOptions {
  /** Whether the value that starts at `path` is wanted whole. Called at every value outside wanted ones: keep it cheap. */
  wants(path: JsonPath): boolean
  /** A wanted value's UTF-8 bytes (`path` is only valid during the call). */
  onValue(path: JsonPath, bytes: Buffer): void
  /** Deepest nesting allowed anywhere (objects and arrays). */
  maxDepth: number
  /** Largest wanted value, in bytes. */
  maxValueBytes: number
}

const isWhitespace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09
/** Bytes that end a number, true, false or null. */
const endsLiteral = (byte: number): boolean =>
  isWhitespace(byte) || byte === COMMA || byte === CLOSE_ARRAY || byte === CLOSE_OBJECT

/** Bytes a JSON value can start with: `{`, `[`, `"`, a number's `-` or digit, or true, false, null's first letter. */
const startsValue = (byte: number): boolean =>
  byte === OPEN_OBJECT ||
  byte === OPEN_ARRAY ||
  byte === QUOTE ||
  byte === 0x2d ||
  (byte >= 0x30 && byte <= 0x39) ||
  byte === 0x74 ||
  byte === 0x66 ||
  byte === 0x6e

const enum Expect {
  Value,
  /** A value or the `]` of an empty array. */
  FirstValue,
  Key,
  /** A key or the `}` of an empty object. */
  FirstKey,
  Colon,
  /** `,` or the container's close. */
  Next,
  End
}

/** What is being read across chunk boundaries. */
const enum Reading {
  Structure,
  /** A string outside any wanted value (skipped), or a key (collected). */
  String,
  /** A number or literal outside any wanted value. */
  Literal,
  /** A wanted value. */
  Wanted
}

/** Bytes of a printable excerpt for error messages. */
const describeByte = (byte: number): string =>
  byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}'` : `byte 0x${byte.toString(16).padStart(2, '0')}`

export class JsonValueScanner {
  /** Open containers: true for an object. */
  private readonly objects: boolean[] = []
  private readonly path: (string | number)[] = []
  private expect = Expect.Value
  private reading = Reading.Structure
  /** In a string, the previous chunk ended on an escaping backslash. */
  private escaped = false
  private stringIsKey = false
  private keyParts: Buffer[] = []
  // The wanted value being read.
  private wantedParts: Buffer[] = []
  private wantedBytes = 0
  private wantedDepth = 0
  private wantedInString = false
  private wantedKind: 'container' | 'string' | 'literal' = 'container'
  /** Bytes consumed before the current chunk (for error positions). */
  private consumed = 0

  constructor(private readonly options: JsonValueScannerOptions) {}

  /** Reads the next chunk; throws JsonScanError at the first thing that is not JSON. */
  write(chunk: Buffer): void {
    let i = 0
    const end = chunk.length
    while (i < end) {
      switch (this.reading) {
        case Reading.Wanted:
          i = this.continueWanted(chunk, i)
          break
        case Reading.String:
          i = this.continueString(chunk, i)
          break
        case Reading.Literal:
          while (i < end && !endsLiteral(chunk[i]!)) i++
          if (i < end) this.valueDone()
          break
        default:
          i = this.structure(chunk, i)
      }
    }
    this.consumed += end
  }

  /** The text ended: throws unless it was one complete JSON value. */
  end(): void {
    if (this.reading === Reading.Literal && this.objects.length === 0) this.valueDone()
    if (this.expect !== Expect.End || this.reading !== Reading.Structure) {
      const where = this.path.length ? ` inside ${describePath(this.path)}` : ''
      throw new JsonScanError(`the file is truncated: the JSON ends early${where}`)
    }
  }

  private fail(chunk: Buffer, i: number, expected: string): never {
    throw new JsonScanError(
      `not valid JSON at byte ${this.consumed + i}: expected ${expected}, found ${describeByte(chunk[i]!)}`
    )
  }

  /** One byte of structure outside wanted values; returns where to go on. */
  private structure(chunk: Buffer, i: number): number {
    const byte = chunk[i]!
    if (isWhitespace(byte)) return i + 1
    switch (this.expect) {
      case Expect.FirstValue:
        return byte === CLOSE_ARRAY ? this.close(chunk, i, false) : this.startValue(chunk, i)
      case Expect.Value:
        return this.startValue(chunk, i)
      case Expect.FirstKey:
        return byte === CLOSE_OBJECT ? this.close(chunk, i, true) : this.startKey(chunk, i)
      case Expect.Key:
        return this.startKey(chunk, i)
      case Expect.Colon:
        if (byte !== COLON) this.fail(chunk, i, "':' after a key")
        this.expect = Expect.Value
        return i + 1
      case Expect.Next: {
        const inObject = this.objects.at(-1)!
        if (byte === COMMA) {
          if (inObject) this.expect = Expect.Key
          else {
            this.path[this.path.length - 1] = (this.path.at(-1) as number) + 1
            this.expect = Expect.Value
          }
          return i + 1
        }
        if (byte === (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) return this.close(chunk, i, inObject)
        return this.fail(chunk, i, inObject ? "',' or '}'" : "',' or ']'")
      }
      default:
        return this.fail(chunk, i, 'the end of the file after the JSON value')
    }
  }

  private startKey(chunk: Buffer, i: number): number {
    if (chunk[i] !== QUOTE) this.fail(chunk, i, 'a key in double quotes')
    this.reading = Reading.String
    this.stringIsKey = true
    this.escaped = false
    this.keyParts = []
    return i + 1
  }

  private close(chunk: Buffer, i: number, object: boolean): number {
    if (this.objects.at(-1) !== object) this.fail(chunk, i, 'a value')
    this.objects.pop()
    this.path.pop()
    this.valueDone()
    return i + 1
  }

  private startValue(chunk: Buffer, i: number): number {
    const byte = chunk[i]!
    // Checked before a wanted value too: its reading only counts brackets, and would hand over `]` as a value.
    if (!startsValue(byte)) return this.fail(chunk, i, 'a JSON value')
    if (this.options.wants(this.path)) {
      this.reading = Reading.Wanted
      this.wantedParts = []
      this.wantedBytes = 0
      this.wantedDepth = 0
      this.wantedInString = false
      this.escaped = false
      this.wantedKind =
        byte === OPEN_OBJECT || byte === OPEN_ARRAY ? 'container' : byte === QUOTE ? 'string' : 'literal'
      if (this.wantedKind === 'string') {
        this.wantedInString = true
        return this.continueWanted(chunk, i + 1, i)
      }
      return this.continueWanted(chunk, i)
    }
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      const object = byte === OPEN_OBJECT
      if (this.objects.length + 1 > this.options.maxDepth) this.tooDeep()
      this.objects.push(object)
      this.path.push(object ? '' : 0)
      this.expect = object ? Expect.FirstKey : Expect.FirstValue
      return i + 1
    }
    if (byte === QUOTE) {
      this.reading = Reading.String
      this.stringIsKey = false
      this.escaped = false
      return i + 1
    }
    this.reading = Reading.Literal
    return i + 1
  }

  private tooDeep(): never {
    throw new JsonScanError(`nested more than ${this.options.maxDepth} levels deep`)
  }

  /** A value outside wanted ones (or a wanted one) is complete. */
  private valueDone(): void {
    this.reading = Reading.Structure
    this.expect = this.objects.length === 0 ? Expect.End : Expect.Next
  }

  /**
   * Finds the end of a string from `i`: the index of its closing quote, or -1 when the chunk ends first
   * (`escaped` then says whether the chunk ended on an escaping backslash).
   */
  private stringEnd(chunk: Buffer, i: number): number {
    if (this.escaped) {
      this.escaped = false
      i++
    }
    const quote = closingQuote(chunk, i)
    if (quote < 0) this.escaped = endsInEscape(chunk, i)
    return quote
  }

  private continueString(chunk: Buffer, i: number): number {
    const start = i
    const quote = this.stringEnd(chunk, i)
    if (this.stringIsKey) this.keyParts.push(chunk.subarray(start, quote < 0 ? chunk.length : quote))
    if (quote < 0) return chunk.length
    this.reading = Reading.Structure
    if (this.stringIsKey) {
      this.path[this.path.length - 1] = decodeKey(Buffer.concat(this.keyParts))
      this.keyParts = []
      this.expect = Expect.Colon
    } else {
      this.valueDone()
    }
    return quote + 1
  }

  /** Reads a wanted value from `i` (its bytes start at `from` in this chunk); returns where to go on. */
  private continueWanted(chunk: Buffer, i: number, from = i): number {
    const end = chunk.length
    let done = -1
    if (this.wantedKind === 'literal') {
      while (i < end && !endsLiteral(chunk[i]!)) i++
      if (i < end) done = i
    } else {
      const maxDepth = this.options.maxDepth - this.objects.length
      while (i < end) {
        if (this.wantedInString) {
          const quote = this.stringEnd(chunk, i)
          if (quote < 0) {
            i = end
            break
          }
          this.wantedInString = false
          i = quote + 1
          if (this.wantedKind === 'string') {
            done = i
            break
          }
          continue
        }
        const byte = chunk[i]!
        if (byte === QUOTE) this.wantedInString = true
        else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          if (++this.wantedDepth > maxDepth) this.tooDeep()
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          if (--this.wantedDepth === 0) {
            done = i + 1
            break
          }
        }
        i++
      }
    }
    const stop = done < 0 ? end : done
    this.wantedParts.push(chunk.subarray(from, stop))
    this.wantedBytes += stop - from
    if (this.wantedBytes > this.options.maxValueBytes) {
      throw new JsonScanError(
        `${describePath(this.path)} is larger than ${this.options.maxValueBytes} bytes: too big to import`
      )
    }
    if (done < 0) return end
    const bytes = this.wantedParts.length === 1 ? this.wantedParts[0]! : Buffer.concat(this.wantedParts)
    this.wantedParts = []
    this.valueDone()
    this.options.onValue(this.path, bytes)
    return done
  }
}

function decodeKey(bytes: Buffer): string {
  // Keys are short; only an escaped one needs JSON's decoding.
  if (!bytes.includes(BACKSLASH)) return bytes.toString('utf8')
  try {
    return JSON.parse(`"${bytes.toString('utf8')}"`) as string
  } catch {
    throw new JsonScanError('not valid JSON: a key has a malformed escape')
  }
}

/** `events[12]`, `data.snapshotsByWindowId["w1"][0]`: a path as a person reads it. */
export function describePath(path: JsonPath): string {
  if (path.length === 0) return 'the file'
  let text = ''
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`
    else text += /^[A-Za-z_$][\w$]*$/.test(part) ? `${text ? '.' : ''}${part}` : `[${JSON.stringify(part)}]`
  }
  return text
}
