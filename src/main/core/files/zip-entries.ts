// The files inside a zip archive (the workspace's "Export shown" writes one of .replay.json.gz files), read
// as a stream: each entry is handed over as a stream of its own, in archive order, and the archive is read
// only as fast as the entries are consumed, so memory stays bounded by about one input chunk whatever the
// archive's size. fflate's streaming Unzip finds the entries; stored and deflated entries are read.
import { PassThrough, type Readable } from 'node:stream'
import { Unzip, UnzipInflate } from 'fflate'

/** PK\3\4: a zip archive starts with a local file header. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/** The zip could not be read (corrupt, truncated, an unsupported compression): the message says which. */
export class ZipReadError extends Error {}

/**
 * Calls `onEntry` for each file in the archive `input`, one after another (the next entry waits until the
 * previous call settled). An entry `onEntry` does not read to the end is skipped. Directories are skipped.
 */
export async function forEachZipEntry(
  input: Readable,
  onEntry: (name: string, body: Readable) => Promise<void>
): Promise<void> {
  const entries: { name: string; body: PassThrough }[] = []
  let inputDone = false
  let failure: Error | null = null
  let wake: (() => void) | null = null
  const notify = () => {
    wake?.()
    wake = null
  }
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return
    const body = new PassThrough()
    // Its reader sees an error through its iterator; an entry nobody reads yet must not crash the process.
    body.on('error', () => {})
    entries.push({ name: file.name, body })
    file.ondata = (error, chunk, final) => {
      if (body.destroyed) return
      if (error) body.destroy(new ZipReadError(`${file.name}: ${error.message}`))
      else {
        body.write(chunk)
        if (final) body.end()
      }
    }
    try {
      file.start()
    } catch (error) {
      body.destroy(new ZipReadError(`${file.name}: ${(error as Error).message}`))
    }
    notify()
  })
  unzip.register(UnzipInflate)

  // Feeds the archive in, pausing while the newest entry's stream is full (its reader has not caught up).
  const feeding = (async () => {
    try {
      for await (const chunk of input as AsyncIterable<Buffer>) {
        unzip.push(chunk)
        const newest = entries.at(-1)?.body
        if (newest && !newest.destroyed && newest.writableNeedDrain) {
          await new Promise<void>((resolve) => {
            newest.once('drain', resolve)
            newest.once('close', resolve)
          })
        }
      }
      unzip.push(new Uint8Array(0), true)
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error))
      for (const { body } of entries) if (!body.writableEnded) body.destroy(new ZipReadError(failure.message))
    } finally {
      // An entry the archive ended inside of would otherwise wait for its end forever.
      for (const { name, body } of entries) {
        if (!body.writableEnded && !body.destroyed) {
          body.destroy(new ZipReadError(`${name}: the zip archive ends inside this file (it is truncated)`))
        }
      }
      inputDone = true
      notify()
    }
  })()

  for (let next = 0; ; next++) {
    while (entries.length <= next && !inputDone) await new Promise<void>((resolve) => (wake = resolve))
    const entry = entries[next]
    if (!entry) break
    try {
      await onEntry(entry.name, entry.body)
    } finally {
      // What the reader left is drained, so the archive's next entry can be reached.
      if (!entry.body.destroyed) entry.body.resume()
    }
  }
  await feeding
  if (failure) throw new ZipReadError(`the zip archive is truncated or corrupt (${(failure as Error).message})`)
  if (entries.length === 0) throw new ZipReadError('the zip archive holds no files')
}
