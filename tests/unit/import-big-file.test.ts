// A big file imports whole with bounded memory: a generated 200 MB rrweb array is imported by a child process
// (its peak RSS is the import's alone), every event written reaches the database, and the child's peak RSS
// stays below the file's size (loose functional bounds on streaming, not timings): the whole process below
// the file size, and what the import added to it at most half the file size. A file held whole in memory
// (as text, or as parsed events) would break both. The process alone, before importing, is ~95 MB here
// (node, tsx and the core's modules), which is why the absolute bound is the file size, not 0.75 of it.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ImportChildReport } from '../helpers/import-child'
import { writeBigRrwebFile } from '../helpers/import-files'
import { PROJECT_ROOT, tempDir } from '../helpers/test-core'

const FILE_BYTES = 200 * 1024 * 1024
const dir = tempDir('ri-import-big-')
afterAll(() => dir.remove())

function runChild(file: string, db: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(PROJECT_ROOT, 'tests', 'helpers', 'import-child.ts'), file, db],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

describe('a big file', () => {
  it('200 MB of rrweb events: every event imported, peak RSS below the file size', { timeout: 300_000 }, async () => {
    const file = join(dir.path, 'big.json')
    const written = await writeBigRrwebFile(file, FILE_BYTES)
    expect(written.bytes).toBeGreaterThanOrEqual(FILE_BYTES)
    const started = performance.now()
    const result = await runChild(file, join(dir.path, 'big.db'))
    const seconds = (performance.now() - started) / 1000
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const report = JSON.parse(result.stdout) as ImportChildReport
    // Said, not asserted: speed belongs to `npm run bench`.
    console.log(
      `imported ${written.bytes} bytes, ${written.events} events: peak RSS ${(report.peakRssBytes / 2 ** 20).toFixed(0)} MiB ` +
        `(${(report.rssBeforeImportBytes / 2 ** 20).toFixed(0)} MiB before the import), ` +
        `import ${(report.ms / 1000).toFixed(1)} s (child process ${seconds.toFixed(1)} s)`
    )
    expect(report.sessions).toHaveLength(1)
    expect(report.events).toBe(written.events)
    expect(report.sessions[0]).toMatchObject({ events: written.events, eventCount: written.events })
    expect(report.peakRssBytes).toBeGreaterThan(0)
    expect(report.peakRssBytes).toBeLessThan(written.bytes)
    expect(report.peakRssBytes - report.rssBeforeImportBytes).toBeLessThanOrEqual(0.5 * written.bytes)
    // The staging file is gone.
    expect(readdirSync(dir.path).filter((name) => name.startsWith('.replay-import-'))).toEqual([])
  })
})
