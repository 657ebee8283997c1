// Migration 2 (search index) on a database that already holds a recording: the tables appear empty (the
// session is stale until reindexed), rows cascade away with their session and the FTS indexes follow.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { INDEX_VERSION, InteractionIndexer } from '../../src/main/core/analysis/interaction-indexer'
import { SearchService } from '../../src/main/core/analysis/search-service'
import { currentSchemaVersion, migrate } from '../../src/main/core/store/migrations'
import { SearchQueries } from '../../src/main/core/store/search-queries'
import { Store } from '../../src/main/core/store/store'
import { databaseBeforeVersion } from '../helpers/old-database'
import { tempDir } from '../helpers/test-core'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe('migration 2: search index', () => {
  it('adds the index tables to a database with recordings; reindex then covers the old session', () => {
    const dir = tempDir()
    dirs.push(dir)
    const { db } = databaseBeforeVersion(2, join(dir.path, 'old.db'), 'before-migration-2', { seed: 5, events: 150 })

    migrate(db)
    expect(currentSchemaVersion(db)).toBeGreaterThanOrEqual(2)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search_%'").all()
    expect(tables.map((row) => (row as { name: string }).name)).toEqual(
      expect.arrayContaining([
        'search_index_state',
        'search_segments',
        'search_paths',
        'search_path_tokens',
        'search_events',
        'search_text_batches',
        'search_text_fts'
      ])
    )

    const store = new Store(db)
    const indexer = new InteractionIndexer(store)
    expect(indexer.staleSessionIds()).toEqual(['before-migration-2'])
    indexer.reindexSessions(indexer.staleSessionIds())
    expect(db.prepare('SELECT version FROM search_index_state').get()).toEqual({ version: INDEX_VERSION })
    const search = new SearchService(store)
    expect(search.search('clicked:.card').map((result) => result.sessionId)).toEqual(['before-migration-2'])
    expect(search.search('text:"add to cart"')).toHaveLength(1)

    const cardPaths = () => new SearchQueries(db).pathIdsWithTokens([['c:card']]).size
    expect(cardPaths()).toBeGreaterThan(0)
    db.prepare("DELETE FROM sessions WHERE id = 'before-migration-2'").run()
    for (const table of ['search_index_state', 'search_segments', 'search_events', 'search_text_batches']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 })
    }
    // The trigram index follows its rows (the delete trigger runs for cascaded deletes too).
    expect(
      db.prepare(`SELECT count(*) AS n FROM search_text_fts WHERE search_text_fts MATCH '"add to cart"'`).get()
    ).toEqual({ n: 0 })
    // Distinct paths outlive the session until orphans are dropped, their tokens with them.
    expect(indexer.index.dropOrphans()).toBeGreaterThan(0)
    expect(db.prepare('SELECT count(*) AS n FROM search_paths').get()).toEqual({ n: 0 })
    expect(cardPaths()).toBe(0)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })
})
