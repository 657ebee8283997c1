// Short labels for a session, the same in the CLI table and the workspace. Pure functions, no runtime deps.
import type { SessionSummary } from './types'

/** "Chrome 156" (major version only), or '' when the user agent named no browser. */
export function browserLabel(session: Pick<SessionSummary, 'browser'>): string {
  return [session.browser.name, session.browser.version?.split('.')[0]].filter(Boolean).join(' ')
}

/** "macOS 14.5", or '' when the user agent named no OS. */
export function osLabel(session: Pick<SessionSummary, 'os'>): string {
  return [session.os.name, session.os.version].filter(Boolean).join(' ')
}
