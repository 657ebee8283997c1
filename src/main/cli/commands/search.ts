// search and reindex: find sessions by what users did (query language: docs/search.md).
// Results go to stdout (JSON with --json); warnings and progress go to stderr.
import type { Command } from 'commander'
import type { SearchResult, SessionSummary } from '../../../shared/types'
import type { ReindexProgress } from '../../core/analysis/interaction-indexer'
import type { ReindexScope } from '../../core/services/reindex'
import { CliError, printJson, say, withLocalCore, type DbOption, type JsonOption } from '../cli-context'
import { clip, formatDuration, formatTable, formatTimestamp, plural } from '../format'

/** Hits listed per session in the table (all of them with --json). */
const TABLE_HITS_PER_SESSION = 10

function hitRows(results: SearchResult[], sessions: Map<string, SessionSummary>): string[][] {
  const rows: string[][] = []
  for (const { sessionId, hits } of results) {
    const session = sessions.get(sessionId)
    const lead = [sessionId, session ? formatTimestamp(session.startedAt) : '?', String(hits.length)]
    if (hits.length === 0) rows.push([...lead, '', '', '', ''])
    hits.slice(0, TABLE_HITS_PER_SESSION).forEach((hit, i) => {
      const at = session ? `+${formatDuration(Math.max(0, hit.timestamp - session.startedAt))}` : String(hit.timestamp)
      rows.push([
        ...(i === 0 ? lead : ['', '', '']),
        at,
        hit.kind,
        clip(hit.selector ?? '', 60),
        clip(hit.text ?? '', 50)
      ])
    })
    if (hits.length > TABLE_HITS_PER_SESSION) {
      rows.push(['', '', '', '', `… ${hits.length - TABLE_HITS_PER_SESSION} more (--json lists all)`, '', ''])
    }
  }
  return rows
}

export function registerSearchCommands(program: Command): void {
  program
    .command('search')
    .description('find sessions by what users did, newest first (query language: docs/search.md)')
    .argument(
      '<query>',
      "e.g. 'clicked:.checkout-btn', 'clicked:\"form.checkout button\" rage', 'text:\"Out of stock\"'"
    )
    .option('--json', 'print [{sessionId, hits: [{timestamp, kind, selector, text}]}]')
    .action((query: string, options: DbOption & JsonOption) =>
      withLocalCore(options, 'search', async (core) => {
        // Batches the app stored but has not indexed yet are indexed first (unless the file is read-only).
        const results = await core.call('searchSessions', query)
        const lag = core.searchIndexLag()
        if (lag && lag.staleSessions > 0) {
          const verb = lag.staleSessions === 1 ? 'is' : 'are'
          say(
            `warning: ${plural(lag.staleSessions, 'session')} ${verb} not in the search index yet; run \`reindex\` to include them`
          )
        }
        if (lag && (lag.unindexedBatches > 0 || lag.fullTextBehind > 0)) {
          say(
            `warning: index not up to date: ${plural(lag.unindexedBatches, 'stored batch', 'stored batches')} not indexed yet` +
              `${core.store.readonly ? ' (the database is read-only here, so this search could not index them)' : ''}; results may miss them`
          )
        }
        if (options.json) return printJson(results)
        say(plural(results.length, 'session'))
        if (results.length === 0) return
        const sessions = new Map((await core.call('listSessions')).map((session) => [session.id, session]))
        const header = ['session', 'started', 'hits', 'at', 'kind', 'selector', 'text']
        process.stdout.write(`${formatTable(header, hitRows(results, sessions))}\n`)
      })
    )

  program
    .command('reindex')
    .description('rebuild the search index from the stored recordings (default: sessions not indexed by this version)')
    .argument('[sessionId]', 'only this session')
    .option('--all', 'every session')
    .option('--json', 'print the reindexed session ids as a JSON array')
    .action((sessionId: string | undefined, options: DbOption & JsonOption & { all?: boolean }) => {
      if (sessionId !== undefined && options.all) throw new CliError('give a session id or --all, not both')
      const scope: ReindexScope =
        sessionId !== undefined ? { sessionId } : options.all ? { all: true } : { stale: true }
      return withLocalCore(options, 'write', (core) => {
        const started = Date.now()
        let reported = 0
        const progress = ({ done, total }: ReindexProgress) => {
          if (done < total && Date.now() - reported < 1000) return
          reported = Date.now()
          say(`reindex: ${done}/${plural(total, 'session')}`)
        }
        const { ids, failed } = core.reindex(scope, progress)
        for (const failure of failed) say(`reindex: session ${failure.sessionId} failed: ${failure.error}`)
        say(
          ids.length === 0
            ? 'reindex: nothing to do (every session is indexed by this version; --all rebuilds them anyway)'
            : `reindex: ${plural(ids.length, 'session')} in ${((Date.now() - started) / 1000).toFixed(1)} s`
        )
        if (options.json) printJson(ids)
        else if (ids.length > 0) process.stdout.write(`${ids.join('\n')}\n`)
        if (failed.length > 0)
          throw new CliError(`${failed.length} of ${plural(ids.length, 'session')} could not be reindexed`, 1)
      })
    })
}
