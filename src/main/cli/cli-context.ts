import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname } from 'node:path'
import { findPackageRoot, resolveDbPath } from '../core/paths'
import { Store } from '../core/store/store'

/** A failure the user can act on: printed on stderr without a stack trace, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1
  ) {
    super(message)
  }
}

export const packageRoot = (): string => findPackageRoot(dirname(fileURLToPath(import.meta.url)))

export interface DbOption {
  db?: string
}

/** Opens an existing database for a read/write command; a missing file is an error, not a new empty database. */
export function openExistingStore(options: DbOption): Store {
  const path = resolveDbPath(options.db)
  if (!existsSync(path)) throw new CliError(`no database at ${path} (record a session first, or pass --db PATH)`)
  return Store.open(path)
}

/** Results go to stdout and nothing else does, so scripts can parse them. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
