import type { ChangeNotice } from '../../../shared/types'
import { toDisposable, type Disposable } from '../disposable'
import type { Logger } from '../log'

/** Tells the fronts (IPC push, server-sent events) that stored data changed. In-process, synchronous. */
export class ChangeFeed {
  private readonly listeners = new Set<(notice: ChangeNotice) => void>()

  constructor(private readonly logger: Logger) {}

  subscribe(listener: (notice: ChangeNotice) => void): Disposable {
    // A wrapper per subscription: the same function subscribed twice is two subscriptions.
    const entry = (notice: ChangeNotice) => listener(notice)
    this.listeners.add(entry)
    return toDisposable(() => void this.listeners.delete(entry))
  }

  publish(notice: ChangeNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice)
      } catch (error) {
        // One broken subscriber (a closed SSE stream, a destroyed window) must not stop the others.
        this.logger.error('change listener failed', error)
      }
    }
  }
}
