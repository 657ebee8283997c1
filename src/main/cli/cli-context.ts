import { once } from 'node:events'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ApiError } from '../../shared/api-errors'
import { stderrLogger } from '../core/log'
import { findPackageRoot, resolveDbPath } from '../core/paths'
import { openLocalCore, type LocalCore, type OpenMode } from '../core/services/local-core'
import { asDatabaseFileError } from '../core/store/open-database'

/** A usage error the command found itself (conflicting options, a malformed age): exit code 2 unless said. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2
  ) {
    super(message)
  }
}

export const packageRoot = (): string => findPackageRoot(dirname(fileURLToPath(import.meta.url)))

export interface DbOption {
  db?: string
}

export interface JsonOption {
  json?: boolean
}

/** Messages for the person (stdout carries only results). */
export const say = (message: string): void => stderrLogger.info(message)

/**
 * Runs `work` on the core opened for one command (see OpenMode), and closes it. A SQLite failure that
 * says the file is damaged becomes the one-sentence DatabaseFileError, wherever it surfaced.
 */
export async function withLocalCore<T>(
  options: DbOption,
  mode: OpenMode,
  work: (core: LocalCore) => T | Promise<T>
): Promise<T> {
  const path = resolveDbPath(options.db)
  const core = openLocalCore(path, mode, stderrLogger)
  try {
    return await work(core)
  } catch (error) {
    throw asDatabaseFileError(error, path) ?? error
  } finally {
    await core.dispose()
  }
}

/** Writes to stdout, waiting when its buffer is full (an export of a long session into a slow pipe). */
export async function writeStdout(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain')
}

/** Results go to stdout and nothing else does, so scripts can parse them. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/**
 * The exit code rule (README, "Command line"): 0 done; 2 the command was wrong — a usage error, a bad
 * argument (an id that is not one, a limit exceeded, an invalid query) or something it names that does
 * not exist; 1 it could not be done — a database file it will not use, a refused file, a failure.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode
  if (error instanceof ApiError) return error.code === 'bad-argument' || error.code === 'not-found' ? 2 : 1
  return 1
}
