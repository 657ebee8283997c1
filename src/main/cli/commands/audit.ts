// audit and redact: the privacy audit for scripts and builds. `audit` exits 0 without findings, 1 with
// findings and 2 on error, so a site's end-to-end run with the recorder on can fail its build on a leak.
// Findings show their redacted excerpt only, never the value. The logic lives in core services.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import type { Command } from 'commander'
import type { AuditReport, RedactionResult } from '../../../shared/audit'
import type { SessionSummary } from '../../../shared/types'
import { CliError, printJson, say, withLocalCore, type DbOption, type JsonOption } from '../cli-context'
import { formatDuration, formatTable, plural } from '../format'

/** Anything that goes wrong is an error (exit 2), not a finding (exit 1). */
async function asError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw new CliError((error as Error).message, 2)
  }
}

function printReport(report: AuditReport, sessions: SessionSummary[]): void {
  const starts = new Map(sessions.map((session) => [session.id, session.startedAt]))
  const rows = report.findings.map((finding) => [
    finding.sessionId,
    `+${formatDuration(Math.max(0, finding.timestamp - (starts.get(finding.sessionId) ?? finding.timestamp)))}`,
    finding.kind,
    finding.name ? `${finding.where} (${finding.name})` : finding.where,
    finding.selector ?? '',
    finding.excerpt,
    finding.fix.text
  ])
  if (rows.length > 0) {
    process.stdout.write(`${formatTable(['session', 'at', 'kind', 'where', 'selector', 'excerpt', 'fix'], rows)}\n`)
  }
  for (const suggestion of report.suggestions) {
    process.stdout.write(
      `\nSuggested snippet for ${suggestion.site} (${suggestion.findings} findings in ${suggestion.sessionIds.length} sessions):\n${suggestion.snippet}\n`
    )
    for (const change of suggestion.pageChanges) process.stdout.write(`  and in the page: ${change}\n`)
  }
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit')
    .description('find personal data and secrets readable in recordings; exit 0: none, 1: findings, 2: error')
    .argument('[sessionIds...]', 'sessions to audit (see `sessions`)')
    .option('--all', 'every session')
    .option('--json', 'print {findings: [{sessionId, kind, where, selector, timestamp, excerpt, fix}], suggestions}')
    .action(async (ids: string[], options: DbOption & JsonOption & { all?: boolean }) => {
      if (ids.length > 0 && options.all) throw new CliError('give session ids or --all, not both')
      if (ids.length === 0 && !options.all) throw new CliError('give session ids, or --all for every session')
      // Sessions the app has not audited yet (it was not running, or is older) are audited here first.
      const report = await asError(() =>
        withLocalCore(options, 'search', async ({ call }) => {
          // Each id is checked (a session id, an existing session) by the operation's own rules.
          for (const id of ids) await call('getSession', id)
          const result = await call('auditSessions', options.all ? null : ids)
          if (options.json) {
            printJson({
              findings: result.findings.map(({ sessionId, kind, where, name, selector, timestamp, excerpt, fix }) => ({
                sessionId,
                kind,
                where,
                name,
                selector,
                timestamp,
                excerpt,
                fix: fix.text
              })),
              suggestions: result.suggestions
            })
          } else printReport(result, await call('listSessions'))
          return result
        })
      )
      const sessions = new Set(report.findings.map((finding) => finding.sessionId)).size
      say(`${plural(report.findings.length, 'finding')} in ${plural(sessions, 'session')}`)
      process.exitCode = report.findings.length > 0 ? 1 : 0
    })

  program
    .command('redact')
    .description('a redacted copy of a session (new session, or -o FILE), or --in-place: rewrite it irreversibly')
    .argument('<sessionId>', 'the session id')
    .option('--in-place', 'rewrite the stored session: the found values are gone for good (no undo)')
    .option('-o, --output <file>', 'write the redacted copy to FILE as JSON instead of a new session')
    .option('--mask-all-text', 'also mask all page text, as data-mask-level="strict" would have')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        sessionId: string,
        options: DbOption & JsonOption & { inPlace?: boolean; output?: string; maskAllText?: boolean }
      ) => {
        if (options.inPlace && options.output) throw new CliError('give --in-place or -o FILE, not both')
        const maskAllText = options.maskAllText ?? false
        const result: Omit<RedactionResult, 'walTruncated'> & { walTruncated?: boolean; file?: string } =
          await withLocalCore(options, 'write', async (core) =>
            options.output
              ? writeExport(options.output, (write) => core.exportRedacted(sessionId, maskAllText, write))
              : core.call('redactSession', sessionId, { mode: options.inPlace ? 'in-place' : 'copy', maskAllText })
          )
        if (options.json) printJson(result)
        else process.stdout.write(`${result.file ?? result.sessionId}\n`)
        const what =
          result.mode === 'in-place' ? `rewrote ${sessionId} in place` : `wrote a redacted copy of ${sessionId}`
        say(`${what}: ${plural(result.values, 'value')} masked in ${plural(result.replacements, 'place')}`)
        if (result.walTruncated === false) {
          throw new CliError('another process kept the write-ahead log open: run the command again to empty it', 1)
        }
      }
    )
}

/** `redact -o FILE`: our own JSON envelope (see exportRedacted); a file that exists is not overwritten. */
function writeExport<R>(file: string, write: (to: (chunk: string) => void) => R): R & { file: string } {
  let fd: number
  try {
    fd = openSync(file, 'wx')
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`, 1)
  }
  try {
    const result = write((chunk) => writeSync(fd, chunk))
    closeSync(fd)
    return { ...result, file }
  } catch (error) {
    closeSync(fd)
    rmSync(file, { force: true })
    throw error
  }
}
