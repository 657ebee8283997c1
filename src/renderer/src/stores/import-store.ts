import { create } from 'zustand'
import { ImportCancelled } from '../../../shared/api'
import type { ImportedSession, ImportProgress } from '../../../shared/types'
import { inChunkOrder } from '../../../shared/umami-chunks'
import { getBridge } from '../api/bridge'

/** One import at a time (a second file waits until this one is done or dismissed). */
export interface ImportJob {
  /** The file names, for the panel. */
  files: string[]
  umamiChunks: boolean
  status: 'running' | 'done' | 'failed' | 'cancelled'
  progress: ImportProgress
  imported: ImportedSession[]
  error: string | null
}

/** Files chosen or dropped while more than one is pending a decision: each its own recording, or Umami chunks. */
export interface PendingChoice {
  files: File[]
}

interface ImportState {
  job: ImportJob | null
  choice: PendingChoice | null
  /** Files from the drop zone or the file picker: one starts at once; several ask how they belong together. */
  offer(files: File[]): void
  /** Imports `files` (each file its own import, one after another), or as the chunks of one Umami recording. */
  start(files: File[], umamiChunks: boolean): Promise<void>
  cancel(): void
  dismiss(): void
}

let cancelCurrent: (() => void) | null = null
let cancelled = false

export const useImportStore = create<ImportState>((set, get) => ({
  job: null,
  choice: null,
  offer(files) {
    if (files.length === 0 || get().job?.status === 'running') return
    if (files.length === 1) void get().start(files, false)
    else set({ choice: { files } })
  },
  async start(files, umamiChunks) {
    set({ choice: null })
    cancelled = false
    // Umami chunks travel in one body, in the order the core reads them.
    const groups = umamiChunks ? [inChunkOrder(files, (file) => file.name)] : files.map((file) => [file])
    const totalBytes = files.reduce((sum, file) => sum + file.size, 0)
    const job: ImportJob = {
      files: files.map((file) => file.name),
      umamiChunks,
      status: 'running',
      progress: { bytes: 0, totalBytes, events: 0 },
      imported: [],
      error: null
    }
    set({ job })
    let bytesBefore = 0
    let eventsBefore = 0
    const errors: string[] = []
    for (const group of groups) {
      if (cancelled) break
      const { done, cancel } = getBridge().files.importFiles(group, {
        umamiChunks,
        onProgress: (progress) =>
          set((state) =>
            state.job
              ? {
                  job: {
                    ...state.job,
                    progress: {
                      bytes: bytesBefore + progress.bytes,
                      totalBytes,
                      events: eventsBefore + progress.events
                    }
                  }
                }
              : state
          )
      })
      cancelCurrent = cancel
      try {
        const imported = await done
        set((state) => (state.job ? { job: { ...state.job, imported: [...state.job.imported, ...imported] } } : state))
        eventsBefore += imported.reduce((sum, session) => sum + session.events, 0)
      } catch (error) {
        if (error instanceof ImportCancelled || cancelled) break
        errors.push((error as Error).message)
      } finally {
        cancelCurrent = null
        bytesBefore += group.reduce((sum, file) => sum + file.size, 0)
      }
    }
    set((state) =>
      state.job
        ? {
            job: {
              ...state.job,
              status: cancelled ? 'cancelled' : errors.length > 0 ? 'failed' : 'done',
              error: errors.length > 0 ? errors.join('\n') : null
            }
          }
        : state
    )
  },
  cancel() {
    cancelled = true
    cancelCurrent?.()
  },
  dismiss() {
    if (get().job?.status === 'running') return
    set({ job: null })
  }
}))
