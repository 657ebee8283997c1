import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

export const APP_NAME = 'Replay Investigator'
export const DB_FILE_NAME = 'sessions.db'

/**
 * The folder Electron's app.getPath('userData') returns for this app, computed without Electron so
 * that the CLI and browser mode open the same database as the desktop app.
 */
export function userDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME)
}

/** --db, else $REPLAY_INVESTIGATOR_DB, else the desktop app's database. */
export function resolveDbPath(explicit?: string, env = process.env): string {
  return explicit ?? env.REPLAY_INVESTIGATOR_DB ?? join(userDataDir(process.platform, env), DB_FILE_NAME)
}

/** The project folder (the one whose package.json is ours), found by walking up from `start`. */
export function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'replay-investigator') return dir
    if (dirname(dir) === dir) throw new Error(`cannot find the replay-investigator package above ${start}`)
  }
}

export interface BuiltAssets {
  recorderScript: string
  rendererDir: string
}

export function builtAssets(packageRoot: string): BuiltAssets {
  return {
    recorderScript: join(packageRoot, 'out', 'recorder', 'recorder.js'),
    rendererDir: join(packageRoot, 'out', 'renderer')
  }
}

export function packageVersion(packageRoot: string): string {
  return JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version as string
}
