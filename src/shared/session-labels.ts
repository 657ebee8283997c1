// Short labels for a session, the same in the CLI table and the workspace. Pure functions, no runtime deps.
import type { ImportFormat, SessionSummary } from './types'

/** "Chrome 156" (major version only), or '' when the user agent named no browser. */
export function browserLabel(session: Pick<SessionSummary, 'browser'>): string {
  return [session.browser.name, session.browser.version?.split('.')[0]].filter(Boolean).join(' ')
}

/** "macOS 14.5", or '' when the user agent named no OS. */
export function osLabel(session: Pick<SessionSummary, 'os'>): string {
  return [session.os.name, session.os.version].filter(Boolean).join(' ')
}

/** How the workspace names each import format. */
export const IMPORT_FORMAT_LABELS: Readonly<Record<ImportFormat, string>> = {
  'replay-investigator': 'Replay Investigator file',
  rrweb: 'rrweb events',
  'posthog-2022-12-02': 'PostHog export (2022-12-02)',
  'posthog-2023-04-28': 'PostHog export (2023-04-28)',
  umami: 'Umami replay chunks'
}
