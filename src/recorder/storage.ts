/** The part of the Web Storage API the recorder uses; a Map-backed fake satisfies it in tests. */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/**
 * sessionStorage that degrades to memory instead of throwing.
 * Privacy modes and sandboxed iframes throw on access (even on reading `window.sessionStorage`) or on
 * write (quota 0). After the first failure everything stays in memory: the page is still recorded, it just
 * starts a new session on the next page load. Every write also goes to memory so the switch loses nothing.
 */
export function createResilientStorage(openStorage: () => StorageLike): StorageLike {
  const memory = new Map<string, string>()
  let backing: StorageLike | null
  try {
    backing = openStorage()
  } catch {
    backing = null
  }
  return {
    getItem(key) {
      if (backing) {
        try {
          return backing.getItem(key)
        } catch {
          backing = null
        }
      }
      return memory.get(key) ?? null
    },
    setItem(key, value) {
      memory.set(key, value)
      if (!backing) return
      try {
        backing.setItem(key, value)
      } catch {
        backing = null
      }
    },
    removeItem(key) {
      memory.delete(key)
      try {
        backing?.removeItem(key)
      } catch {
        backing = null
      }
    }
  }
}
