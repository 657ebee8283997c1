#!/usr/bin/env node
// The command-line front over the core: `npm run -s cli -- <command>`.
// stdout carries only results; messages and errors go to stderr with a non-zero exit code (exitCodeOf).
import { Command, CommanderError } from 'commander'
import { ApiError } from '../../shared/api-errors'
import { QueryError } from '../core/analysis/query-parser'
import { DatabaseFileError } from '../core/store/open-database'
import { CliError, exitCodeOf } from './cli-context'
import { registerDoctorCommand } from './commands/doctor'
import { StoredBatchError } from '../core/store/replay-codec'
import { registerDiffCommand } from './commands/diff'
import { registerAuditCommands } from './commands/audit'
import { registerEventsCommand } from './commands/events'
import { registerFileCommands } from './commands/files'
import { registerSearchCommands } from './commands/search'
import { registerServeCommand } from './commands/serve'
import { registerSessionAdminCommands } from './commands/session-admin'
import { registerSessionsCommand } from './commands/sessions'

const COMMANDS = [
  registerServeCommand,
  registerSessionsCommand,
  registerEventsCommand,
  registerSessionAdminCommands,
  registerSearchCommands,
  registerDoctorCommand,
  registerDiffCommand,
  registerAuditCommands,
  registerFileCommands
]

function buildProgram(): Command {
  const program = new Command('replay-investigator')
    .description('Investigate recorded browsing sessions, offline.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => process.stdout.write(text), writeErr: (text) => process.stderr.write(text) })
  for (const register of COMMANDS) register(program)
  // Every command takes --db (default: the desktop app's database; env REPLAY_INVESTIGATOR_DB).
  for (const command of program.commands) {
    command.option('--db <path>', 'SQLite database (default: $REPLAY_INVESTIGATOR_DB or the desktop app database)')
    command.exitOverride()
  }
  return program
}

/** What the person reads on stderr: one sentence, plus a caret under an invalid query; a stack only for a bug. */
function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const cause = error.cause
    return cause instanceof QueryError ? `${error.message}\n${cause.pointer()}` : error.message
  }
  // A stored batch that cannot be read (corrupt, or nested deeper than anything may serialise): one sentence.
  if (error instanceof DatabaseFileError || error instanceof CliError || error instanceof StoredBatchError)
    return error.message
  const code = (error as { code?: unknown } | null)?.code
  // SQLite's own failures (busy past the timeout, disk full) are a sentence too, with SQLite's code.
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return `${(error as Error).message} (${code})`
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message; help and version are not failures.
      process.exitCode = error.exitCode === 0 ? 0 : 2
      return
    }
    process.stderr.write(`error: ${describe(error)}\n`)
    process.exitCode = exitCodeOf(error)
  }
}

void main(process.argv)
