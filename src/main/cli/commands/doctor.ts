// doctor: what state the database file is in (integrity, schema, counts, quarantined batches, index lag).
// Read-only; an older schema is reported, not refused. Exit 1 when the file is damaged or could not be read whole.
import type { Command } from 'commander'
import type { DoctorReport } from '../../core/services/doctor'
import { printJson, withLocalCore, type DbOption, type JsonOption } from '../cli-context'
import { formatBytes, formatTable, formatTimestamp, plural } from '../format'

function reportLines(report: DoctorReport): string {
  const { counts, quarantinedBatches: quarantined, index } = report
  const rows: string[][] = [
    ['database', report.path],
    ['integrity', report.integrity.join('\n  ') || '?'],
    [
      'schema',
      `version ${report.schemaVersion} (this app: ${report.appSchemaVersion})` +
        (report.schemaVersion < report.appSchemaVersion ? '; start the app once to upgrade it' : '')
    ]
  ]
  if (counts) {
    rows.push(
      ['sessions', String(counts.sessions)],
      ['batches', String(counts.batches)],
      ['events', String(counts.events)],
      [
        'bytes',
        `${formatBytes(counts.bytesStored)} stored (${formatBytes(counts.bytesRaw)} as recorded), file ${formatBytes(counts.fileBytes)}`
      ]
    )
  }
  if (quarantined) rows.push(['quarantined', plural(quarantined.total, 'batch', 'batches')])
  if (index) {
    rows.push([
      'index lag',
      `${plural(index.unindexedBatches, 'batch', 'batches')} not indexed, ${plural(index.staleSessions, 'session')} to reindex, ` +
        `${plural(index.fullTextBehind, 'row')} not yet in full-text search`
    ])
  }
  const lines = [formatTable(['', ''], rows).split('\n').slice(1).join('\n')]
  for (const batch of quarantined?.first ?? []) {
    lines.push(
      `  quarantined: ${batch.sessionId} #${batch.seq} (${batch.stage}, ${plural(batch.attempts, 'attempt')}, ${formatTimestamp(batch.failedAt)}): ${batch.error}`
    )
  }
  for (const problem of report.problems) lines.push(`problem: ${problem}`)
  return `${lines.join('\n')}\n`
}

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the database: integrity, schema version, counts, quarantined batches, index lag (read-only)')
    .option('--json', 'print the report as JSON')
    .action((options: DbOption & JsonOption) =>
      withLocalCore(options, 'report', (core) => {
        const report = core.doctor()
        if (options.json) printJson(report)
        else process.stdout.write(reportLines(report))
        if (!report.ok) process.exitCode = 1
      })
    )
}
