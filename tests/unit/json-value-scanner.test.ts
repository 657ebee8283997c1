// The streaming scanner that finds events in an import file (src/main/core/files/json-value-scanner.ts):
// whatever the chunks a file arrives in, it hands over the same values with the same bytes, and it refuses
// what is not one complete JSON value, is nested too deeply or holds a wanted value bigger than allowed.
import { describe, expect, it } from 'vitest'
import {
  describePath,
  JsonScanError,
  JsonValueScanner,
  type JsonPath
} from '../../src/main/core/files/json-value-scanner'

interface Found {
  path: string
  value: unknown
}

interface ScanOptions {
  wants?: (path: JsonPath) => boolean
  maxDepth?: number
  maxValueBytes?: number
}

const eventsItems = (path: JsonPath): boolean =>
  path.length === 2 && path[0] === 'events' && typeof path[1] === 'number'

/** Scans `chunks` as one text; returns each wanted value (parsed) with its path. */
function scan(chunks: Buffer[], options: ScanOptions = {}): Found[] {
  const found: Found[] = []
  const scanner = new JsonValueScanner({
    wants: options.wants ?? eventsItems,
    onValue: (path, bytes) => found.push({ path: describePath(path), value: JSON.parse(bytes.toString('utf8')) }),
    maxDepth: options.maxDepth ?? 100,
    maxValueBytes: options.maxValueBytes ?? 1 << 20
  })
  for (const chunk of chunks) scanner.write(chunk)
  scanner.end()
  return found
}

/** `text` cut into chunks of `size` bytes (the last one shorter). */
function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size))
  return chunks
}

/** Every way of reading `bytes`: whole, in chunks of 1..n bytes, and in two pieces split at each byte. */
function everySplit(bytes: Buffer): { how: string; chunks: Buffer[] }[] {
  const ways = [{ how: 'whole', chunks: [bytes] }]
  for (let size = 1; size < bytes.length; size++) ways.push({ how: `chunks of ${size}`, chunks: chunksOf(bytes, size) })
  for (let at = 1; at < bytes.length; at++)
    ways.push({ how: `split at ${at}`, chunks: [bytes.subarray(0, at), bytes.subarray(at)] })
  return ways
}

/** The error `scan` throws for `chunks`, or null. */
function scanError(chunks: Buffer[], options: ScanOptions = {}): JsonScanError | null {
  try {
    scan(chunks, options)
    return null
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error
    return error
  }
}

// Escaped quotes and backslashes that end strings or look as if they did, keys with escapes, unicode
// (2-, 3- and 4-byte UTF-8 and \u escapes), empty containers, literals, and whitespace everywhere.
const DOCUMENT =
  ' \n{ "skip" : [ "a\\\\", "\\"", {"x":"}]"} ] ,\t"events" :\r\n[ ' +
  '{"type":2,"s":"a\\\\"} , "\\"" ,"\\\\\\"]\\\\", [] ,{}, [[], {"k\\"ey": "é ü 中 😀 \\u00e9\\ud83d\\ude00"}],' +
  ' 12 , -1.5e3,true , false,null, "]}{[" ] , "after" : {"events": [1]} } \n'

describe('json value scanner: chunk boundaries', () => {
  const bytes = Buffer.from(DOCUMENT, 'utf8')
  const expected = (JSON.parse(DOCUMENT) as { events: unknown[] }).events.map((value, i) => ({
    path: `events[${i}]`,
    value
  }))

  it('finds the wanted values of a document read whole', () => {
    expect(expected).toHaveLength(12)
    expect(scan([bytes])).toEqual(expected)
  })

  it('gives the same values and bytes for every chunk size and every split point', () => {
    const whole: Buffer[] = []
    new JsonValueScanner({
      wants: eventsItems,
      onValue: (_path, value) => whole.push(Buffer.from(value)),
      maxDepth: 100,
      maxValueBytes: 1 << 20
    }).write(bytes)
    expect(whole).toHaveLength(12)
    const ways = everySplit(bytes)
    expect(ways.length).toBe(2 * bytes.length - 1)
    for (const { how, chunks } of ways) {
      const values: Buffer[] = []
      const scanner = new JsonValueScanner({
        wants: eventsItems,
        onValue: (_path, value) => values.push(Buffer.from(value)), // copies: a value may be a view of a chunk
        maxDepth: 100,
        maxValueBytes: 1 << 20
      })
      for (const chunk of chunks) scanner.write(chunk)
      scanner.end()
      expect(
        values.map((v) => v.toString('utf8')),
        how
      ).toEqual(whole.map((v) => v.toString('utf8')))
    }
  })

  it('a value is its exact bytes: no surrounding whitespace or separators', () => {
    const texts: string[] = []
    new JsonValueScanner({
      wants: eventsItems,
      onValue: (_path, value) => texts.push(value.toString('utf8')),
      maxDepth: 100,
      maxValueBytes: 1 << 20
    }).write(Buffer.from('{"events":[ "a\\\\" ,"\\"",  7 ,{"a" : 1}\n]}'))
    expect(texts).toEqual(['"a\\\\"', '"\\""', '7', '{"a" : 1}'])
  })

  it('strings ending in escaped backslashes and escaped quotes, byte by byte, outside and inside wanted values', () => {
    // `"a\\"` is a string ending in one backslash; `"\""` a string holding one quote: the scanner must not
    // stop early at the escaped quote nor read on past the real one.
    for (const text of [
      '["a\\\\","\\"","\\\\\\\\","x\\\\\\"y"]',
      '{"events":["a\\\\","\\"","\\\\\\\\","x\\\\\\"y"]}'
    ]) {
      const wants = text.startsWith('[') ? (path: JsonPath) => path.length === 1 : eventsItems
      const bytes = Buffer.from(text)
      const want = (text.startsWith('[') ? JSON.parse(text) : JSON.parse(text).events) as string[]
      expect(want).toEqual(['a\\', '"', '\\\\', 'x\\"y'])
      for (const { how, chunks } of everySplit(bytes)) {
        expect(
          scan(chunks, { wants }).map((f) => f.value),
          `${text} ${how}`
        ).toEqual(want)
      }
    }
    // Skipped strings of the same kind must not unbalance the structure either.
    const skipped = Buffer.from('{"a\\\\":"\\"","b":["\\\\","\\"]"],"events":[1]}')
    for (const { how, chunks } of everySplit(skipped))
      expect(scan(chunks), how).toEqual([{ path: 'events[0]', value: 1 }])
  })

  it('keys with escapes and unicode become the path, across chunk boundaries', () => {
    const text = '{"k\\"ey":{"é":[0,{"\\u0041b":"hit"}]}}'
    const wants = (path: JsonPath) => path.length === 4 && path[0] === 'k"ey' && path[1] === 'é' && path[3] === 'Ab'
    for (const { how, chunks } of everySplit(Buffer.from(text))) {
      expect(scan(chunks, { wants }), how).toEqual([{ path: '["k\\"ey"]["é"][1].Ab', value: 'hit' }])
    }
  })

  it('a wanted value is handed over whole: nothing inside it is offered again', () => {
    const offered: string[] = []
    const text = '[[1,[2,[3]]],{"events":[4]},[]]'
    const found: Found[] = []
    const scanner = new JsonValueScanner({
      wants: (path) => {
        offered.push(describePath(path))
        return path.length >= 1
      },
      onValue: (path, bytes) => found.push({ path: describePath(path), value: JSON.parse(bytes.toString()) }),
      maxDepth: 10,
      maxValueBytes: 1000
    })
    scanner.write(Buffer.from(text))
    scanner.end()
    expect(found).toEqual([
      { path: '[0]', value: [1, [2, [3]]] },
      { path: '[1]', value: { events: [4] } },
      { path: '[2]', value: [] }
    ])
    expect(offered).toEqual(['the file', '[0]', '[1]', '[2]'])
  })

  it('empty arrays and objects, at the root and where events are wanted', () => {
    for (const text of ['[]', '{}', ' [ ] ', '{"events":[]}', '{"events":{}}', '{"a":{},"b":[],"events":[ ]}']) {
      for (const { how, chunks } of everySplit(Buffer.from(text)))
        expect(scan(chunks, { wants: eventsItems }), `${text} ${how}`).toEqual([])
    }
    expect(scan([Buffer.from('[[],{},[{}]]')], { wants: (p) => p.length === 1 }).map((f) => f.value)).toEqual([
      [],
      {},
      [{}]
    ])
  })

  it('literals and strings at the root that are not wanted are complete JSON', () => {
    for (const text of ['42', ' -1.5e3 ', 'true', 'null', '"a\\"b"', ' "x" \n']) {
      for (const { how, chunks } of everySplit(Buffer.from(text))) expect(scan(chunks), `${text} ${how}`).toEqual([])
    }
  })
})

describe('json value scanner: refusals', () => {
  const refusal = (text: string, options: ScanOptions = {}) => {
    const messages = new Set<string>()
    for (const { chunks } of everySplit(Buffer.from(text))) {
      const error = scanError(chunks, options)
      messages.add(error ? error.message : '(accepted)')
    }
    // The same message (the same byte position) however the text was cut.
    expect([...messages], text).toHaveLength(1)
    return [...messages][0]!
  }

  it('not JSON: says where and what it found', () => {
    expect(refusal('hello, not json')).toBe("not valid JSON at byte 0: expected a JSON value, found 'h'")
    expect(refusal('{"events":[1,,2]}')).toBe("not valid JSON at byte 13: expected a JSON value, found ','")
    expect(refusal('{"a" 1}')).toBe("not valid JSON at byte 5: expected ':' after a key, found '1'")
    expect(refusal('{a:1}')).toBe("not valid JSON at byte 1: expected a key in double quotes, found 'a'")
    expect(refusal('[1 2]')).toBe("not valid JSON at byte 3: expected ',' or ']', found '2'")
    expect(refusal('{"a":1]')).toBe("not valid JSON at byte 6: expected ',' or '}', found ']'")
    expect(refusal('\u0001')).toBe('not valid JSON at byte 0: expected a JSON value, found byte 0x01')
  })

  it('not JSON where a wanted value should start: refused there, never handed over as an empty or odd value', () => {
    // A wanted value is read by counting brackets, so its first byte is the only check the scanner makes of it.
    expect(refusal('{"events":[1,]}')).toBe("not valid JSON at byte 13: expected a JSON value, found ']'")
    expect(refusal('{"events":[}')).toBe("not valid JSON at byte 11: expected a JSON value, found '}'")
    expect(refusal('{"events":[:1]}')).toBe("not valid JSON at byte 11: expected a JSON value, found ':'")
    expect(refusal('{"events":[x]}')).toBe("not valid JSON at byte 11: expected a JSON value, found 'x'")
  })

  it('truncated: the text ends inside a container, a key, a string or a wanted value', () => {
    expect(refusal('[{"a":1}')).toBe('the file is truncated: the JSON ends early inside [0]')
    expect(refusal('{"events":[{"type":2,"data":{')).toBe('the file is truncated: the JSON ends early inside events[0]')
    expect(refusal('{"skip":"abc')).toBe('the file is truncated: the JSON ends early inside skip')
    expect(refusal('{"ev')).toMatch(/^the file is truncated: the JSON ends early/)
    expect(refusal('{"events":["a\\"')).toMatch(/^the file is truncated: the JSON ends early inside events\[0\]/)
    expect(refusal('{"events":[1')).toMatch(/^the file is truncated/)
    const empty = new JsonValueScanner({ wants: () => false, onValue: () => {}, maxDepth: 5, maxValueBytes: 5 })
    expect(() => empty.end()).toThrow(/truncated/)
  })

  it('trailing garbage after the one JSON value', () => {
    expect(refusal('[1] x')).toBe(
      "not valid JSON at byte 4: expected the end of the file after the JSON value, found 'x'"
    )
    expect(refusal('{"events":[]}]')).toBe(
      "not valid JSON at byte 13: expected the end of the file after the JSON value, found ']'"
    )
    expect(refusal('[] []')).toMatch(/expected the end of the file after the JSON value, found '\['/)
    expect(refusal('[1]\n\n')).toBe('(accepted)')
  })

  it('too deep: outside wanted values and inside them, counted from the root', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
    expect(refusal(nested(3), { wants: () => false, maxDepth: 3 })).toBe('(accepted)')
    expect(refusal(nested(4), { wants: () => false, maxDepth: 3 })).toBe('nested more than 3 levels deep')
    // The wanted value at [0] starts one level down: its own nesting may reach two more levels, not three.
    const wantFirst = { wants: (p: JsonPath) => p.length === 1, maxDepth: 3 }
    expect(refusal(`[${nested(2)}]`, wantFirst)).toBe('(accepted)')
    expect(refusal(`[${nested(3)}]`, wantFirst)).toBe('nested more than 3 levels deep')
    // Brackets inside strings are no nesting.
    expect(refusal('[["[[[[[[", "{{{{{"]]', wantFirst)).toBe('(accepted)')
  })

  it('a wanted value larger than maxValueBytes is refused; one of exactly that size is not', () => {
    const value = '{"type":2,"data":"xxxxxx"}' // 26 bytes
    expect(Buffer.byteLength(value)).toBe(26)
    expect(refusal(`{"events":[${value}]}`, { maxValueBytes: 26 })).toBe('(accepted)')
    expect(refusal(`{"events":[${value}]}`, { maxValueBytes: 25 })).toBe(
      'events[0] is larger than 25 bytes: too big to import'
    )
    // Skipped values of any size are no concern of the limit (only what is kept in memory counts).
    expect(refusal(`{"skip":${value},"events":[1]}`, { maxValueBytes: 5 })).toBe('(accepted)')
    // A wanted string and a wanted literal count too.
    expect(refusal('["abcdef"]', { wants: (p) => p.length === 1, maxValueBytes: 7 })).toBe(
      '[0] is larger than 7 bytes: too big to import'
    )
    expect(refusal('[123456789]', { wants: (p) => p.length === 1, maxValueBytes: 8 })).toBe(
      '[0] is larger than 8 bytes: too big to import'
    )
  })
})

describe('describePath', () => {
  it('reads as a person writes a path', () => {
    expect(describePath([])).toBe('the file')
    expect(describePath(['events', 12])).toBe('events[12]')
    expect(describePath(['data', 'snapshotsByWindowId', 'w-1', 0])).toBe('data.snapshotsByWindowId["w-1"][0]')
    expect(describePath([3, 'a'])).toBe('[3].a')
  })
})
