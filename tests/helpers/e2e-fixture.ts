// What an end-to-end file sets up: the real core, one Chromium and the page servers its tests start, all
// closed after the file's last test; and a session's stored bytes as text.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { AppCoreOptions } from '../../src/main/core/app-core'
import { decodeStoredEvents } from '../../src/main/core/store/replay-codec'
import { launchChromium, type PageServer } from './browser'
import { startTestCore, type TestCore } from './test-core'

export interface CoreAndChromium {
  /** Set once the file's beforeAll ran. */
  readonly core: TestCore
  readonly browser: Browser
  /** Closes the server with the rest after the file's tests; returns it. */
  keep<Site extends PageServer>(site: Site): Site
}

/** Registers beforeAll/afterAll hooks that start and stop a test core and Chromium for this file. */
export function useCoreAndChromium(options: Partial<AppCoreOptions> = {}): CoreAndChromium {
  let core: TestCore | undefined
  let browser: Browser | undefined
  const sites: PageServer[] = []
  beforeAll(async () => {
    core = await startTestCore(options)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all(sites.map((site) => site.close()))
    await core?.dispose()
  })
  return {
    get core() {
      if (!core) throw new Error('the test core starts in beforeAll')
      return core
    },
    get browser() {
      if (!browser) throw new Error('Chromium starts in beforeAll')
      return browser
    },
    keep<Site extends PageServer>(site: Site): Site {
      sites.push(site)
      return site
    }
  }
}

/**
 * Everything stored for a session as one string, what a leak search reads: its row (metadata, config,
 * pages) and every batch's events, decoded by the store's own codec (a batch may be stored as received,
 * gzip, or already re-encoded by idle compaction).
 */
export function storedText(core: TestCore, sessionId: string): string {
  const batches = core.store.getBatches(sessionId).map((batch) => JSON.stringify(decodeStoredEvents(batch.data)))
  return [JSON.stringify(core.store.getSession(sessionId)), ...batches].join('\n')
}

/**
 * The same stored text with every JSON number replaced by `#`: what a person could read, for digit-run
 * checks. A leak search for a card's "4111" in `storedText` also finds it inside an event's timestamp
 * (1796259524111…), which failed CI once on a clean run.
 */
export function storedTextWithoutNumbers(core: TestCore, sessionId: string): string {
  return storedText(core, sessionId).replace(/(?<=[:,[])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?=[,}\]])/gi, '#')
}

/**
 * The payloads of a session's custom events with `tag`, in time order. Each must pass the readers' guard
 * (src/shared/devtools-events.ts): what the recorder wrote is what the workspace will accept.
 */
export function storedPayloads<T>(
  core: TestCore,
  sessionId: string,
  tag: string,
  guard: (payload: unknown) => payload is T
): T[] {
  return core.store
    .getEvents(sessionId)
    .filter((event) => event.type === 5 && (event.data as { tag?: unknown }).tag === tag)
    .map((event) => {
      const { payload } = event.data as { payload: unknown }
      if (!guard(payload)) throw new Error(`a ${tag} event the guard rejects: ${JSON.stringify(payload)}`)
      return payload
    })
}
