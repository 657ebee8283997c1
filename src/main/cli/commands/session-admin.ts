// pin, unpin, delete, prune: the workspace's "keep what matters" operations, for scripts.
// Results (session ids, or JSON with --json) go to stdout; what happened goes to stderr.
import type { Command } from 'commander'
import { PIN_NAME_MAX_LENGTH, PIN_NOTE_MAX_LENGTH, SESSION_ID_PATTERN } from '../../../shared/limits'
import { pruneOlderThan } from '../../core/services/retention-service'
import { logToStderr } from '../../core/log'
import type { Store } from '../../core/store/store'
import { CliError, openExistingStore, printJson, type DbOption } from '../cli-context'

interface JsonOption {
  json?: boolean
}

/** The most days `--older-than` accepts (the API's bound): beyond that nothing could be old enough. */
const MAX_AGE_DAYS = 100_000

function checkSessionId(sessionId: string): void {
  if (!SESSION_ID_PATTERN.test(sessionId)) throw new CliError(`"${sessionId}" is not a session id`, 2)
}

function withStore<T>(options: DbOption, work: (store: Store) => T): T {
  const store = openExistingStore(options)
  try {
    return work(store)
  } finally {
    store.close()
  }
}

/** "30d" → 30. Only whole days with the `d` suffix: "30", "2w" or "1.5d" are usage errors (exit 2). */
export function parseAgeDays(text: string): number {
  const match = /^(\d{1,6})d$/.exec(text.trim())
  const days = match ? Number(match[1]) : NaN
  if (!Number.isInteger(days) || days > MAX_AGE_DAYS) {
    throw new CliError(`--older-than: "${text}" is not an age in days; write it like 30d (0d to ${MAX_AGE_DAYS}d)`, 2)
  }
  return days
}

export function registerSessionAdminCommands(program: Command): void {
  program
    .command('pin')
    .description('pin (save) a session so pruning keeps it; pinning again edits the name and note')
    .argument('<sessionId>', 'the session id (see `sessions`)')
    .option('--name <text>', 'a name for the saved session', '')
    .option('--note <text>', 'a note', '')
    .option('--json', 'print the pin as JSON')
    .action((sessionId: string, options: DbOption & JsonOption & { name: string; note: string }) => {
      checkSessionId(sessionId)
      if (options.name.length > PIN_NAME_MAX_LENGTH) {
        throw new CliError(`--name: at most ${PIN_NAME_MAX_LENGTH} characters`, 2)
      }
      if (options.note.length > PIN_NOTE_MAX_LENGTH) {
        throw new CliError(`--note: at most ${PIN_NOTE_MAX_LENGTH} characters`, 2)
      }
      const pin = withStore(options, (store) => store.pinSession(sessionId, options.name, options.note))
      if (!pin) throw new CliError(`no session ${sessionId}`)
      if (options.json) return printJson({ sessionId, ...pin })
      process.stdout.write(`${sessionId}\n`)
      logToStderr(`pinned ${sessionId}${pin.name ? ` as "${pin.name}"` : ''}`)
    })

  program
    .command('unpin')
    .description('unpin a session (pruning may then remove it)')
    .argument('<sessionId>', 'the session id')
    .option('--json', 'print {sessionId, unpinned} as JSON')
    .action((sessionId: string, options: DbOption & JsonOption) => {
      checkSessionId(sessionId)
      const unpinned = withStore(options, (store) => {
        if (!store.getSession(sessionId)) throw new CliError(`no session ${sessionId}`)
        return store.unpinSession(sessionId)
      })
      if (options.json) return printJson({ sessionId, unpinned })
      if (unpinned) {
        process.stdout.write(`${sessionId}\n`)
        logToStderr(`unpinned ${sessionId}`)
      } else {
        logToStderr(`${sessionId} was not pinned`)
      }
    })

  program
    .command('delete')
    .description('delete a session and everything stored for it (pinned or not)')
    .argument('<sessionId>', 'the session id')
    .option('--json', 'print {sessionId, deleted} as JSON')
    .action((sessionId: string, options: DbOption & JsonOption) => {
      checkSessionId(sessionId)
      const deleted = withStore(options, (store) => store.deleteSession(sessionId))
      if (!deleted) throw new CliError(`no session ${sessionId}`)
      if (options.json) return printJson({ sessionId, deleted })
      process.stdout.write(`${sessionId}\n`)
      logToStderr(`deleted ${sessionId}`)
    })

  program
    .command('prune')
    .description('delete unpinned sessions whose last batch arrived more than N days ago; prints their ids')
    .requiredOption('--older-than <age>', 'age in whole days, e.g. 30d')
    .option('--json', 'print the removed ids as a JSON array')
    .action((options: DbOption & JsonOption & { olderThan: string }) => {
      const days = parseAgeDays(options.olderThan)
      const removed = withStore(options, (store) => pruneOlderThan(store, undefined, days))
      if (options.json) printJson(removed)
      else if (removed.length) process.stdout.write(`${removed.join('\n')}\n`)
      logToStderr(`pruned ${removed.length} unpinned session(s) older than ${days} day(s)`)
    })
}
