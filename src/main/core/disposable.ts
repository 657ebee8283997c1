// The one kind of "stop this" the core hands out: timers, subscriptions, schedules and the store itself
// are Disposables, and app-core disposes them together, in reverse order of creation.

export interface Disposable {
  dispose(): void | Promise<void>
}

/** Wraps a stop function (of code that returns one) as a Disposable that runs it at most once. */
export function toDisposable(stop: () => void | Promise<void>): Disposable {
  let done = false
  return {
    dispose() {
      if (done) return
      done = true
      return stop()
    }
  }
}

/** A Disposable for an interval timer (unref'd: it never keeps the process alive). */
export function intervalDisposable(run: () => void, ms: number): Disposable {
  const timer = setInterval(run, ms)
  timer.unref()
  return toDisposable(() => clearInterval(timer))
}

/**
 * Disposables disposed together, last added first (what started last depends on what started before).
 * A failing dispose does not stop the others; the first failure is thrown once all ran.
 */
export class DisposableStack implements Disposable {
  private readonly items: Disposable[] = []
  private disposed = false

  /** Adds `item` and returns it. Added after dispose(), it is disposed at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) void item.dispose()
    else this.items.push(item)
    return item
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    let failure: { error: unknown } | null = null
    for (const item of this.items.reverse()) {
      try {
        await item.dispose()
      } catch (error) {
        failure ??= { error }
      }
    }
    this.items.length = 0
    if (failure) throw failure.error
  }
}
