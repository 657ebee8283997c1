#!/usr/bin/env node
// `npm start`: the desktop app. Electron ≥42 no longer downloads its binary on install, and the
// better-sqlite3 that npm built is for Node's ABI, not Electron's. So, on first start:
//   1. fetch the Electron binary (`install-electron`);
//   2. fetch (or build) better-sqlite3 for Electron's ABI into .cache/, loaded by the main process
//      through better-sqlite3's `nativeBinding` option — node_modules keeps the Node build for tests/CLI;
//   3. build, then launch Electron.
// Where a download is impossible (offline), say so and point at browser mode.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const npmBin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)

function fail(what, detail) {
  process.stderr.write(
    `\nnpm start: could not ${what}.\n${detail ? `  ${detail}\n` : ''}` +
      'The desktop app needs a one-time download of Electron and of better-sqlite3 for Electron.\n' +
      'Without network access, use the browser workspace instead — same app, same database:\n\n' +
      '    npm run serve\n\n'
  )
  process.exit(1)
}

function run(command, args, options = {}) {
  return spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32', ...options })
}

// 1. Electron binary.
const electronPackage = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'))
const electronVersion = electronPackage.version
const electronInstalled = () => existsSync(join(root, 'node_modules/electron/path.txt'))
if (!electronInstalled()) {
  process.stderr.write(`Downloading Electron ${electronVersion} (once)…\n`)
  const result = run(npmBin('install-electron'), ['--no'])
  if (result.status !== 0 || !electronInstalled()) fail(`download Electron ${electronVersion}`)
}

// 2. better-sqlite3 for Electron's ABI, in a copy of the package so node_modules stays Node's.
const abi = readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim()
const cacheDir = join(root, '.cache', `better-sqlite3-electron-${electronVersion}-abi${abi}`)
const binding = join(cacheDir, 'build', 'Release', 'better_sqlite3.node')
if (!existsSync(binding)) {
  process.stderr.write(`Fetching better-sqlite3 for Electron ${electronVersion} (ABI ${abi}, once)…\n`)
  rmSync(cacheDir, { recursive: true, force: true })
  mkdirSync(dirname(cacheDir), { recursive: true })
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'))
  cpSync(packageDir, cacheDir, { recursive: true, filter: (path) => !path.includes(`${join('build', 'Release')}`) })
  const prebuilt = run(
    process.execPath,
    [
      require.resolve('prebuild-install/bin.js'),
      '--runtime=electron',
      `--target=${electronVersion}`,
      `--arch=${process.arch}`
    ],
    { cwd: cacheDir }
  )
  if (prebuilt.status !== 0 || !existsSync(binding)) {
    process.stderr.write('No prebuilt binary; building from source against Electron headers…\n')
    const built = run(
      process.execPath,
      [
        require.resolve('node-gyp/bin/node-gyp.js'),
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        '--dist-url=https://electronjs.org/headers'
      ],
      { cwd: cacheDir }
    )
    if (built.status !== 0 || !existsSync(binding)) fail('get better-sqlite3 for Electron')
  }
}

// 3. Build and launch.
if (run('npm', ['run', '-s', 'build']).status !== 0) process.exit(1)
const electronPath = require('electron')
const app = run(electronPath, [root], {
  env: { ...process.env, REPLAY_INVESTIGATOR_SQLITE_BINDING: binding }
})
process.exit(app.status ?? 1)
