/**
 * Replaces `target[name]` by a function that first lets `note` see the call, then calls the page's method with
 * the same `this` and arguments (their number too) and returns what it returns. Nothing `note` does can throw
 * into the page's call. Console capture and XHR capture wrap the page's methods so.
 */
export function noteBefore<Self>(target: object, name: string, note: (self: Self, args: unknown[]) => void): void {
  const methods = target as Record<string, unknown>
  const original = methods[name]
  if (typeof original !== 'function') return
  methods[name] = function (this: Self, ...args: unknown[]): unknown {
    try {
      note(this, args)
    } catch {
      // never an error of ours in the page's call
    }
    return original.apply(this, args)
  }
}
