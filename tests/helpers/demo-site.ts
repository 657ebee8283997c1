// The demo shop (resources/demo) served on its own loopback port with the recorder snippet in it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { servePages, snippetTag, type PageServer } from './browser'
import { PROJECT_ROOT } from './test-core'

const DEMO_DIR = join(PROJECT_ROOT, 'resources', 'demo')

export function demoPage(file: 'index.html' | 'checkout.html', snippet: string): string {
  return readFileSync(join(DEMO_DIR, file), 'utf8').replace('<!--RECORDER-->', snippet)
}

/** Serves / and /checkout.html of the demo shop, recorded with the given snippet attributes. */
export function serveDemoSite(receiverUrl: string, attributes: Record<string, string> = {}): Promise<PageServer> {
  const snippet = snippetTag(receiverUrl, attributes)
  return servePages({ '/': demoPage('index.html', snippet), '/checkout.html': demoPage('checkout.html', snippet) })
}
