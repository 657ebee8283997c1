import type { AppInfo } from '../../../shared/types'
import { SnippetHelp } from '../components/snippet-help'

export function EmptyState({ appInfo }: { appInfo: AppInfo | null }) {
  return (
    <section className="empty-state" aria-label="No sessions yet">
      <h2>No sessions recorded yet</h2>
      <SnippetHelp appInfo={appInfo} />
      <p className="muted">
        Or open a recording someone sent you: drop rrweb JSON, a PostHog export, Umami chunks or a .replay.json.gz file
        on this window, or use Open recording… (Ctrl+O).
      </p>
    </section>
  )
}
