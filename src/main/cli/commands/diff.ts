// diff: two sessions step by step, from the same core operation the workspace's diff view calls.
// A table on stdout (JSON with --json); exit 0 whether or not they differ, 2 on a bad argument (an id
// that names no session, the same id twice).
import type { Command } from 'commander'
import type { DiffRow, DiffStepView, SessionDiff } from '../../../shared/diff/diff-types'
import { deltaWords } from '../../../shared/diff/session-diff'
import { clip } from '../../../shared/events/preview'
import { printJson, withLocalCore, type DbOption } from '../cli-context'
import { formatDuration, formatTable } from '../format'

/** How a row's op reads in the table: = same, ~ changed, - only in A, + only in B (as in a text diff). */
const OP_MARKS: Record<DiffRow['op'], string> = { same: '=', changed: '~', 'only-a': '-', 'only-b': '+' }
const LABEL_WIDTH = 60

/** The --json shape: each side's step as {timestamp, kind, label}. */
function jsonOf(diff: SessionDiff) {
  const side = (step: DiffStepView | undefined) =>
    step && { timestamp: step.timestamp, kind: step.kind, label: step.label }
  return {
    rows: diff.rows.map((row) => ({
      op: row.op,
      a: side(row.a),
      b: side(row.b),
      deltaMs: row.deltaMs,
      note: row.note
    })),
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
    // What went wrong in one session only ("B got a 500 from POST /api/checkout") says more than the timing.
    row.note ?? (row.deltaMs === undefined ? '' : deltaWords(row.deltaMs))
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
    .option('--json', 'print {rows: [{op, a?, b?, deltaMs?, note?}], firstDivergence, summary}')
    // Ids and the same-id-twice rule are checked by the operation itself (bad-argument / not-found: exit 2).
    .action((a: string, b: string, options: DbOption & { json?: boolean }) =>
      withLocalCore(options, 'read', async ({ call }) => {
        const diff: SessionDiff = await call('diffSessions', a, b)
        if (options.json) return printJson(jsonOf(diff))
        process.stdout.write(`${summaryLine(diff)}\n${tableOf(diff)}\n`)
      })
    )
}
