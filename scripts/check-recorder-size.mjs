// Fails the build when the recorder grows past its budget: every visitor of the recorded site downloads it.
import console from 'node:console'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { gzipSync } from 'node:zlib'

const RECORDER_PATH = join(import.meta.dirname, '..', 'out', 'recorder', 'recorder.js')
const BUDGET_GZIPPED_BYTES = 40 * 1024

if (!existsSync(RECORDER_PATH)) {
  console.error('out/recorder/recorder.js is missing: build it first (vite build -c vite.recorder.config.ts)')
  process.exit(1)
}

const raw = readFileSync(RECORDER_PATH)
const gzipped = gzipSync(raw, { level: 9 }).length
console.log(`recorder.js: ${raw.length} bytes, ${gzipped} bytes gzipped (budget ${BUDGET_GZIPPED_BYTES / 1024} KB)`)

if (gzipped > BUDGET_GZIPPED_BYTES) {
  console.error(
    `recorder.js is ${gzipped - BUDGET_GZIPPED_BYTES} bytes over its gzipped budget of ${BUDGET_GZIPPED_BYTES}`
  )
  process.exit(1)
}
