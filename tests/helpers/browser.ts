// Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core, plus a tiny static server for
// test pages on loopback. Never `npx playwright install`: this machine cannot download browsers.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic'
    ]
  })
}

export interface PageServer {
  url: string
  server: Server
  close(): Promise<void>
}

/**
 * Serves in-memory pages on 127.0.0.1 (another port than the receiver, so the recorder runs
 * cross-origin as it does on a developer's site). `pages` maps a path to HTML.
 */
export async function servePages(pages: Record<string, string>): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const html = pages[path]
    if (html === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' })
      res.end('not found')
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(html)
  })
  return listenOnLoopback(server)
}

/** Starts `server` on an ephemeral 127.0.0.1 port; close() also ends kept-alive connections. */
export async function listenOnLoopback(server: Server): Promise<PageServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/** A receiver pages can record into: where it listens and the ingest key its snippet carries (AppCore is one). */
export interface SnippetReceiver {
  receiverUrl: string
  ingestKey(): string
}

/**
 * The snippet as a developer pastes it, pointing at a test receiver with its ingest key, loaded with CORS like
 * the app's snippet; `attributes` win (`crossorigin: null` leaves it out: a hand-written tag without it).
 */
export function snippetTag(receiver: SnippetReceiver, attributes: Record<string, string | null> = {}): string {
  const attrs = Object.entries({ crossorigin: 'anonymous', 'data-key': receiver.ingestKey(), ...attributes })
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => ` ${name}="${value.replace(/"/g, '&quot;')}"`)
    .join('')
  return `<script src="${receiver.receiverUrl}/recorder.js"${attrs}></script>`
}

/** Polls until `check` returns a truthy value (bounded; throws with `what` on timeout). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 15_000
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The recorder's handle on a recorded page (window.__replayInvestigator, see src/recorder/recorder.ts). */
type RecorderWindow = {
  __replayInvestigator: { sessionId: string | null; recording: boolean; queued: number; flush(): Promise<void> }
}

/** This page's session id (null when not recorded) and whether it is recording now. */
export function recorderState(page: Page): Promise<{ sessionId: string | null; recording: boolean }> {
  return page.evaluate(() => {
    const { sessionId, recording } = (window as unknown as RecorderWindow).__replayInvestigator
    return { sessionId, recording }
  })
}

/**
 * Sends what the recorder has buffered and waits until the receiver acknowledged all of it (an attempt that
 * failed under load, say a 503, stays queued and is retried: one flush alone only tries each batch once).
 */
export async function flushRecorder(page: Page): Promise<void> {
  await waitFor('recorder queue acknowledged', () =>
    page.evaluate(async () => {
      const recorder = (window as unknown as RecorderWindow).__replayInvestigator
      await recorder.flush()
      return recorder.queued === 0
    })
  )
}
