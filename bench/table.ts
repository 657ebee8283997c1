// `npm run bench` prints one table: each row a figure, the baseline measured in the same run, their
// ratio and the target. Machines here are noisy, so targets live here, never in timed unit tests.

export interface BenchRow {
  /** What was measured. */
  measure: string
  figure: number
  unit: string
  /** What it is compared with, measured in the same run. */
  baseline: string
  baselineFigure: number
  /** figure / baselineFigure */
  ratio: number
  /** e.g. "≥ 0.5" or "≤ 1.5" (of the ratio), or "< 50 ms" (of the figure), or "report" */
  target: string
  /** Whether the target is met (null when the row only reports). */
  met: boolean | null
}

export function ratioRow(
  measure: string,
  figure: number,
  unit: string,
  baseline: string,
  baselineFigure: number,
  target: { atLeast?: number; atMost?: number } | null
): BenchRow {
  const ratio = figure / baselineFigure
  let targetText = 'report'
  let met: boolean | null = null
  if (target?.atLeast !== undefined) {
    targetText = `≥ ${target.atLeast}`
    met = ratio >= target.atLeast
  } else if (target?.atMost !== undefined) {
    targetText = `≤ ${target.atMost}`
    met = ratio <= target.atMost
  }
  return { measure, figure, unit, baseline, baselineFigure, ratio, target: targetText, met }
}

const formatNumber = (value: number) =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(3)

export function printTable(rows: BenchRow[]): string {
  const header = ['measure', 'figure', 'baseline (same run)', 'ratio', 'target', 'met']
  const body = rows.map((row) => [
    row.measure,
    `${formatNumber(row.figure)} ${row.unit}`,
    `${row.baseline}: ${formatNumber(row.baselineFigure)} ${row.unit}`,
    formatNumber(row.ratio),
    row.target,
    row.met === null ? '-' : row.met ? 'yes' : 'NO'
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`
  return [line(header), rule, ...body.map(line)].join('\n')
}

/** Milliseconds `work` takes. */
export function timed(work: () => void): number {
  const start = performance.now()
  work()
  return performance.now() - start
}

export async function timedAsync(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
