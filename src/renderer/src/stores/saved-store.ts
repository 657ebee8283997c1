// Pinned sessions: pin (name + note), unpin, delete, and the Saved view's list with each pin's details.
import { create } from 'zustand'
import { NotFoundError } from '../../../shared/api-errors'
import type { SessionDetail } from '../../../shared/types'
import { getBridge } from '../api/bridge'
import { useSessionsStore } from './sessions-store'

interface SavedState {
  saved: SessionDetail[]
  loading: boolean
  error: string | null
  /** Reloads the pinned sessions' details (the list only says "pinned"; the name and note live here). */
  refresh(): Promise<void>
  pin(id: string, name: string, note: string): Promise<void>
  unpin(id: string): Promise<void>
  remove(id: string): Promise<void>
}

export const useSavedStore = create<SavedState>((set, get) => ({
  saved: [],
  loading: false,
  error: null,
  async refresh() {
    set({ loading: true })
    try {
      const { api } = getBridge()
      const pinned = (await api.listSessions()).filter((session) => session.pinned)
      // A session deleted between the two calls (by another window, the CLI) is simply not shown.
      const detailOrNull = (id: string) =>
        api.getSession(id).catch((error: unknown) => {
          if (error instanceof NotFoundError) return null
          throw error
        })
      const details = await Promise.all(pinned.map((session) => detailOrNull(session.id)))
      const saved = details
        .filter((detail): detail is SessionDetail => detail?.pin != null)
        .sort((a, b) => b.pin!.savedAt - a.pin!.savedAt)
      set({ saved, loading: false, error: null })
    } catch (error) {
      set({ loading: false, error: (error as Error).message })
    }
  },
  async pin(id, name, note) {
    await getBridge().api.pinSession(id, name, note)
    await Promise.all([get().refresh(), useSessionsStore.getState().refreshSessions([id])])
  },
  async unpin(id) {
    await getBridge().api.unpinSession(id)
    await Promise.all([get().refresh(), useSessionsStore.getState().refreshSessions([id])])
  },
  async remove(id) {
    await getBridge().api.deleteSession(id)
    set({ saved: get().saved.filter((detail) => detail.id !== id) })
    await useSessionsStore.getState().refreshSessions([id])
  }
}))
