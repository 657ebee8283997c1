// The import bench's child process (bench/suites/import.ts): imports one file into a fresh database, with no
// indexers, and prints one JSON line on stdout: its RSS right before the import started, its peak RSS
// (process.resourceUsage().maxRSS), the events imported and how long the import took. A process of its own,
// so the peak is the import's and not the bench's (which has parsed the same file whole for its baselines).
//   node --import tsx bench/import-child.ts <file> <db> <stagingDir>
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { importFile } from '../src/main/core/files/file-import'
import { Ingestor } from '../src/main/core/ingest/ingest-batch'
import { Store } from '../src/main/core/store/store'

export interface ChildReport {
  preImportRss: number
  peakRss: number
  /** Linux's VmHWM of this process (its peak RSS since exec), null elsewhere. */
  vmHwm: number | null
  events: number
  sessions: number
  ms: number
}

function highWaterMark(): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    return kb === undefined ? null : Number(kb) * 1024
  } catch {
    return null
  }
}

async function main(): Promise<void> {
  const [file, dbPath, stagingDir] = process.argv.slice(2)
  if (!file || !dbPath || !stagingDir) throw new Error('usage: import-child.ts <file> <db> <stagingDir>')
  const store = Store.open(dbPath)
  try {
    const ingestor = new Ingestor(store, [])
    const source = {
      name: file,
      size: statSync(file).size,
      open: () => createReadStream(file, { highWaterMark: 1024 * 1024 })
    }
    const preImportRss = process.memoryUsage().rss
    const start = performance.now()
    const imported = await importFile({ store, ingestor, stagingDir }, [source])
    const ms = performance.now() - start
    const report: ChildReport = {
      preImportRss,
      // maxRSS is in kilobytes.
      peakRss: process.resourceUsage().maxRSS * 1024,
      vmHwm: highWaterMark(),
      events: imported.reduce((sum, session) => sum + session.events, 0),
      sessions: imported.length,
      ms
    }
    process.stdout.write(`${JSON.stringify(report)}\n`)
  } finally {
    store.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
