// File import (issue 10): a ~200 MB bare rrweb array (tests/helpers/import-files.ts, writeBigRrwebFile),
// imported as plain .json and as .json.gz, against reading + (gunzipping +) JSON.parse of the same file in
// the same run: a streaming import that checks every event and stages it compressed should keep up with
// parsing the file whole. With no indexers: the row measures the import itself (indexing happens in the
// background afterwards, as for received batches). Best of RUNS each, interleaved with the baseline, a fresh
// database every run. And the import's peak memory, measured in a child process of its own (so the
// bench's own baselines, which hold the whole file parsed, do not count): the rise over the child's RSS
// right before the import, against the file's size. The child runs first, while this process is small: Linux
// keeps a process's maxRSS across fork + exec, so a child spawned by a bench holding ~1 GB of parsed JSON
// reported a peak 60-100 MB above its real one; the peak is read from /proc/self/status's VmHWM (this
// process image's own high-water mark) where there is one, maxRSS elsewhere. Median of MEMORY_RUNS.
import { spawn } from 'node:child_process'
import { createReadStream, createWriteStream, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createGzip, gunzipSync } from 'node:zlib'
import { importFile } from '../../src/main/core/files/file-import'
import { Ingestor } from '../../src/main/core/ingest/ingest-batch'
import { Store } from '../../src/main/core/store/store'
import { writeBigRrwebFile } from '../../tests/helpers/import-files'
import { tempDir } from '../../tests/helpers/test-core'
import type { ImportChildReport } from '../../tests/helpers/import-child'
import { fileSource } from '../../src/main/core/files/file-source'
import { median, ratioRow, timed, timedAsync, type BenchRow } from '../table'

const TARGET_BYTES = 200_000_000
const RUNS = 2
const MEMORY_RUNS = 3
const MB = 1e6

interface Measured {
  importMs: number
  baselineMs: number
}

/** Imports `file` into a fresh database in `dir`; checks every event arrived. Milliseconds. */
async function importOnce(dir: string, file: string, run: string, expectedEvents: number): Promise<number> {
  const dbPath = join(dir, `import-${run}.db`)
  const store = Store.open(dbPath)
  try {
    const ingestor = new Ingestor(store, [])
    let imported: Awaited<ReturnType<typeof importFile>> = []
    const ms = await timedAsync(async () => {
      imported = await importFile({ store, ingestor, stagingDir: dir }, [fileSource(file)])
    })
    const events = imported.reduce((sum, session) => sum + session.events, 0)
    if (imported.length !== 1 || events !== expectedEvents) {
      throw new Error(`imported ${imported.length} sessions, ${events} of ${expectedEvents} events`)
    }
    if (store.getSession(imported[0]!.sessionId)?.eventCount !== expectedEvents) {
      throw new Error('the stored session does not hold every event imported')
    }
    return ms
  } finally {
    store.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
  }
}

/** Best of RUNS of the import and of the baseline, alternately. */
async function measure(
  dir: string,
  file: string,
  label: string,
  expectedEvents: number,
  baseline: () => unknown
): Promise<Measured> {
  let importMs = Infinity
  let baselineMs = Infinity
  let sink = 0
  for (let i = 0; i < RUNS; i++) {
    baselineMs = Math.min(
      baselineMs,
      timed(() => {
        sink += (baseline() as unknown[]).length
      })
    )
    importMs = Math.min(importMs, await importOnce(dir, file, `${label}-${i}`, expectedEvents))
  }
  if (sink < 0) throw new Error('unreachable')
  return { importMs, baselineMs }
}

/** The import in a child process of its own: its RSS before the import and its peak. */
async function importInChild(
  dir: string,
  file: string,
  expectedEvents: number,
  run: number
): Promise<ImportChildReport> {
  const dbPath = join(dir, `import-child-${run}.db`)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'tests', 'helpers', 'import-child.ts'), file, dbPath],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  let out = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (text: string) => (out += text))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  if (code !== 0) throw new Error(`tests/helpers/import-child.ts exited with ${code}`)
  const report = JSON.parse(out.trim().split('\n').pop()!) as ImportChildReport
  if (report.sessions.length !== 1 || report.events !== expectedEvents) {
    throw new Error(
      `the child imported ${report.sessions.length} sessions, ${report.events} of ${expectedEvents} events`
    )
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true })
  return report
}

export async function run(): Promise<BenchRow[]> {
  const dir = tempDir('ri-bench-import-')
  try {
    const plain = join(dir.path, 'big.json')
    const gz = join(dir.path, 'big.json.gz')
    const { bytes, events } = await writeBigRrwebFile(plain, TARGET_BYTES)
    await pipeline(createReadStream(plain), createGzip(), createWriteStream(gz))
    const gzBytes = statSync(gz).size

    // Memory first, while this process holds no parsed file (see the top of this file).
    const children: ImportChildReport[] = []
    for (let i = 0; i < MEMORY_RUNS; i++) children.push(await importInChild(dir.path, plain, events, i))
    const peakOf = (report: ImportChildReport) => report.vmHwmBytes ?? report.peakRssBytes
    const rise = median(children.map((report) => peakOf(report) - report.rssBeforeImportBytes))
    const peak = median(children.map(peakOf))
    const preImport = median(children.map((report) => report.rssBeforeImportBytes))
    const peakSource = children[0]!.vmHwmBytes === null ? 'maxRSS' : 'VmHWM'

    const plainRun = await measure(dir.path, plain, 'plain', events, () =>
      JSON.parse(readFileSync(plain).toString('utf8'))
    )
    const gzRun = await measure(dir.path, gz, 'gz', events, () =>
      JSON.parse(gunzipSync(readFileSync(gz)).toString('utf8'))
    )

    const mbPerS = (ms: number) => bytes / MB / (ms / 1000)
    const size = `${(bytes / MB).toFixed(0)} MB rrweb array, ${(events / 1000).toFixed(0)}k events`
    const how = `MB of uncompressed JSON / s, best of ${RUNS}, no indexers (import itself; indexing runs afterwards)`
    return [
      ratioRow(
        `import throughput, plain .json (${size}; ${how})`,
        mbPerS(plainRun.importMs),
        'MB/s',
        'readFileSync + JSON.parse of the same file',
        mbPerS(plainRun.baselineMs),
        { atLeast: 0.7 }
      ),
      ratioRow(
        `import throughput, .json.gz (${(gzBytes / MB).toFixed(1)} MB gzip of the same; ${how})`,
        mbPerS(gzRun.importMs),
        'MB/s',
        'readFileSync + gunzipSync + JSON.parse of the same file',
        mbPerS(gzRun.baselineMs),
        { atLeast: 0.7 }
      ),
      ratioRow(
        `import events/s, plain .json (best of ${RUNS})`,
        events / (plainRun.importMs / 1000),
        'events/s',
        'readFileSync + JSON.parse of the same file',
        events / (plainRun.baselineMs / 1000),
        null
      ),
      ratioRow(
        `import events/s, .json.gz (best of ${RUNS})`,
        events / (gzRun.importMs / 1000),
        'events/s',
        'readFileSync + gunzipSync + JSON.parse of the same file',
        events / (gzRun.baselineMs / 1000),
        null
      ),
      ratioRow(
        `import peak memory, plain .json, child process: peak RSS (${peakSource}) minus RSS right before the import (${(preImport / MB).toFixed(0)} MB), median of ${MEMORY_RUNS}`,
        rise / MB,
        'MB',
        'the file size',
        bytes / MB,
        { atMost: 0.5 }
      ),
      ratioRow(
        `import peak memory, plain .json, child process: absolute peak RSS (${peakSource}), median of ${MEMORY_RUNS}`,
        peak / MB,
        'MB',
        'the file size',
        bytes / MB,
        null
      )
    ]
  } finally {
    dir.remove()
  }
}
