/**
 * Reading JavaScript stack traces (V8's and Gecko/WebKit's formats): which lines are frames, where the first one
 * points, and a stack trimmed to its first frames with the query strings of frame URLs removed. Error capture
 * locates errors so; console capture locates the page's console calls.
 */

export interface CodeLocation {
  /** The script's URL without query string or fragment (an inline script's is the page's). */
  source: string | null
  line: number | null
  column: number | null
}

export const NOWHERE: CodeLocation = { source: null, line: null, column: null }

export const clip = (text: string, max: number): string => (text.length > max ? text.slice(0, max) : text)
const SOURCE_CHARS = 500
/** A script URL as recorded: without query string or fragment (they may carry tokens), at most 500 characters. */
export const withoutQuery = (url: string): string => clip(url.replace(/[?#].*$/, ''), SOURCE_CHARS)

/**
 * A V8 frame (`    at fn (url:1:2)`, `    at Array.map (<anonymous>)`) or a Gecko/WebKit one (`fn@url:1:2`). The
 * ending matters: a message line can start with "  at" too ("must be\n  at least 8 characters").
 */
export const isFrame = (line: string): boolean =>
  /^\s+at .+(:\d+:\d+\)?|\((<anonymous>|native|index \d+)\))$|@\S+:\d+:\d+$/.test(line)
const FRAME_LOCATION = /([a-z][\w+.-]*:[^\s()]+?):(\d+):(\d+)\)?$/i
/** A frame URL's query string or fragment, up to its :line:column. */
const FRAME_QUERY = /[?#][^\s()]*?(?=:\d+:\d+\)?$)/

/** Where the stack's first frame with a URL points, skipping frames whose script `skip` says to (the recorder's). */
export function firstFrame(stack: string | null | undefined, skip?: (source: string) => boolean): CodeLocation {
  for (const line of stack?.split('\n') ?? []) {
    const frame = isFrame(line) ? FRAME_LOCATION.exec(line) : null
    if (!frame) continue
    const source = withoutQuery(frame[1]!)
    if (!skip?.(source)) return { source, line: +frame[2]!, column: +frame[3]! }
  }
  return NOWHERE
}

/** The message lines and the first `frames` frames, frame URLs without their query strings. */
export function trimStack(stack: string, frames: number, maxChars: number): string {
  let seen = 0
  const kept: string[] = []
  for (const line of stack.split('\n')) {
    const frame = isFrame(line)
    if (frame && ++seen > frames) break
    kept.push(frame ? line.replace(FRAME_QUERY, '') : line)
  }
  return clip(kept.join('\n'), maxChars)
}
