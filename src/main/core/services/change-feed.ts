import type { ChangeNotice } from '../../../shared/types'

/** Tells the fronts (IPC push, server-sent events) that stored data changed. In-process, synchronous. */
export class ChangeFeed {
  private readonly listeners = new Set<(notice: ChangeNotice) => void>()

  subscribe(listener: (notice: ChangeNotice) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  publish(notice: ChangeNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice)
      } catch (error) {
        // One broken subscriber (a closed SSE stream, a destroyed window) must not stop the others.
        console.error('change listener failed:', error)
      }
    }
  }
}
