// The open session's privacy audit (findings, what the recorder masked, its site's suggested snippet) and the
// redactions started from it. Reloaded when the core says the session changed (the background audit caught
// up with new batches, or a redaction rewrote it).
import { create } from 'zustand'
import type { RedactionOptions, RedactionResult, SessionAuditView } from '../../../shared/audit'
import { getBridge } from '../api/bridge'
import { useSessionsStore } from './sessions-store'

interface PrivacyState {
  sessionId: string | null
  audit: SessionAuditView | null
  loading: boolean
  error: string | null
  /** Loads the session's audit and keeps it current until close(). */
  open(sessionId: string): void
  close(): void
  reload(): Promise<void>
  redact(options: RedactionOptions): Promise<RedactionResult>
}

let unsubscribe: () => void = () => {}
/** Change notices come in bursts while a session is recorded: one reload per burst. */
const RELOAD_DELAY_MS = 300
let reloadTimer: ReturnType<typeof setTimeout> | null = null

export const usePrivacyStore = create<PrivacyState>((set, get) => ({
  sessionId: null,
  audit: null,
  loading: false,
  error: null,

  open(sessionId) {
    get().close()
    set({ sessionId, audit: null, loading: true, error: null })
    unsubscribe = useSessionsStore.getState().onChange((notice) => {
      if (notice.kind === 'session-deleted' || (notice.kind !== 'resync' && notice.sessionId !== sessionId)) return
      if (reloadTimer === null) {
        reloadTimer = setTimeout(() => {
          reloadTimer = null
          void get().reload()
        }, RELOAD_DELAY_MS)
      }
    })
    void get().reload()
  },

  close() {
    unsubscribe()
    unsubscribe = () => {}
    if (reloadTimer !== null) clearTimeout(reloadTimer)
    reloadTimer = null
    set({ sessionId: null, audit: null, loading: false, error: null })
  },

  async reload() {
    const id = get().sessionId
    if (!id) return
    try {
      const audit = await getBridge().api.getSessionAudit(id)
      if (get().sessionId === id) set({ audit, loading: false, error: null })
    } catch (error) {
      if (get().sessionId === id) set({ loading: false, error: (error as Error).message })
    }
  },

  async redact(options) {
    const id = get().sessionId
    if (!id) throw new Error('no session is open')
    const result = await getBridge().api.redactSession(id, options)
    if (options.mode === 'in-place') await get().reload()
    return result
  }
}))
