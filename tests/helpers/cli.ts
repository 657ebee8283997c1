// Runs the real CLI in a child process: `node --import tsx src/main/cli/index.ts …` (one process, so a
// signal sent to it reaches the server itself, not a wrapper).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { Store } from '../../src/main/core/store/store'
import { PROJECT_ROOT } from './test-core'

const CLI_ARGS = ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'main', 'cli', 'index.ts')]

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

/** uid/gid of `nobody`: permission bits hold for it, where root may write a chmod 444 file anyway. */
const NOBODY = 65534

export interface CliOptions {
  /** Run as an unprivileged user when the tests run as root (so read-only files are read-only). */
  unprivileged?: boolean
  /** Give up after this long (a command that should fail at once, e.g. serve on a bad file). */
  timeoutMs?: number
}

export function runCli(args: string[], env: Record<string, string> = {}, options: CliOptions = {}): CliResult {
  const asNobody = options.unprivileged && process.getuid?.() === 0
  const result = spawnSync(process.execPath, [...CLI_ARGS, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...(asNobody ? { HOME: '/tmp' } : {}), ...env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs,
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {})
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/**
 * runCli without blocking this process: a test that hosts the core in-process (the e2e workspace) keeps
 * serving the browser while the command runs as a second process on the same database.
 */
export function runCliAsync(args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [...CLI_ARGS, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

export interface ServeProcess {
  child: ChildProcess
  port: number
  workspaceUrl: string
  stderr: () => string
  /** The ingest key the server made (or found) in its database. */
  ingestKey: () => string
}

/** The ingest key stored in a database (a serve process generates it when it starts). */
export function storedIngestKey(dbPath: string): string {
  const store = Store.open(dbPath, { readonly: true })
  try {
    const key = store.getSettings().ingestKey
    if (!key) throw new Error(`no ingest key in ${dbPath} yet`)
    return key
  } finally {
    store.close()
  }
}

/** Starts `serve --port 0` and resolves once it printed its workspace URL (the one line on stdout). */
export function startServe(dbPath: string, extraArgs: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...CLI_ARGS, 'serve', '--port', '0', '--db', dbPath, ...extraArgs], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 30_000)
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^(http:\/\/127\.0\.0\.1:(\d+)\/#token=\S+)$/m.exec(stdout)
      if (match) {
        clearTimeout(timer)
        child.removeAllListeners('exit')
        const ingestKey = storedIngestKey(dbPath)
        resolve({
          child,
          port: Number(match[2]),
          workspaceUrl: match[1]!,
          stderr: () => stderr,
          ingestKey: () => ingestKey
        })
      }
    })
  })
}
