// npm run bench: every suite's rows in one table. A suite is a module in bench/suites exporting
// `run(): Promise<BenchRow[]>`; add yours to SUITES. `npm run bench -- <name>` runs only matching suites.
import { printTable, type BenchRow } from './table'

interface Suite {
  name: string
  load: () => Promise<{ run: () => Promise<BenchRow[]> }>
}

const SUITES: Suite[] = [
  { name: 'ingest', load: () => import('./suites/ingest') },
  { name: 'storage', load: () => import('./suites/storage') },
  { name: 'compaction', load: () => import('./suites/compaction') },
  { name: 'open-session', load: () => import('./suites/open-session') },
  { name: 'replay-chromium', load: () => import('./suites/replay-chromium') },
  { name: 'session-list', load: () => import('./suites/session-list') },
  { name: 'search', load: () => import('./suites/search') },
  { name: 'steps', load: () => import('./suites/steps') },
  { name: 'recorder-network', load: () => import('./suites/recorder-network') },
  { name: 'diff', load: () => import('./suites/diff') },
  { name: 'audit', load: () => import('./suites/audit') },
  { name: 'import', load: () => import('./suites/import') }
]

async function main(): Promise<void> {
  const filter = process.argv[2]
  const rows: BenchRow[] = []
  for (const suite of SUITES) {
    if (filter && !suite.name.includes(filter)) continue
    process.stderr.write(`bench: ${suite.name}…\n`)
    rows.push(...(await (await suite.load()).run()))
  }
  process.stdout.write(`${printTable(rows)}\n`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
