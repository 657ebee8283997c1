// The API's session diff: diffSessions (two sessions' steps lined up, shared/diff/session-diff.ts) and
// comparePages (their pages at two moments, shared/diff/page-compare.ts), read from the stored batches
// through the shared step model. The CLI's `diff` calls the same operations.
//
// A diff view asks for one diff and then for the pages at many rows; comparing one good session with
// several bad ones diffs the good one again and again. So each session's keyed steps (small: a key and a
// label per step, no DOM) are kept for the last CACHED_SESSIONS sessions, valid until the session grows.
import { LRUCache } from 'lru-cache'
import type { WorkspaceApi } from '../../../shared/api'
import type { PageComparison } from '../../../shared/diff/diff-types'
import { comparePages } from '../../../shared/diff/page-compare'
import { diffSessions, keyedSteps, type DiffInput } from '../../../shared/diff/session-diff'
import type { SessionOutline } from '../../../shared/types'
import { outlineVersion, storedPageAt, storedSteps } from '../analysis/stored-steps'
import type { Store } from '../store/store'
import { BadArgumentError } from '../../../shared/api-errors'
import { noSession } from './no-session'

const CACHED_SESSIONS = 16

export type DiffOperations = Pick<WorkspaceApi, 'diffSessions' | 'comparePages'>

export function createDiffOperations(store: Store): DiffOperations {
  const cache = new LRUCache<string, { version: string; input: DiffInput }>({ max: CACHED_SESSIONS })

  const outlineOf = (operation: string, id: string): SessionOutline => {
    const outline = store.getSessionOutline(id)
    if (!outline || outline.chunks.length === 0) throw noSession(operation, id)
    return outline
  }

  const inputOf = (id: string): DiffInput => {
    const outline = outlineOf('diffSessions', id)
    const version = outlineVersion(outline)
    const cached = cache.get(id)
    if (cached?.version === version) return cached.input
    const { steps, total } = keyedSteps(storedSteps(store, id, outline), outline.startedAt)
    const input: DiffInput = { sessionId: id, startedAt: outline.startedAt, endedAt: outline.endedAt, steps, total }
    cache.set(id, { version, input })
    return input
  }

  return {
    async diffSessions(a, b) {
      if (a === b) throw new BadArgumentError(`diffSessions: the same session twice (${a})`)
      return diffSessions(inputOf(a), inputOf(b))
    },
    async comparePages(a, aTs, b, bTs): Promise<PageComparison> {
      const aPage = storedPageAt(store, a, outlineOf('comparePages', a), aTs)
      const bPage = storedPageAt(store, b, outlineOf('comparePages', b), bTs)
      return {
        a: { sessionId: a, at: aTs, page: aPage },
        b: { sessionId: b, at: bTs, page: bPage },
        differences: comparePages(aPage, bPage)
      }
    }
  }
}
