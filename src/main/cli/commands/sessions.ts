import type { Command } from 'commander'
import { browserLabel } from '../../../shared/session-labels'
import type { SessionSummary } from '../../../shared/types'
import { openExistingStore, printJson, type DbOption } from '../cli-context'
import { formatBytes, formatDuration, formatTable, formatTime } from '../format'

function sessionRow(session: SessionSummary): string[] {
  const browser = browserLabel(session)
  return [
    session.id,
    formatTime(session.startedAt),
    formatDuration(session.durationMs),
    String(session.urls.length),
    session.urls[0] ?? '',
    browser || '?',
    session.os.name ?? '?',
    session.ip ?? '?',
    String(session.eventCount),
    formatBytes(session.bytesStored),
    session.pinned ? 'pinned' : ''
  ]
}

export function registerSessionsCommand(program: Command): void {
  program
    .command('sessions')
    .description('list recorded sessions, newest first')
    .option('--json', 'print a JSON array')
    .action((options: DbOption & { json?: boolean }) => {
      const store = openExistingStore(options)
      try {
        const sessions = store.listSessions()
        if (options.json) return printJson(sessions)
        const header = [
          'id',
          'started',
          'duration',
          'pages',
          'first page',
          'browser',
          'os',
          'ip',
          'events',
          'stored',
          ''
        ]
        process.stdout.write(`${formatTable(header, sessions.map(sessionRow))}\n`)
      } finally {
        store.close()
      }
    })
}
