// A zip archive of recordings (what "Export shown" saves) imported file by file: each file in it is its own
// import, atomic on its own, as if it had been given alone; a refused one does not stop the others, and the
// refusal names every file that was refused. Progress counts the archive's bytes and all files' events.
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import type { ImportedSession } from '../../../shared/types'
import { importFile } from './file-import'
import {
  ImportCancelledError,
  ImportRefusedError,
  type ImportDeps,
  type ImportOptions,
  type ImportSource
} from './import-types'
import { forEachZipEntry, looksLikeZip, ZipReadError } from './zip-entries'

/** Files in an archive the import tries; anything else (a README, a folder) is skipped. */
const RECORDING_FILE = /\.(json|json\.gz|gz)$/i

/**
 * Opens `source` once and tells whether it is a zip archive, from its first bytes; the returned source
 * replays those bytes, so it can still be imported as a file when it is not an archive.
 */
export async function peekArchive(source: ImportSource): Promise<{ zip: boolean; source: ImportSource }> {
  const stream = source.open()
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const first = await iterator.next()
  const head: Buffer | null = first.done ? null : first.value
  const replay: ImportSource = {
    name: source.name,
    size: source.size,
    // Closing the replay closes the file (or the request's reader) behind it.
    open: () =>
      Readable.from(
        (async function* () {
          if (head) yield head
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
        })()
      ).on('close', () => stream.destroy())
  }
  return { zip: head !== null && looksLikeZip(head), source: replay }
}

export async function importArchive(
  deps: ImportDeps,
  archive: ImportSource,
  options: ImportOptions = {}
): Promise<ImportedSession[]> {
  const archiveName = basename(archive.name)
  const imported: ImportedSession[] = []
  const refused: string[] = []
  const input = archive.open()
  let archiveBytes = 0
  input.on('data', (chunk: Buffer) => (archiveBytes += chunk.length))
  const abort = () => input.destroy(new ImportCancelledError())
  options.signal?.addEventListener('abort', abort, { once: true })
  let eventsBefore = 0
  try {
    await forEachZipEntry(input, async (name, body) => {
      if (!RECORDING_FILE.test(name)) return
      try {
        const sessions = await importFile(deps, [{ name, size: null, open: () => body }], {
          ...options,
          onProgress: (progress) =>
            options.onProgress?.({
              bytes: archiveBytes,
              totalBytes: archive.size,
              events: eventsBefore + progress.events
            })
        })
        imported.push(...sessions)
        eventsBefore += sessions.reduce((sum, session) => sum + session.events, 0)
      } catch (error) {
        if (error instanceof ImportRefusedError) refused.push(error.message)
        else if (error instanceof ZipReadError) refused.push(error.message)
        else throw error
      }
    })
  } catch (error) {
    if (options.signal?.aborted) throw new ImportCancelledError()
    if (error instanceof ZipReadError) {
      const before = imported.length ? `; the ${imported.length} complete file(s) before it were imported` : ''
      throw new ImportRefusedError(archiveName, `${error.message}${before}`, imported)
    }
    throw error
  } finally {
    options.signal?.removeEventListener('abort', abort)
    input.destroy()
  }
  if (options.signal?.aborted) throw new ImportCancelledError()
  options.onProgress?.({ bytes: archiveBytes, totalBytes: archive.size, events: eventsBefore })
  if (refused.length > 0) {
    throw new ImportRefusedError(
      archiveName,
      `${refused.length} of ${refused.length + imported.length} files in the archive refused (the others were imported): ${refused.join('; ')}`,
      imported
    )
  }
  if (imported.length === 0)
    throw new ImportRefusedError(archiveName, 'the zip archive holds no recording files (.json, .json.gz)')
  return imported
}
