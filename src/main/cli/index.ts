#!/usr/bin/env node
// The command-line front over the core: `npm run -s cli -- <command>`.
// stdout carries only results; messages and errors go to stderr with a non-zero exit code.
import { Command, CommanderError } from 'commander'
import { CliError } from './cli-context'
import { registerAuditCommands } from './commands/audit'
import { registerEventsCommand } from './commands/events'
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
  registerAuditCommands
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

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message; help and version are not failures.
      process.exitCode = error.exitCode === 0 ? 0 : 2
      return
    }
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`)
      process.exitCode = error.exitCode
      return
    }
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  }
}

void main(process.argv)
