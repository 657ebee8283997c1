// search and reindex: find sessions by what users did (query language: docs/search.md).
// Results go to stdout (JSON with --json); warnings and progress go to stderr.
import type { Command } from 'commander'
import { SESSION_ID_PATTERN } from '../../../shared/limits'
import type { SearchResult, SessionSummary } from '../../../shared/types'
import { AuditIndexer } from '../../core/analysis/audit/audit-indexer'
import { InteractionIndexer, type ReindexProgress } from '../../core/analysis/interaction-indexer'
import { QueryError } from '../../core/analysis/query-parser'
import { SearchService } from '../../core/analysis/search-service'
import { CliError, openExistingStore, printJson, type DbOption } from '../cli-context'
import { formatDuration, formatTable } from '../format'

interface JsonOption {
  json?: boolean
}

/** Hits listed per session in the table (all of them with --json). */
const TABLE_HITS_PER_SESSION = 10

const say = (message: string) => process.stderr.write(`${message}\n`)
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

function hitRows(results: SearchResult[], sessions: Map<string, SessionSummary>): string[][] {
  const rows: string[][] = []
  for (const { sessionId, hits } of results) {
    const session = sessions.get(sessionId)
    const started = session ? new Date(session.startedAt).toISOString().replace('T', ' ').slice(0, 19) : '?'
    const lead = [sessionId, started, String(hits.length)]
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
    .action((query: string, options: DbOption & JsonOption) => {
      const store = openExistingStore(options)
      try {
        // Batches the app stored but has not indexed (or audited, for pii) yet are read here first.
        const indexer = new InteractionIndexer(store.db)
        const auditor = new AuditIndexer(store.db)
        const search = new SearchService(store.db, {
          prepare: (text) => {
            indexer.catchUp()
            if (/\bpii\b/i.test(text)) auditor.catchUp()
          }
        })
        let results: SearchResult[]
        try {
          results = search.search(query)
        } catch (error) {
          if (error instanceof QueryError) throw new CliError(`${error.message}\n${error.pointer()}`, 2)
          throw error
        }
        const stale = search.staleSessionCount()
        if (stale > 0)
          say(`warning: ${stale} sessions are not in the search index yet; run \`reindex\` to include them`)
        if (options.json) return printJson(results)
        say(`${results.length} sessions`)
        if (results.length === 0) return
        const sessions = new Map(store.listSessions().map((session) => [session.id, session]))
        const header = ['session', 'started', 'hits', 'at', 'kind', 'selector', 'text']
        process.stdout.write(`${formatTable(header, hitRows(results, sessions))}\n`)
      } finally {
        store.close()
      }
    })

  program
    .command('reindex')
    .description('rebuild the search index from the stored recordings (default: sessions not indexed by this version)')
    .argument('[sessionId]', 'only this session')
    .option('--all', 'every session')
    .option('--json', 'print the reindexed session ids as a JSON array')
    .action((sessionId: string | undefined, options: DbOption & JsonOption & { all?: boolean }) => {
      if (sessionId !== undefined && options.all) throw new CliError('give a session id or --all, not both', 2)
      if (sessionId !== undefined && !SESSION_ID_PATTERN.test(sessionId)) {
        throw new CliError(`"${sessionId}" is not a session id`, 2)
      }
      const store = openExistingStore(options)
      try {
        const indexer = new InteractionIndexer(store.db)
        if (sessionId !== undefined && !indexer.index.sessionExists(sessionId))
          throw new CliError(`no session ${sessionId}`)
        const ids =
          sessionId !== undefined
            ? [sessionId]
            : options.all
              ? indexer.index.allSessionIds()
              : indexer.staleSessionIds()
        const started = Date.now()
        let reported = 0
        const progress = ({ done, total }: ReindexProgress) => {
          if (done < total && Date.now() - reported < 1000) return
          reported = Date.now()
          say(`reindex: ${done}/${total} sessions`)
        }
        const { failed } = indexer.reindexSessions(ids, progress)
        for (const failure of failed) say(`reindex: session ${failure.sessionId} failed: ${failure.error}`)
        say(
          ids.length === 0
            ? 'reindex: nothing to do (every session is indexed by this version; --all rebuilds them anyway)'
            : `reindex: ${ids.length} sessions in ${((Date.now() - started) / 1000).toFixed(1)} s`
        )
        if (options.json) printJson(ids)
        else if (ids.length > 0) process.stdout.write(`${ids.join('\n')}\n`)
        if (failed.length > 0) throw new CliError(`${failed.length} of ${ids.length} sessions could not be reindexed`)
      } finally {
        store.close()
      }
    })
}
