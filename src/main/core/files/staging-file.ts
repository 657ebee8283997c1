// Where an import keeps its compressed batches until the whole file has been read and found good: a
// temporary file beside the database. The database is written only once, in one transaction, after the last
// byte of the file was checked; a refused or cancelled import deletes this file and the database never saw
// anything. Memory stays bounded whatever the file's size: only the batch being built is in memory.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { readdirSync } from 'node:fs'

const PREFIX = '.replay-import-'

/** Where a staged batch sits in the staging file. */
export interface StagedBlob {
  offset: number
  length: number
}

export class StagingFile {
  readonly path: string
  private fd: number | null
  private size = 0

  constructor(directory: string) {
    this.path = join(directory, `${PREFIX}${randomBytes(8).toString('hex')}.tmp`)
    this.fd = openSync(this.path, 'w+', 0o600)
  }

  append(bytes: Uint8Array): StagedBlob {
    const blob = { offset: this.size, length: bytes.byteLength }
    let written = 0
    while (written < bytes.byteLength) {
      written += writeSync(this.descriptor(), bytes, written, bytes.byteLength - written, this.size + written)
    }
    this.size += bytes.byteLength
    return blob
  }

  read({ offset, length }: StagedBlob): Buffer {
    const bytes = Buffer.allocUnsafe(length)
    let read = 0
    while (read < length) {
      const n = readSync(this.descriptor(), bytes, read, length - read, offset + read)
      if (n === 0) throw new Error(`staging file ${this.path} ends early`)
      read += n
    }
    return bytes
  }

  /** Closes and deletes the file (safe to call twice). */
  remove(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
    rmSync(this.path, { force: true })
  }

  private descriptor(): number {
    if (this.fd === null) throw new Error('the staging file is closed')
    return this.fd
  }
}

/**
 * Deletes staging files an earlier process left behind (it was killed mid-import): they hold nothing the
 * database refers to. Returns how many.
 */
export function removeLeftoverStagingFiles(directory: string): number {
  let removed = 0
  let names: string[]
  try {
    names = readdirSync(directory)
  } catch {
    return 0
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX) || !name.endsWith('.tmp')) continue
    try {
      rmSync(join(directory, name), { force: true })
      removed++
    } catch {
      // Still open in another process on a system that will not remove open files: it cleans up itself.
    }
  }
  return removed
}
