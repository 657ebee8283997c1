// The client metadata every recorder batch carries, as a test fixture. Pure (no Node imports), so the
// recorder's tests, which typecheck with browser libs only, can use it too.
import type { ClientMeta } from '../../src/shared/types'

export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

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
      version: 'test'
    },
    ...overrides
  }
}
