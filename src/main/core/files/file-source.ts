import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'
import { ImportRefusedError, type ImportSource } from './import-types'

/** A file on disk as an import source; a path that is no readable file is refused (ImportRefusedError). */
export function fileSource(path: string): ImportSource {
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw new ImportRefusedError(basename(path), 'is not a file')
    size = stat.size
  } catch (error) {
    if (error instanceof ImportRefusedError) throw error
    throw new ImportRefusedError(basename(path), `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  return { name: path, size, open: () => createReadStream(path, { highWaterMark: 1024 * 1024 }) }
}
