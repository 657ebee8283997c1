// audit and redact: the privacy audit for scripts and builds. `audit` exits 0 without findings, 1 with
// findings and 2 on error, so a site's end-to-end run with the recorder on can fail its build on a leak.
// Findings show their redacted excerpt only, never the value. The logic lives in core services.
import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import type { Command } from 'commander'
import type { AuditReport, RedactionResult } from '../../../shared/audit'
import { DEFAULT_RECEIVER_PORT, SESSION_ID_PATTERN } from '../../../shared/limits'
import { AuditIndexer } from '../../core/analysis/audit/audit-indexer'
import { InteractionIndexer } from '../../core/analysis/interaction-indexer'
import { createAuditService } from '../../core/services/audit-service'
import { exportRedacted, redactSession, type RedactionDeps } from '../../core/services/redaction-service'
import { logToStderr } from '../../core/log'
import type { Store } from '../../core/store/store'
import { CliError, openExistingStore, printJson, type DbOption } from '../cli-context'
import { formatDuration, formatTable } from '../format'

interface JsonOption {
  json?: boolean
}

/** The receiver the suggested snippets point at (the app's default port). */
const SNIPPET_RECEIVER = `http://127.0.0.1:${DEFAULT_RECEIVER_PORT}`

/** Runs a command body; anything that goes wrong is an error (exit 2), not a finding (exit 1). */
function asUsageOrError<T>(work: () => T): T {
  try {
    return work()
  } catch (error) {
    if (error instanceof CliError) throw new CliError(error.message, 2)
    throw new CliError((error as Error).message, 2)
  }
}

function checkIds(ids: string[]): void {
  for (const id of ids) if (!SESSION_ID_PATTERN.test(id)) throw new CliError(`"${id}" is not a session id`, 2)
}

function printReport(report: AuditReport, store: Store): void {
  const starts = new Map(store.listSessions().map((session) => [session.id, session.startedAt]))
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
    .action((ids: string[], options: DbOption & JsonOption & { all?: boolean }) => {
      const report = asUsageOrError(() => {
        if (ids.length > 0 && options.all) throw new CliError('give session ids or --all, not both')
        if (ids.length === 0 && !options.all) throw new CliError('give session ids, or --all for every session')
        checkIds(ids)
        const store = openExistingStore(options)
        try {
          for (const id of ids) if (!store.getSession(id)) throw new CliError(`no session ${id}`)
          const auditor = new AuditIndexer(store.db)
          auditor.onError = (message) => logToStderr(`privacy audit: ${message}`)
          // Sessions the app has not audited yet (it was not running, or is older) are audited here.
          const service = createAuditService(auditor, {
            receiverUrl: () => SNIPPET_RECEIVER,
            prepare: () => auditor.catchUp()
          })
          const result = service.report(options.all ? null : ids)
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
          } else printReport(result, store)
          return result
        } finally {
          store.close()
        }
      })
      const sessions = new Set(report.findings.map((finding) => finding.sessionId)).size
      logToStderr(`${report.findings.length} findings in ${sessions} session(s)`)
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
      (
        sessionId: string,
        options: DbOption & JsonOption & { inPlace?: boolean; output?: string; maskAllText?: boolean }
      ) => {
        if (options.inPlace && options.output) throw new CliError('give --in-place or -o FILE, not both', 2)
        checkIds([sessionId])
        const store = openExistingStore(options)
        let result: Omit<RedactionResult, 'walTruncated'> & { walTruncated?: boolean; file?: string }
        try {
          const deps: RedactionDeps = {
            store,
            auditor: new AuditIndexer(store.db),
            indexer: new InteractionIndexer(store.db)
          }
          const maskAllText = options.maskAllText ?? false
          const found = options.output
            ? writeExport(deps, sessionId, maskAllText, options.output)
            : redactSession(deps, sessionId, { mode: options.inPlace ? 'in-place' : 'copy', maskAllText })
          if (!found) throw new CliError(`no session ${sessionId}`)
          result = found
        } finally {
          store.close()
        }
        if (options.json) printJson(result)
        else process.stdout.write(`${result.file ?? result.sessionId}\n`)
        const what =
          result.mode === 'in-place' ? `rewrote ${sessionId} in place` : `wrote a redacted copy of ${sessionId}`
        logToStderr(`${what}: ${result.values} value(s) masked in ${result.replacements} place(s)`)
        if (result.walTruncated === false) {
          throw new CliError('another process kept the write-ahead log open: run the command again to empty it')
        }
      }
    )
}

/** `redact -o FILE`: our own JSON envelope (see exportRedacted); a file that exists is not overwritten. */
function writeExport(deps: RedactionDeps, sessionId: string, maskAllText: boolean, file: string) {
  let fd: number
  try {
    fd = openSync(file, 'wx')
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as Error).message}`)
  }
  try {
    const result = exportRedacted(deps, sessionId, { maskAllText }, (chunk) => writeSync(fd, chunk))
    closeSync(fd)
    if (!result) rmSync(file)
    return result && { ...result, file }
  } catch (error) {
    closeSync(fd)
    rmSync(file, { force: true })
    throw error
  }
}
