import type { ClientMeta, RecorderConfig } from '../shared/types'

/** Read per batch, not once: single-page apps change the URL and people resize windows mid-session. */
export function collectClientMeta(config: RecorderConfig): ClientMeta {
  return {
    userAgent: navigator.userAgent,
    language: navigator.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? '',
    screen: { width: screen.width, height: screen.height },
    viewport: { width: window.innerWidth, height: window.innerHeight },
    url: location.href,
    referrer: document.referrer,
    config
  }
}
