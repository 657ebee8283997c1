import type { Command } from 'commander'
import { SESSION_ID_PATTERN } from '../../../shared/limits'
import { CliError, openExistingStore, type DbOption } from '../cli-context'

export function registerEventsCommand(program: Command): void {
  program
    .command('events')
    .description("print a session's rrweb events as one JSON array, in time order")
    .argument('<sessionId>', 'the session id (see `sessions`)')
    .action((sessionId: string, options: DbOption) => {
      if (!SESSION_ID_PATTERN.test(sessionId)) throw new CliError(`"${sessionId}" is not a session id`, 2)
      const store = openExistingStore(options)
      try {
        if (!store.getSession(sessionId)) throw new CliError(`no session ${sessionId}`)
        // One event per line inside the array: valid JSON, and still greppable for long sessions.
        const events = store.getEvents(sessionId)
        process.stdout.write(`[\n${events.map((event) => JSON.stringify(event)).join(',\n')}\n]\n`)
      } finally {
        store.close()
      }
    })
}
