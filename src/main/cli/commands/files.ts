// import and export: recordings as files (README, "Opening, importing and exporting files").
// import: the new session ids on stdout (JSON with --json), progress and refusals on stderr; each file is
// imported atomically, a refused one does not stop the others, and the exit code is 1 if any was refused.
// export: the written paths on stdout; each file is written under a temporary name and renamed when complete.
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { finished } from 'node:stream/promises'
import type { Command } from 'commander'
import type { ImportedSession, ImportProgress } from '../../../shared/types'
import { ImportCancelledError, ImportRefusedError } from '../../core/files/import-types'
import { fileSource } from '../../core/files/file-source'
import { exportFileName } from '../../core/files/session-export'
import { checkExportArguments, checkImportArguments } from '../../core/services/file-transfer'
import { CliError, printJson, say, withLocalCore, type DbOption, type JsonOption } from '../cli-context'
import { formatBytes, plural } from '../format'

/** How often the indexing after an import says how far it is. */
const INDEX_PROGRESS_EVERY_MS = 2000

interface ImportCommandOptions extends DbOption, JsonOption {
  umami?: boolean
}

/** "big.json: 45 % (90.1 MB of 200 MB), 312,000 events": on one line that updates on a terminal, else every 10 %. */
function progressReporter(file: string): { report(progress: ImportProgress): void; end(): void } {
  const tty = process.stderr.isTTY === true
  let lastStep = -1
  let shown = false
  let last: ImportProgress | null = null
  let lastSaid: ImportProgress | null = null
  return {
    report(progress) {
      last = progress
      const { bytes, totalBytes, events } = progress
      const share = totalBytes ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : null
      const line =
        `import ${file}: ${share === null ? '' : `${share} % `}(${formatBytes(bytes)}` +
        `${totalBytes ? ` of ${formatBytes(totalBytes)}` : ''}), ${events.toLocaleString('en-US')} events`
      if (tty) {
        process.stderr.write(`\r${line}\u001b[K`)
        shown = true
      } else if (share === null || Math.floor(share / 10) > lastStep) {
        lastStep = share === null ? lastStep : Math.floor(share / 10)
        lastSaid = progress
        say(line)
      }
    },
    end() {
      if (shown) process.stderr.write('\n')
      // Without a terminal the last line said may predate the end of the file's events: say where it ended.
      else if (last && last !== lastSaid) {
        lastStep = -1
        this.report(last)
      }
    }
  }
}

export function registerFileCommands(program: Command): void {
  program
    .command('import')
    .description(
      'import recordings from files: rrweb JSON (.json, .json.gz), PostHog exports, our .replay.json.gz, a .zip of them'
    )
    .argument('<files...>', 'the files to import (each one atomically)')
    .option(
      '--umami',
      "the files are the chunks of one Umami recording (session_replay rows' events), in chunk_index order"
    )
    .option('--json', 'print [{sessionId, events, file, format}] as JSON')
    .action((files: string[], options: ImportCommandOptions) => {
      const { names, umamiChunks } = checkImportArguments(files, options.umami ?? false)
      return withLocalCore(options, 'create', async (core) => {
        const controller = new AbortController()
        const cancel = () => controller.abort()
        process.once('SIGINT', cancel)
        const imported: ImportedSession[] = []
        let refused = 0
        try {
          const groups = umamiChunks ? [names] : names.map((name) => [name])
          for (const group of groups) {
            if (controller.signal.aborted) break
            const progress = progressReporter(basename(group[0]!))
            try {
              const sessions = await core.files.importFile(group.map(fileSource), {
                umamiChunks,
                signal: controller.signal,
                onProgress: (p) => progress.report(p)
              })
              progress.end()
              imported.push(...sessions)
              for (const session of sessions) {
                say(
                  `imported ${session.file} (${session.format}) as ${session.sessionId}: ${plural(session.events, 'event')}`
                )
              }
            } catch (error) {
              progress.end()
              if (!(error instanceof ImportRefusedError)) throw error
              refused++
              // A zip archive's other files were imported, each on its own.
              imported.push(...error.imported)
              for (const session of error.imported) say(`imported ${session.file} as ${session.sessionId}`)
              say(`refused ${error.message}`)
            }
          }
        } catch (error) {
          if (error instanceof ImportCancelledError) throw new CliError(error.message, 130)
          throw error
        } finally {
          process.off('SIGINT', cancel)
        }
        if (imported.length > 0) {
          say('indexing the imported sessions for search and the privacy audit…')
          // A long recording takes a while (about 20,000 events a second here): say how far it is.
          let said = Date.now()
          core.catchUpIndexes((index, done, left) => {
            if (left > 0 && Date.now() - said < INDEX_PROGRESS_EVERY_MS) return
            said = Date.now()
            say(`${index === 'search' ? 'search index' : 'privacy audit'}: ${done} of ${done + left} batches`)
          })
        }
        if (options.json) printJson(imported)
        else if (imported.length > 0) process.stdout.write(`${imported.map((s) => s.sessionId).join('\n')}\n`)
        if (refused > 0) throw new CliError(`${refused} of ${plural(groups(names, umamiChunks), 'file')} refused`, 1)
      })
    })

  program
    .command('export')
    .description('export sessions as .replay.json.gz files (our format: events, metadata, pin), or one .zip')
    .argument('<sessionIds...>', 'the sessions to export')
    .option(
      '-o, --output <path>',
      'a file (one session), a directory, or a .zip archive (default: the current directory)'
    )
    .action((ids: string[], options: DbOption & { output?: string }) => {
      const sessionIds = checkExportArguments(ids)
      return withLocalCore(options, 'read', async (core) => {
        for (const id of sessionIds) await core.call('getSessionOutline', id) // NotFoundError (exit 2) before writing
        const output = options.output ?? '.'
        const zip = output.toLowerCase().endsWith('.zip')
        const toDirectory = !zip && (sessionIds.length > 1 || isDirectory(output) || output.endsWith('/'))
        if (toDirectory) mkdirSync(output, { recursive: true })
        const targets = zip
          ? [output]
          : toDirectory
            ? sessionIds.map((id) => join(output, exportFileName(id)))
            : [output]
        if (zip) {
          await writeAtomically(output, (stream) => core.files.exportSessions(sessionIds, stream))
        } else {
          for (const [i, id] of sessionIds.entries()) {
            await writeAtomically(targets[i]!, (stream) => core.files.exportSession(id, stream))
          }
        }
        for (const target of targets) process.stdout.write(`${target}\n`)
        say(`exported ${plural(sessionIds.length, 'session')}`)
      })
    })
}

const groups = (names: string[], umami: boolean): number => (umami ? 1 : names.length)

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}

/** Writes `path` through a temporary file renamed into place once complete: never a half-written export. */
async function writeAtomically(
  path: string,
  write: (stream: NodeJS.WritableStream) => Promise<unknown>
): Promise<void> {
  const temporary = `${path}.partial-${process.pid}`
  const stream = createWriteStream(temporary)
  try {
    await write(stream)
    if (!stream.writableFinished) await finished(stream)
    renameSync(temporary, path)
  } catch (error) {
    stream.destroy()
    rmSync(temporary, { force: true })
    throw error
  }
}
