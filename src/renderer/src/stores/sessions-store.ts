import { create } from 'zustand'
import type { AppInfo, ChangeNotice, SessionSummary } from '../../../shared/types'
import { getBridge } from '../api/bridge'
import { EMPTY_FILTER, type SessionFilter, type SortKey, type SortState } from '../lib/session-filter'

type ChangeListener = (notice: ChangeNotice) => void

interface SessionsState {
  appInfo: AppInfo | null
  sessions: SessionSummary[]
  loading: boolean
  error: string | null
  sort: SortState
  filter: SessionFilter
  /** The keyboard cursor in the list (kept across live refreshes by id). */
  selectedId: string | null
  /** Loads app info and the list, then keeps the list live from the core's change notices. */
  start(): () => void
  refresh(): Promise<void>
  /** Other stores (the open replay, saved pins) listen to the same single change stream. */
  onChange(listener: ChangeListener): () => void
  sortBy(key: SortKey): void
  setFilter(patch: Partial<SessionFilter>): void
  select(id: string | null): void
}

/** Coalesces bursts of change notices (a busy page posts a batch every few seconds per tab). */
const REFRESH_DELAY_MS = 150

const listeners = new Set<ChangeListener>()

export const useSessionsStore = create<SessionsState>((set, get) => ({
  appInfo: null,
  sessions: [],
  loading: true,
  error: null,
  sort: { key: 'startedAt', descending: true },
  filter: EMPTY_FILTER,
  selectedId: null,
  async refresh() {
    try {
      const sessions = await getBridge().api.listSessions()
      set({ sessions, loading: false, error: null })
    } catch (error) {
      set({ loading: false, error: (error as Error).message })
    }
  },
  start() {
    let bridge
    try {
      bridge = getBridge()
    } catch (error) {
      set({ loading: false, error: (error as Error).message })
      return () => {}
    }
    bridge.api.getAppInfo().then(
      (appInfo) => set({ appInfo }),
      (error: Error) => set({ error: error.message })
    )
    void get().refresh()
    let timer: ReturnType<typeof setTimeout> | null = null
    const unsubscribe = bridge.onChange((notice) => {
      for (const listener of listeners) listener(notice)
      timer ??= setTimeout(() => {
        timer = null
        void get().refresh()
      }, REFRESH_DELAY_MS)
    })
    return () => {
      unsubscribe()
      if (timer) clearTimeout(timer)
    }
  },
  onChange(listener) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  sortBy(key) {
    const { sort } = get()
    // A new column starts in the order people want first: biggest/newest for numbers, A→Z for text.
    const numeric = key === 'startedAt' || key === 'durationMs' || key === 'eventCount' || key === 'bytesStored'
    set({
      sort: sort.key === key ? { key, descending: !sort.descending } : { key, descending: numeric || key === 'pinned' }
    })
  },
  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } })
  },
  select(selectedId) {
    set({ selectedId })
  }
}))
