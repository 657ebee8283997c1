// pin, unpin, delete, prune: the workspace's "keep what matters" operations, for scripts. They call the
// same operations as the workspace (argument checks, limits and "no session" included).
// Results (session ids, or JSON with --json) go to stdout; what happened goes to stderr.
import type { Command } from 'commander'
import { CliError, printJson, say, withLocalCore, type DbOption, type JsonOption } from '../cli-context'
import { plural } from '../format'

/** "30d" → 30. Only whole days with the `d` suffix: "30", "2w" or "1.5d" are usage errors (exit 2). The range is the API's. */
export function parseAgeDays(text: string): number {
  const match = /^(\d{1,9})d$/.exec(text.trim())
  if (!match) throw new CliError(`--older-than: "${text}" is not an age in days; write it like 30d`)
  return Number(match[1])
}

interface PinOptions extends DbOption, JsonOption {
  name?: string
  note?: string
}

export function registerSessionAdminCommands(program: Command): void {
  program
    .command('pin')
    .description('pin (save) a session so pruning keeps it; on a pinned session, changes only what you give')
    .argument('<sessionId>', 'the session id (see `sessions`)')
    .option('--name <text>', 'a name for the saved session (kept when not given)')
    .option('--note <text>', 'a note (kept when not given)')
    .option('--json', 'print the pin as JSON')
    .action((sessionId: string, options: PinOptions) =>
      withLocalCore(options, 'write', async ({ call }) => {
        // The pin operation replaces name and note; an option not given keeps what the pin had.
        const { pin: before } = await call('getSession', sessionId)
        const pin = await call(
          'pinSession',
          sessionId,
          options.name ?? before?.name ?? '',
          options.note ?? before?.note ?? ''
        )
        if (options.json) return printJson({ sessionId, ...pin })
        process.stdout.write(`${sessionId}\n`)
        say(`pinned ${sessionId}${pin.name ? ` as "${pin.name}"` : ''}`)
      })
    )

  program
    .command('unpin')
    .description('unpin a session (pruning may then remove it)')
    .argument('<sessionId>', 'the session id')
    .option('--json', 'print {sessionId, unpinned} as JSON')
    .action((sessionId: string, options: DbOption & JsonOption) =>
      withLocalCore(options, 'write', async ({ call }) => {
        const unpinned = await call('unpinSession', sessionId)
        if (options.json) return printJson({ sessionId, unpinned })
        if (unpinned) {
          process.stdout.write(`${sessionId}\n`)
          say(`unpinned ${sessionId}`)
        } else {
          say(`${sessionId} was not pinned`)
        }
      })
    )

  program
    .command('delete')
    .description('delete a session and everything stored for it (pinned or not)')
    .argument('<sessionId>', 'the session id')
    .option('--json', 'print {sessionId, deleted} as JSON')
    .action((sessionId: string, options: DbOption & JsonOption) =>
      withLocalCore(options, 'write', async ({ call }) => {
        await call('deleteSession', sessionId)
        if (options.json) return printJson({ sessionId, deleted: true })
        process.stdout.write(`${sessionId}\n`)
        say(`deleted ${sessionId}`)
      })
    )

  program
    .command('prune')
    .description('delete unpinned sessions whose last batch arrived more than N days ago; prints their ids')
    .requiredOption('--older-than <age>', 'age in whole days, e.g. 30d')
    .option('--json', 'print the removed ids as a JSON array')
    .action((options: DbOption & JsonOption & { olderThan: string }) => {
      const days = parseAgeDays(options.olderThan)
      return withLocalCore(options, 'write', async ({ call }) => {
        const removed = await call('pruneSessions', days)
        if (options.json) printJson(removed)
        else if (removed.length) process.stdout.write(`${removed.join('\n')}\n`)
        say(`pruned ${plural(removed.length, 'unpinned session')} older than ${plural(days, 'day')}`)
      })
    })
}
