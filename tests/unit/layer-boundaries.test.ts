// The ESLint layer rules (eslint.config.js) refuse what they should and allow what the layers use: each
// case is linted as if it were a file in that folder.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../helpers/test-core'

const eslint = new ESLint({ cwd: PROJECT_ROOT })

/** The messages of the boundary rules for `code` placed at `file`. */
async function boundaryMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${PROJECT_ROOT}/${file}` })
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-syntax')
    .map((message) => message.message)
}

const REFUSED: [file: string, code: string][] = [
  ['src/shared/x.ts', "import { Store } from '../main/core/store/store'"],
  ['src/shared/x.ts', "import { readFileSync } from 'node:fs'"],
  ['src/shared/events/x.ts', "import { getBridge } from '../../renderer/src/api/bridge'"],
  ['src/recorder/x.ts', "import { startAppCore } from '../main/core/app-core'"],
  ['src/recorder/x.ts', "import type { PlayerHost } from '../renderer/src/replay/player-host'"],
  ['src/renderer/src/x.ts', "import { Store } from '../../main/core/store/store'"],
  ['src/renderer/src/views/x.tsx', "import type { AppCore } from '../../../main/core/app-core'"],
  ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron'"],
  ['src/main/core/x.ts', "import { app } from 'electron'"],
  ['src/main/core/services/x.ts', "import { handleIpcCall } from '../../electron/ipc-guard'"],
  ['src/main/core/services/x.ts', "import { CliError } from '../../cli/cli-context'"],
  ['src/main/core/services/x.ts', "import Database from 'better-sqlite3'"],
  ['src/main/cli/commands/x.ts', "import type Database from 'better-sqlite3'"],
  ['src/main/electron/x.ts', "import { registerDoctorCommand } from '../cli/commands/doctor'"],
  ['src/preload/x.ts', "import { startAppCore } from '../main/core/app-core'"],
  [
    'src/main/cli/commands/x.ts',
    'export const rows = (store: { db: { prepare(s: string): unknown } }) => store.db.prepare("x")'
  ],
  ['src/main/core/services/x.ts', 'export const f = (core: { store: { db: unknown } }) => core.store.db']
]

const ALLOWED: [file: string, code: string][] = [
  ['src/shared/x.ts', "import type { RecordedEvent } from './types'"],
  ['src/recorder/x.ts', "import { ROUTES } from '../shared/limits'"],
  ['src/renderer/src/x.ts', "import type { WorkspaceApi } from '../../shared/api'"],
  ['src/preload/x.ts', "import { contextBridge } from 'electron'\nimport { API_OPERATIONS } from '../shared/api'"],
  [
    'src/main/core/services/x.ts',
    "import { readFileSync } from 'node:fs'\nimport type { Store } from '../store/store'"
  ],
  ['src/main/core/store/x.ts', "import Database from 'better-sqlite3'"],
  ['src/main/cli/commands/x.ts', "import { openLocalCore } from '../../core/services/local-core'"],
  ['src/main/electron/x.ts', "import { app } from 'electron'\nimport { startAppCore } from '../core/app-core'"]
]

describe('layer boundaries', () => {
  it.each(REFUSED)('refuses in %s: %s', async (file, code) => {
    expect(await boundaryMessages(file, code)).toHaveLength(1)
  })

  it.each(ALLOWED)('allows in %s: %s', async (file, code) => {
    expect(await boundaryMessages(file, code)).toEqual([])
  })

  it('says why', async () => {
    expect(
      await boundaryMessages('src/renderer/src/x.ts', "import { Store } from '../../main/core/store/store'")
    ).toEqual([expect.stringContaining('the workspace talks to the core only through its bridge')])
  })
})
