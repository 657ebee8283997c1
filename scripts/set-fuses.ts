// Packaging step: flips Electron's fuses in a packaged app's Electron binary (@electron/fuses), so the
// shipped app cannot be turned into a general Node runtime or be debugged into.
//   npm run fuses -- <path to the packaged Electron executable>
import { pathToFileURL } from 'node:url'
import { flipFuses, FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses'

export const FUSE_CONFIG = {
  version: FuseVersion.V1,
  // Every fuse named, so an Electron upgrade that adds one fails here instead of shipping a default.
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false, // ELECTRON_RUN_AS_NODE would make the app a Node that runs any script
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false, // NODE_OPTIONS=--require evil.js
  [FuseV1Options.EnableNodeCliInspectArguments]: false, // --inspect: a debugger into the main process
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false, // file:// gets no more than other schemes
  [FuseV1Options.WasmTrapHandlers]: true
} satisfies FuseV1Config

async function main(electronPath: string | undefined): Promise<void> {
  if (!electronPath) throw new Error('usage: npm run fuses -- <path to the packaged Electron executable>')
  await flipFuses(electronPath, FUSE_CONFIG)
  process.stderr.write(`fuses set on ${electronPath}\n`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`set-fuses: ${(error as Error).message}\n`)
    process.exit(1)
  })
}
