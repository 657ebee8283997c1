import { useEffect } from 'react'
import { useSessionsStore } from './stores/sessions-store'
import { EmptyState } from './views/empty-state'
import { SessionList } from './views/session-list'

export function App() {
  const { sessions, appInfo, loading, error, start } = useSessionsStore()
  useEffect(() => start(), [start])

  return (
    <div className="app">
      <header className="topbar">
        <h1>Replay Investigator</h1>
        <span className="muted">
          {sessions.length} session{sessions.length === 1 ? '' : 's'}
        </span>
        <span className="spacer" />
        {appInfo && (
          <span className="muted mono" title={`database: ${appInfo.dbPath}`}>
            receiving on {appInfo.receiverUrl}
          </span>
        )}
      </header>
      <main>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!loading && !error && sessions.length === 0 && <EmptyState appInfo={appInfo} />}
        {sessions.length > 0 && <SessionList sessions={sessions} />}
      </main>
    </div>
  )
}
