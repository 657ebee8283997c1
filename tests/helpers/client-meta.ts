// The client metadata every recorder batch carries, as a test fixture. Pure (no Node imports), so the
// recorder's tests, which typecheck with browser libs only, can use it too.
import type { ClientMeta } from '../../src/shared/types'

export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

/** User agents of varied browsers, systems and devices (desktop, phone, tablet). */
export const VISITORS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
]

export function clientMeta(overrides: Partial<ClientMeta> = {}): ClientMeta {
  return {
    userAgent: CHROME_UA,
    language: 'en-US',
    timezone: 'Europe/Berlin',
    screen: { width: 1920, height: 1080 },
    viewport: { width: 1280, height: 800 },
    url: 'http://localhost:3000/',
    referrer: '',
    config: {
      maskLevel: 'moderate',
      blockSelector: '.no-record',
      maskSelector: null,
      sampleRate: 1,
      maxDurationMs: 300000,
      console: 'errors',
      networkBodies: [],
      version: 'test'
    },
    ...overrides
  }
}
