import { create } from 'zustand'
import type { AppInfo, SessionSummary } from '../../../shared/types'
import { getBridge } from '../api/bridge'

interface SessionsState {
  appInfo: AppInfo | null
  sessions: SessionSummary[]
  loading: boolean
  error: string | null
  /** Loads app info and the list, then keeps the list live from the core's change notices. */
  start(): () => void
  refresh(): Promise<void>
}

/** Coalesces bursts of change notices (a busy page posts a batch every few seconds per tab). */
const REFRESH_DELAY_MS = 150

export const useSessionsStore = create<SessionsState>((set, get) => ({
  appInfo: null,
  sessions: [],
  loading: true,
  error: null,
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
    const unsubscribe = bridge.onChange(() => {
      timer ??= setTimeout(() => {
        timer = null
        void get().refresh()
      }, REFRESH_DELAY_MS)
    })
    return () => {
      unsubscribe()
      if (timer) clearTimeout(timer)
    }
  }
}))
