/** Messages for the person running the app or a command (stdout carries only results). */
export const logToStderr = (message: string): void => {
  process.stderr.write(`${message}\n`)
}
