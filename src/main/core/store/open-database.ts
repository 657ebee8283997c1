// Opening the database file: for the app and write commands (WAL, migrations), or read-only for the CLI's
// reading commands (no migration, nothing written, works on a read-only file or folder). Either way a
// file that is not ours, newer than this app or damaged is refused with one sentence and left as it was:
// nothing is written before the file has shown it is our schema.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { currentSchemaVersion, migrate, NEWEST_SCHEMA_VERSION } from './migrations'

// better-sqlite3 reads this once, when its addon loads (at the first `new Database`): it lets a read-only
// open fall back to a `file:…?immutable=1` URI (see openReadOnly). Our paths are absolute file paths,
// never `file:` strings, so nothing else changes meaning.
process.env.SQLITE_USE_URI ??= '1'

export interface OpenDatabaseOptions {
  /**
   * Path of a better-sqlite3 addon built for another ABI. The Electron shell passes its Electron-ABI
   * binary here, so Node (tests, CLI) keeps loading the one npm built for Node.
   */
  nativeBinding?: string
  /** Read only: no migration, no pragma that writes, the file must exist and be at the newest schema. */
  readonly?: boolean
  /** Read only, and an older schema is fine too (`doctor` reports on files the app has not upgraded yet). */
  acceptOlderSchema?: boolean
}

export type DatabaseFileProblem = 'missing' | 'corrupt' | 'foreign' | 'newer' | 'older' | 'unreadable'

/** A database file this app will not open (or not open this way); the message is one sentence for a person. */
export class DatabaseFileError extends Error {
  constructor(
    readonly problem: DatabaseFileProblem,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'DatabaseFileError'
  }
}

/** SQLite's words for a damaged file or one that is not a database at all. */
const DAMAGED = /^SQLITE_(NOTADB|CORRUPT)/

/**
 * A SQLite failure while reading the file, as a DatabaseFileError when it says the file is damaged (a
 * query deep in a command can be the first to touch a broken page); null for anything else.
 */
export function asDatabaseFileError(error: unknown, path: string): DatabaseFileError | null {
  if (error instanceof DatabaseFileError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string') return null
  if (DAMAGED.test(code)) {
    return new DatabaseFileError(
      'corrupt',
      `${path} is damaged or is not an SQLite database (${(error as Error).message}); it was left as it is`,
      { cause: error }
    )
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new DatabaseFileError('unreadable', `${path} is read-only, and this command writes to it`, {
      cause: error
    })
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return new DatabaseFileError('unreadable', `cannot open ${path} (${(error as Error).message})`, { cause: error })
  }
  return null
}

const TABLES_OF_OURS = ['sessions', 'session_replay'] as const

/**
 * Reads the schema version and checks the file is ours, touching nothing. A fresh (empty) file passes
 * with version 0; tables without our version stamp, or a stamp without our tables, are someone else's.
 */
function inspectSchema(db: Database.Database, path: string): number {
  const version = currentSchemaVersion(db)
  const tables = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name)
  )
  if (version > NEWEST_SCHEMA_VERSION) {
    throw new DatabaseFileError(
      'newer',
      `${path} has schema version ${version}, newer than this app knows (${NEWEST_SCHEMA_VERSION}); update the app`
    )
  }
  const ours = TABLES_OF_OURS.every((table) => tables.has(table))
  if (version === 0 ? tables.size > 0 : !ours) {
    throw new DatabaseFileError(
      'foreign',
      `${path} is an SQLite database but not a Replay Investigator one (no recordings schema); it was left as it is`
    )
  }
  return version
}

/** Runs `inspect` on a freshly opened connection; closes it and explains when the file is not usable. */
function checked<T>(db: Database.Database, path: string, inspect: () => T): T {
  try {
    return inspect()
  } catch (error) {
    db.close()
    throw asDatabaseFileError(error, path) ?? error
  }
}

/** Whether we may write the file: permission bits count even for root, who could write it anyway. */
export function mayWriteDatabase(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    accessSync(dirname(path), constants.W_OK)
    return (statSync(path).mode & 0o222) !== 0 && (statSync(dirname(path)).mode & 0o222) !== 0
  } catch {
    return false
  }
}

/** A write-ahead log with content: committed transactions that an immutable open would not see. */
function hasPendingLog(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0
  } catch {
    return false
  }
}

/**
 * Read-only. A WAL database needs its -shm index, which SQLite creates next to the file; in a read-only
 * folder it cannot, and on a file we may not write it should not (the next writer would find an index it
 * cannot write). Then, if no log holds unmerged commits, the file is opened as immutable: SQLite reads it
 * as a plain file and creates nothing.
 */
function openReadOnly(path: string, nativeBinding: string | undefined): Database.Database {
  if (!existsSync(path)) throw new DatabaseFileError('missing', `no database at ${path}`)
  const open = (filename: string) => new Database(filename, { nativeBinding, readonly: true, fileMustExist: true })
  const immutable = () => open(`${pathToFileURL(path).href}?immutable=1`)
  if (!mayWriteDatabase(path) && !hasPendingLog(path)) return immutable()
  const db = open(path)
  try {
    currentSchemaVersion(db)
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    return db
  } catch (error) {
    db.close()
    const code = (error as { code?: string }).code ?? ''
    if ((code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY')) && !hasPendingLog(path)) return immutable()
    throw asDatabaseFileError(error, path) ?? error
  }
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  if (options.readonly) {
    const db = openReadOnly(path, options.nativeBinding)
    checked(db, path, () => {
      const version = inspectSchema(db, path)
      if (version === 0) throw new DatabaseFileError('older', `${path} is empty: nothing was recorded into it yet`)
      if (version < NEWEST_SCHEMA_VERSION && !options.acceptOlderSchema) {
        throw new DatabaseFileError(
          'older',
          `${path} has schema version ${version}, older than this app reads (${NEWEST_SCHEMA_VERSION}); start the app (or run a write command such as \`reindex\`) once to upgrade it`
        )
      }
    })
    db.pragma('busy_timeout = 5000')
    return db
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path, { nativeBinding: options.nativeBinding })
  db.pragma('busy_timeout = 5000')
  checked(db, path, () => inspectSchema(db, path))
  // WAL: readers (workspace, CLI) never block the receiver's writes.
  // synchronous=NORMAL: in WAL mode a committed transaction survives a process crash (kill -9);
  // only an OS crash or power loss can lose the last commits, never corrupt the file.
  checked(db, path, () => db.pragma('journal_mode = WAL'))
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  // Statement journals in memory: every batch is written in a savepoint (group commit, and the search index
  // isolates each batch's work), and a statement in a savepoint keeps a journal to undo itself. In temp
  // files they made indexing ~35 % slower (bench data: 1.69 s -> 1.17-1.34 s to index 2400 batches).
  db.pragma('temp_store = MEMORY')
  checked(db, path, () => migrate(db))
  return db
}
