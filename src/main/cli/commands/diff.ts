// diff: two sessions step by step, from the same core operation the workspace's diff view calls.
// A table on stdout (JSON with --json); exit 0 whether or not they differ, 2 on a bad argument (an id
// that names no session, the same id twice).
import type { Command } from 'commander'
import { SESSION_ID_PATTERN } from '../../../shared/limits'
import type { DiffRow, DiffStepView, SessionDiff } from '../../../shared/diff/diff-types'
import { deltaWords } from '../../../shared/diff/session-diff'
import { clip } from '../../../shared/events/preview'
import { ApiArgumentError } from '../../core/services/api-dispatch'
import { createDiffOperations } from '../../core/services/diff-service'
import { CliError, openExistingStore, printJson, type DbOption } from '../cli-context'
import { formatDuration, formatTable } from '../format'

/** How a row's op reads in the table: = same, ~ changed, - only in A, + only in B (as in a text diff). */
const OP_MARKS: Record<DiffRow['op'], string> = { same: '=', changed: '~', 'only-a': '-', 'only-b': '+' }
const LABEL_WIDTH = 60

/** The --json shape: each side's step as {timestamp, kind, label}. */
function jsonOf(diff: SessionDiff) {
  const side = (step: DiffStepView | undefined) =>
    step && { timestamp: step.timestamp, kind: step.kind, label: step.label }
  return {
    rows: diff.rows.map((row) => ({ op: row.op, a: side(row.a), b: side(row.b), deltaMs: row.deltaMs })),
    firstDivergence: diff.firstDivergence,
    summary: diff.summary
  }
}

function tableOf(diff: SessionDiff): string {
  const at = (step: DiffStepView | undefined) => (step ? `+${formatDuration(step.offset)}` : '')
  const rows = diff.rows.map((row, index) => [
    String(index),
    OP_MARKS[row.op],
    at(row.a),
    row.a ? clip(row.a.label, LABEL_WIDTH) : '',
    at(row.b),
    row.b ? clip(row.b.label, LABEL_WIDTH) : '',
    row.deltaMs === undefined ? '' : deltaWords(row.deltaMs)
  ])
  return formatTable(['row', 'op', 'A at', 'A step', 'B at', 'B step', 'B vs A'], rows)
}

function summaryLine(diff: SessionDiff): string {
  const { same, changed, onlyA, onlyB } = diff.summary
  const counts = `${same} same, ${changed} changed, ${onlyA} only in A, ${onlyB} only in B`
  const divergence = diff.firstDivergence
  const first = divergence ? `first divergence at row ${divergence.row}` : 'the same steps'
  const truncated = [diff.a, diff.b]
    .filter((side) => side.truncated)
    .map((side) => ` (${side.sessionId}: first ${side.steps} steps compared)`)
  return `${counts}; ${first}${truncated.join('')}`
}

export function registerDiffCommand(program: Command): void {
  program
    .command('diff')
    .description('compare two sessions step by step: = same, ~ changed, - only in A, + only in B')
    .argument('<a>', 'session A (see `sessions`)')
    .argument('<b>', 'session B')
    .option('--json', 'print {rows: [{op, a?, b?, deltaMs?}], firstDivergence, summary}')
    .action(async (a: string, b: string, options: DbOption & { json?: boolean }) => {
      for (const id of [a, b]) if (!SESSION_ID_PATTERN.test(id)) throw new CliError(`"${id}" is not a session id`, 2)
      const store = openExistingStore(options)
      try {
        let diff: SessionDiff
        try {
          diff = await createDiffOperations(store).diffSessions(a, b)
        } catch (error) {
          if (error instanceof ApiArgumentError) throw new CliError(error.message, 2)
          throw error
        }
        if (options.json) return printJson(jsonOf(diff))
        process.stdout.write(`${summaryLine(diff)}\n${tableOf(diff)}\n`)
      } finally {
        store.close()
      }
    })
}
