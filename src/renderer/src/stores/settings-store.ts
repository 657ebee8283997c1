// Workspace settings (retention) and pruning on demand.
import { create } from 'zustand'
import type { Settings, SettingsPatch } from '../../../shared/types'
import { getBridge } from '../api/bridge'
import { useSessionsStore } from './sessions-store'

interface SettingsState {
  settings: Settings | null
  error: string | null
  /** When settings were last saved from this workspace (epoch ms), for the form's confirmation. */
  savedAt: number | null
  /** What the last "prune now" removed (ids), for the confirmation line. */
  lastPrune: { olderThanDays: number; removed: string[] } | null
  load(): Promise<void>
  update(patch: SettingsPatch): Promise<void>
  rotateIngestKey(): Promise<void>
  prune(olderThanDays: number): Promise<string[]>
}

export const useSettingsStore = create<SettingsState>((set) => ({
  settings: null,
  error: null,
  savedAt: null,
  lastPrune: null,
  async load() {
    try {
      set({ settings: await getBridge().api.getSettings(), error: null })
    } catch (error) {
      set({ error: (error as Error).message })
    }
  },
  async update(patch) {
    const settings = await getBridge().api.updateSettings(patch)
    set({ settings, error: null, savedAt: Date.now() })
  },
  async rotateIngestKey() {
    const settings = await getBridge().api.rotateIngestKey()
    set({ settings, error: null })
    // The snippet the workspace shows carries the key.
    await useSessionsStore.getState().refreshAppInfo()
  },
  async prune(olderThanDays) {
    const removed = await getBridge().api.pruneSessions(olderThanDays)
    set({ lastPrune: { olderThanDays, removed } })
    await useSessionsStore.getState().refresh()
    return removed
  }
}))
