// What an import takes and how it fails: shared by the import's parts and every front that calls it.
import { BadArgumentError } from '../../../shared/api-errors'
import type { ImportedSession, ImportProgress } from '../../../shared/types'
import type { Ingestor } from '../ingest/ingest-batch'
import type { Store } from '../store/store'
import type { Readable } from 'node:stream'

/** One file to import: its name (for messages and the session's origin), its size when known, its bytes. */
export interface ImportSource {
  name: string
  size: number | null
  open(): Readable
}

export interface ImportOptions {
  /** Umami: the sources are the chunks of one recording (in chunk_index order), not files of their own. */
  umamiChunks?: boolean
  signal?: AbortSignal
  /** Called about every 100 ms while reading, and once at the end. */
  onProgress?: (progress: ImportProgress) => void
  /** Most bytes the file may inflate to (default MAX_IMPORT_BYTES). */
  maxBytes?: number
  now?: number
}

export interface ImportDeps {
  store: Store
  ingestor: Ingestor
  /** Where staging files go (beside the database: same disk, cleaned at start-up). */
  stagingDir: string
}

/** A file the import refused: the message names the file and the problem; nothing was written. */
export class ImportRefusedError extends BadArgumentError {
  constructor(
    readonly file: string,
    problem: string,
    /** A zip archive: the sessions its other files gave (each file is imported on its own). */
    readonly imported: ImportedSession[] = []
  ) {
    super(`${file}: ${problem}`)
    this.name = 'ImportRefusedError'
  }
}

/** The import was cancelled (the workspace's Cancel, a closed connection, Ctrl+C): nothing was written. */
export class ImportCancelledError extends Error {
  constructor() {
    super('the import was cancelled; nothing was imported')
    this.name = 'ImportCancelledError'
  }
}
