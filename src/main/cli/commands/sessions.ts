import type { Command } from 'commander'
import { browserLabel } from '../../../shared/session-labels'
import type { SessionSummary } from '../../../shared/types'
import { printJson, say, withLocalCore, type DbOption, type JsonOption } from '../cli-context'
import { clip, formatBytes, formatDuration, formatTable, formatTimestamp, plural } from '../format'

const HEADER = ['id', 'started', 'duration', 'pages', 'first page', 'browser', 'os', 'ip', 'events', 'stored', 'pin']

/** "pinned", or "pinned: Checkout bug" when the pin has a name. */
const pinLabel = (session: SessionSummary): string =>
  !session.pinned ? '' : session.pinName ? `pinned: ${clip(session.pinName, 40)}` : 'pinned'

function sessionRow(session: SessionSummary): string[] {
  return [
    session.id,
    formatTimestamp(session.startedAt),
    formatDuration(session.durationMs),
    String(session.urls.length),
    session.urls[0] ?? '',
    browserLabel(session) || '?',
    session.os.name ?? '?',
    session.ip ?? '?',
    String(session.eventCount),
    formatBytes(session.bytesStored),
    pinLabel(session)
  ]
}

export function registerSessionsCommand(program: Command): void {
  program
    .command('sessions')
    .description('list recorded sessions, newest first (read-only)')
    .option('--json', 'print a JSON array')
    .action((options: DbOption & JsonOption) =>
      withLocalCore(options, 'read', async ({ call }) => {
        const sessions = await call('listSessions')
        if (options.json) return printJson(sessions)
        process.stdout.write(`${formatTable(HEADER, sessions.map(sessionRow))}\n`)
        say(plural(sessions.length, 'session'))
      })
    )
}
