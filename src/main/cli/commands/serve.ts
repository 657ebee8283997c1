import type { Command } from 'commander'
import { DEFAULT_RECEIVER_PORT } from '../../../shared/limits'
import { startAppCore } from '../../core/app-core'
import { isLoopbackName } from '../../core/receiver/host-check'
import { builtAssets, packageVersion, resolveDbPath } from '../../core/paths'
import { CliError, packageRoot, say, type DbOption } from '../cli-context'

interface ServeOptions extends DbOption {
  port: string
  host: string
  trustProxy?: boolean
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the receiver and the browser-mode workspace')
    .option('--port <port>', 'port to listen on (0 picks a free one)', String(DEFAULT_RECEIVER_PORT))
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--trust-proxy', 'take the client IP from X-Forwarded-For (only behind your own proxy)')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new CliError(`--port: "${options.port}" is not a port`, 2)
      if (!isLoopbackName(options.host)) {
        say(`warning: listening on ${options.host}: other machines can send recordings to this app.`)
      }
      const root = packageRoot()
      const dbPath = resolveDbPath(options.db)
      let core
      try {
        core = await startAppCore({
          dbPath,
          port,
          host: options.host,
          trustProxy: options.trustProxy,
          assets: builtAssets(root),
          version: packageVersion(root),
          browserMode: true
        })
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'EADDRINUSE')
          throw new CliError(`port ${port} is in use (is the app already running? try --port 0)`, 1)
        throw error
      }
      // The URL is the result (stdout); the rest is for the person reading (stderr).
      process.stdout.write(`${core.workspaceUrl}\n`)
      say(
        `Replay Investigator ${core.appInfo().version}\n` +
          `  database:  ${dbPath}\n` +
          `  receiver:  ${core.receiverUrl}/ingest\n` +
          `  workspace: ${core.workspaceUrl}\n\n` +
          `Paste into the pages you want to record:\n  ${core.appInfo().snippet}`
      )
      const stop = async (signal: string) => {
        say(`\n${signal}: stopping`)
        await core.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void stop('SIGINT'))
      process.once('SIGTERM', () => void stop('SIGTERM'))
    })
}
