import type { Command } from 'commander'
import { withLocalCore, writeStdout, type DbOption } from '../cli-context'

export function registerEventsCommand(program: Command): void {
  program
    .command('events')
    .description("print a session's rrweb events as one JSON array, in time order (read-only)")
    .argument('<sessionId>', 'the session id (see `sessions`)')
    .action((sessionId: string, options: DbOption) =>
      withLocalCore(options, 'read', async (core) => {
        await core.exportEvents(sessionId, writeStdout)
      })
    )
}
