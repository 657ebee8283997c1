import { useEffect, useState } from 'react'
import { remoteAssetsSession, reopenWithRemoteAssets } from './replay/remote-assets-document'
import { routeHref, useRoute, type Route } from './router'
import { useSessionsStore } from './stores/sessions-store'
import { DiffView } from './views/diff-view'
import { ReplayView } from './views/replay-view'
import { SavedView } from './views/saved-view'
import { SessionsView } from './views/sessions-view'
import { SettingsView } from './views/settings-view'
import { ErrorLine } from './components/error-line'
import { InfoDialog } from './components/dialogs'
import { SnippetHelp } from './components/snippet-help'
import { ErrorBoundary } from './components/error-boundary'
import { FileImport, OpenRecordingButton } from './components/file-import'

const NAV: { route: Route; label: string }[] = [
  { route: { name: 'sessions' }, label: 'Sessions' },
  { route: { name: 'saved' }, label: 'Saved' },
  { route: { name: 'settings' }, label: 'Settings' }
]

export function App() {
  const route = useRoute()
  const appInfo = useSessionsStore((state) => state.appInfo)
  const error = useSessionsStore((state) => state.error)
  const start = useSessionsStore((state) => state.start)
  const [showSnippet, setShowSnippet] = useState(false)
  useEffect(() => start(), [start])
  // A document that may load one session's remote assets is for that session only (remote-assets-document.ts).
  const remoteAssetsFor = remoteAssetsSession()
  const leftRemoteAssetsSession =
    remoteAssetsFor !== null && !(route.name === 'session' && route.id === remoteAssetsFor)
  useEffect(() => {
    if (leftRemoteAssetsSession) reopenWithRemoteAssets(null)
  }, [leftRemoteAssetsSession])

  return (
    <div className="app">
      <header className="topbar">
        <h1>Replay Investigator</h1>
        <nav aria-label="Views">
          {NAV.map(({ route: target, label }) => (
            <a
              key={target.name}
              href={routeHref(target)}
              aria-current={route.name === target.name ? 'page' : undefined}
              className="nav-link"
            >
              {label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        {appInfo && (
          <span className="muted mono topbar-receiver" title={`database: ${appInfo.dbPath}`}>
            receiving on {appInfo.receiverUrl}
          </span>
        )}
        <OpenRecordingButton />
        <button type="button" onClick={() => setShowSnippet(true)}>
          Record a site
        </button>
      </header>
      <FileImport />
      {showSnippet && (
        <InfoDialog title="Record a site" onClose={() => setShowSnippet(false)}>
          <SnippetHelp appInfo={appInfo} />
        </InfoDialog>
      )}
      <main>
        <ErrorLine error={error} />
        {/* A view that fails shows why in its place; the top bar and the other views keep working. */}
        <ErrorBoundary
          label="This view"
          resetKey={
            route.name === 'session'
              ? `session:${route.id}`
              : route.name === 'diff'
                ? `diff:${route.a}/${route.b}`
                : route.name
          }
        >
          {route.name === 'sessions' && <SessionsView />}
          {route.name === 'saved' && <SavedView />}
          {route.name === 'settings' && <SettingsView />}
          {route.name === 'session' && <ReplayView key={route.id} route={route} />}
          {route.name === 'diff' && <DiffView key={`${route.a}/${route.b}`} route={route} />}
        </ErrorBoundary>
      </main>
    </div>
  )
}
