// A child process for tests/unit/import-big-file.test.ts and the import bench (bench/suites/import.ts): imports
// one file into a fresh database (the store and ingestor as the core writes them, without indexers) and prints
// one JSON line on stdout: the sessions imported, the events the import counted, the events the database holds,
// its RSS before the import, its peak RSS (maxRSS, and Linux's VmHWM) and the import's duration. A process of
// its own, so the peak is the import's, not the parent's (which wrote the file, or parsed it for a baseline).
//   node --import tsx tests/helpers/import-child.ts <file> <db>
import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { importFile } from '../../src/main/core/files/file-import'
import { fileSource } from '../../src/main/core/files/file-source'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'

export interface ImportChildReport {
  sessions: { sessionId: string; events: number; eventCount: number }[]
  events: number
  /** Resident set size right before the import started (node, tsx and the core's modules loaded), bytes. */
  rssBeforeImportBytes: number
  /** Peak resident set size, bytes (process.resourceUsage().maxRSS). */
  peakRssBytes: number
  /**
   * Linux's VmHWM (peak RSS since exec), bytes; null elsewhere. The bench reads this one: maxRSS read 60-100 MB
   * high in a child spawned from a bench process holding a parsed 200 MB file.
   */
  vmHwmBytes: number | null
  /** The import's own duration (for the report only; tests assert no timings). */
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
  const [file, dbPath] = process.argv.slice(2)
  if (!file || !dbPath) throw new Error('usage: import-child.ts <file> <db>')
  const store = Store.open(dbPath)
  try {
    const rssBeforeImportBytes = process.memoryUsage().rss
    const start = performance.now()
    const imported = await importFile({ store, ingestor: new Ingestor(store, []), stagingDir: dirname(dbPath) }, [
      fileSource(file)
    ])
    const ms = performance.now() - start
    const report: ImportChildReport = {
      sessions: imported.map(({ sessionId, events }) => ({
        sessionId,
        events,
        eventCount: store.getSession(sessionId)?.eventCount ?? -1
      })),
      events: imported.reduce((sum, session) => sum + session.events, 0),
      rssBeforeImportBytes,
      // maxRSS is in KiB.
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      vmHwmBytes: highWaterMark(),
      ms
    }
    process.stdout.write(`${JSON.stringify(report)}\n`)
  } finally {
    store.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
