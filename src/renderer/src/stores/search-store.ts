// Search by what users did (issue 4's query language: clicked:, input:, url:, text:"…", rage, dead, error …).
import { create } from 'zustand'
import type { SearchHit, SearchResult } from '../../../shared/types'
import { getBridge } from '../api/bridge'

interface SearchState {
  /** What is typed in the box. */
  draft: string
  /** The query the results are for (null: no search, the plain list shows). */
  query: string | null
  results: SearchResult[]
  running: boolean
  error: string | null
  /** The last run failed (an invalid query): `results` are still those of `query`, shown as out of date. */
  stale: boolean
  setDraft(draft: string): void
  run(): Promise<void>
  clear(): void
  /**
   * The hits of `query` in one session, in time order: from the results on screen when they are for that
   * query (a result opened from the list), else from one search (a shared link with `?q=`).
   */
  hitsFor(query: string, sessionId: string): Promise<SearchHit[]>
}

let generation = 0

export const useSearchStore = create<SearchState>((set, get) => ({
  draft: '',
  query: null,
  results: [],
  running: false,
  error: null,
  stale: false,
  setDraft(draft) {
    set({ draft })
  },
  async run() {
    const query = get().draft.trim()
    if (!query) return get().clear()
    const mine = ++generation
    set({ running: true, error: null })
    try {
      const results = await getBridge().api.searchSessions(query)
      if (mine !== generation) return
      set({ query, results, running: false, stale: false })
    } catch (error) {
      if (mine !== generation) return
      set({ running: false, error: (error as Error).message, stale: get().query !== null })
    }
  },
  clear() {
    generation++
    set({ draft: '', query: null, results: [], running: false, error: null, stale: false })
  },
  async hitsFor(query, sessionId) {
    const { query: shown, results } = get()
    const found = shown === query ? results : await getBridge().api.searchSessions(query)
    const hits = found.find((result) => result.sessionId === sessionId)?.hits ?? []
    return [...hits].sort((a, b) => a.timestamp - b.timestamp)
  }
}))
