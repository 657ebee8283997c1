// The one logger the core writes through. Messages are for the person running the app or a command:
// stdout carries only results (the CLI's contract), so the default logger writes to stderr.

export interface Logger {
  /** What happened, worth knowing (retention pruned sessions, a reindex finished). */
  info(message: string): void
  /** Something did not work and will be tried again, or was skipped. */
  warn(message: string): void
  /** A failure nobody expected: a bug, or the machine in trouble. `error` adds its stack. */
  error(message: string, error?: unknown): void
}

const line = (message: string) => process.stderr.write(`${message}\n`)

/** Messages on stderr, one per line; errors with their stack. */
export const stderrLogger: Logger = {
  info: line,
  warn: line,
  error: (message, error) =>
    line(
      error === undefined
        ? message
        : `${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
    )
}

/** A logger that keeps its lines (tests, and callers that report them later). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    info: (message) => lines.push(message),
    warn: (message) => lines.push(message),
    error: (message, error) => lines.push(error instanceof Error ? `${message}: ${error.message}` : message)
  }
}
