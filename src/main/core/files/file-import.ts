// Opening recordings from files (README, "Opening, importing and exporting files"). A file is read once,
// as a stream: gunzipped when it is gzip, scanned for its events (json-value-scanner.ts), every event
// checked as the receiver checks a batch's (file-reading.ts), and staged, compressed, in a temporary file.
// Only when the last byte was read and the recording found replayable does the database see it: one
// transaction writes every session of the file (import-commit.ts). A refused or cancelled import deletes the
// staging file and changes nothing.
import { basename } from 'node:path'
import { pipeline, Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { BadArgumentError } from '../../../shared/api-errors'
import { MAX_IMPORT_BYTES, MAX_IMPORT_VALUE_BYTES, MAX_JSON_DEPTH } from '../../../shared/limits'
import type { ImportedSession } from '../../../shared/types'
import { inChunkOrder } from '../../../shared/umami-chunks'
import { looksLikeGzip } from '../codec/gzip-json'
import { roleOf, type ValueRole } from './file-layouts'
import { FileReading, RECORDING_MAIN } from './file-reading'
import { commit } from './import-commit'
import {
  ImportCancelledError,
  ImportRefusedError,
  type ImportDeps,
  type ImportOptions,
  type ImportSource
} from './import-types'
import { JsonScanError, JsonValueScanner } from './json-value-scanner'
import { StagingFile } from './staging-file'

const PROGRESS_EVERY_MS = 100
const GUNZIP_CHUNK_BYTES = 256 * 1024

/** Streams one source through `scanner`, gunzipping it when it is gzip; reports bytes read. */
async function scanSource(
  source: ImportSource,
  scanner: JsonValueScanner,
  reading: FileReading,
  progress: { bytesBefore: number; report(bytes: number): void },
  options: ImportOptions
): Promise<number> {
  const raw = source.open()
  const abort = () => raw.destroy(new ImportCancelledError())
  options.signal?.addEventListener('abort', abort, { once: true })
  try {
    const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    const first = await iterator.next()
    if (first.done || first.value.length === 0) reading.refuse('the file is empty')
    let read = 0
    const counted = Readable.from(
      (async function* () {
        let next: IteratorResult<Buffer> = first
        while (!next.done) {
          read += next.value.length
          yield next.value
          next = await iterator.next()
        }
      })()
    )
    const gzip = looksLikeGzip(first.value)
    // 256 KB pieces rather than zlib's 16 KB: per-piece work (the scanner's call, progress) is paid 16x less often.
    const decoded = gzip ? pipeline(counted, createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }), () => {}) : counted
    const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES
    let inflated = 0
    try {
      for await (const chunk of decoded as AsyncIterable<Buffer>) {
        if (options.signal?.aborted) throw new ImportCancelledError()
        inflated += chunk.length
        if (inflated > maxBytes)
          reading.refuse(`too big: it holds more than ${maxBytes} bytes of JSON (the most an import takes)`)
        scanner.write(chunk)
        progress.report(progress.bytesBefore + read)
      }
      scanner.end()
    } catch (error) {
      if (error instanceof ImportRefusedError || error instanceof ImportCancelledError) throw error
      if (options.signal?.aborted) throw new ImportCancelledError()
      if (error instanceof JsonScanError) {
        reading.refuse(inflated === 0 || reading.events === 0 ? notJson(error.message) : error.message)
      }
      const code = (error as NodeJS.ErrnoException).code
      if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
        reading.refuse(
          code === 'Z_BUF_ERROR'
            ? 'the gzip data is truncated (the file ends before the compressed stream does)'
            : `the gzip data is corrupt (${(error as Error).message})`
        )
      }
      throw error
    }
    return read
  } finally {
    options.signal?.removeEventListener('abort', abort)
    raw.destroy()
  }
}

const notJson = (message: string): string =>
  message.startsWith('not valid JSON') ? `not JSON (${message.replace(/^not valid JSON /, '')})` : message

/**
 * Imports `sources` as one file (or, with `umamiChunks`, as the chunks of one recording): reads and checks
 * all of it, then writes its sessions in one transaction. Throws ImportRefusedError (nothing written) for a
 * file that is not a recording we can replay, ImportCancelledError when `signal` aborts.
 */
export async function importFile(
  deps: ImportDeps,
  sources: readonly ImportSource[],
  options: ImportOptions = {}
): Promise<ImportedSession[]> {
  if (sources.length === 0) throw new BadArgumentError('import: no file given')
  const ordered = options.umamiChunks ? inChunkOrder(sources, (source) => source.name) : sources
  const file = basename(ordered[0]!.name)
  const now = options.now ?? Date.now()
  const staging = new StagingFile(deps.stagingDir)
  try {
    const reading = new FileReading(file, staging, now)
    const totalBytes = ordered.every((source) => source.size !== null)
      ? ordered.reduce((sum, source) => sum + source.size!, 0)
      : null
    let lastReport = 0
    const report = (bytes: number, final = false) => {
      const at = performance.now()
      if (!final && at - lastReport < PROGRESS_EVERY_MS) return
      lastReport = at
      options.onProgress?.({ bytes, totalBytes, events: reading.events })
    }
    let bytesBefore = 0
    for (const source of ordered) {
      const sourceReading = options.umamiChunks ? new FileReading(basename(source.name), staging, now) : reading
      // Umami's chunks share one recording: each chunk is its own JSON array, its events one list.
      if (options.umamiChunks) sourceReading.builders.set(RECORDING_MAIN, reading.builder(RECORDING_MAIN))
      let role: ValueRole | null = null
      const scanner = new JsonValueScanner({
        // The scanner asks `wants` when a value starts and hands it over when it ends, never nesting two:
        // the role found for the one is the role of the other.
        wants: (path) => (role = roleOf(path)) !== null,
        onValue: (path, bytes) => sourceReading.onValue(path, bytes, role!),
        maxDepth: MAX_JSON_DEPTH,
        maxValueBytes: MAX_IMPORT_VALUE_BYTES
      })
      bytesBefore += await scanSource(source, scanner, sourceReading, { bytesBefore, report }, options)
      if (sourceReading !== reading) {
        sourceReading.format(true)
        reading.events += sourceReading.events
        for (const [role, count] of sourceReading.eventsByRole) reading.eventsByRole.set(role, count)
      }
    }
    report(bytesBefore, true)
    const format = reading.format(options.umamiChunks ?? false)
    for (const builder of reading.builders.values()) {
      builder.finish()
      const problem = builder.problem()
      if (problem) {
        const which = reading.builders.size > 1 ? `window ${builder.key} ` : ''
        reading.refuse(`${which}${problem}`)
      }
    }
    if (options.signal?.aborted) throw new ImportCancelledError()
    return commit(deps, reading, format, staging, now)
  } finally {
    staging.remove()
  }
}
