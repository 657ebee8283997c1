import { create } from 'zustand'
import type { BridgeNotice } from '../../../shared/api'
import type { AppInfo, SessionSummary } from '../../../shared/types'
import { MAX_SUMMARIES_PER_CALL } from '../../../shared/limits'
import { getBridge } from '../api/bridge'
import { DESCENDING_FIRST, EMPTY_FILTER, type SessionFilter, type SortKey, type SortState } from '../lib/session-filter'
import { noChanges, patchSessions, type PendingChanges } from '../lib/session-patch'

type ChangeListener = (notice: BridgeNotice) => void

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
  /** Loads the whole list again (start-up, after a prune, after the change stream reconnected). */
  refresh(): Promise<void>
  /** Loads the app info again (its snippet carries the ingest key, which Settings can rotate). */
  refreshAppInfo(): Promise<void>
  /** Fetches these sessions again and patches the list (a deleted one leaves it). */
  refreshSessions(ids: readonly string[]): Promise<void>
  /** Other stores (the open replay, saved pins) listen to the same single change stream. */
  onChange(listener: ChangeListener): () => void
  sortBy(key: SortKey): void
  setFilter(patch: Partial<SessionFilter>): void
  select(id: string | null): void
}

/** Coalesces bursts of change notices (a busy page posts a batch every few seconds per tab). */
const REFRESH_DELAY_MS = 150

const listeners = new Set<ChangeListener>()
/** The latest whole-list load: patches wait for it, so an older full list never overwrites them. */
let fullLoad: Promise<void> = Promise.resolve()

export const useSessionsStore = create<SessionsState>((set, get) => {
  /** The patches in flight, one after another: a slow older fetch must not land after a newer one. */
  let patching: Promise<void> = Promise.resolve()

  /** Fetches the updated sessions and patches the list; a burst too large for one call reloads it whole. */
  function applyChanges(changes: PendingChanges): Promise<void> {
    if (changes.updated.size > MAX_SUMMARIES_PER_CALL) return get().refresh()
    patching = patching.then(async () => {
      try {
        await fullLoad
        const fresh = changes.updated.size > 0 ? await getBridge().api.getSessionSummaries([...changes.updated]) : []
        set({ sessions: patchSessions(get().sessions, fresh, changes.updated, changes.deleted), error: null })
      } catch (error) {
        set({ error: (error as Error).message })
      }
    })
    return patching
  }

  return {
    appInfo: null,
    sessions: [],
    loading: true,
    error: null,
    sort: { key: 'startedAt', descending: true },
    filter: EMPTY_FILTER,
    selectedId: null,
    refresh() {
      fullLoad = (async () => {
        try {
          const sessions = await getBridge().api.listSessions()
          set({ sessions, loading: false, error: null })
        } catch (error) {
          set({ loading: false, error: (error as Error).message })
        }
      })()
      return fullLoad
    },
    async refreshAppInfo() {
      try {
        set({ appInfo: await getBridge().api.getAppInfo() })
      } catch (error) {
        set({ error: (error as Error).message })
      }
    },
    async refreshSessions(ids) {
      await applyChanges({ updated: new Set(ids), deleted: new Set() })
    },
    start() {
      let bridge
      try {
        bridge = getBridge()
      } catch (error) {
        set({ loading: false, error: (error as Error).message })
        return () => {}
      }
      void get().refreshAppInfo()
      void get().refresh()
      let timer: ReturnType<typeof setTimeout> | null = null
      let pending = noChanges()
      const unsubscribe = bridge.onChange((notice) => {
        for (const listener of listeners) listener(notice)
        if (notice.kind === 'resync') {
          // The change stream was down for a while: notices may have been missed.
          void get().refresh()
          return
        }
        if (notice.kind === 'session-deleted') {
          pending.deleted.add(notice.sessionId)
          pending.updated.delete(notice.sessionId)
        } else {
          pending.updated.add(notice.sessionId)
        }
        timer ??= setTimeout(() => {
          timer = null
          const changes = pending
          pending = noChanges()
          void applyChanges(changes)
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
      set({
        sort: sort.key === key ? { key, descending: !sort.descending } : { key, descending: DESCENDING_FIRST.has(key) }
      })
    },
    setFilter(patch) {
      set({ filter: { ...get().filter, ...patch } })
    },
    select(selectedId) {
      set({ selectedId })
    }
  }
})
