import { reopenWithRemoteAssets, switchesByReload } from '../replay/remote-assets-document'
import { usePlayerStore } from '../stores/player-store'

/** "N remote assets held back — Load them": the recording's images, styles and fonts stay unfetched until asked. */
export function RemoteAssetsNotice() {
  const count = usePlayerStore((state) => state.remoteAssetCount)
  const sample = usePlayerStore((state) => state.remoteAssetSample)
  const loadRemote = usePlayerStore((state) => state.loadRemoteAssets)
  const setLoadRemoteAssets = usePlayerStore((state) => state.setLoadRemoteAssets)
  const sessionId = usePlayerStore((state) => state.sessionId)
  if (!count) return null
  const byReload = switchesByReload()
  const allow = (on: boolean) => (byReload ? reopenWithRemoteAssets(on ? sessionId : null) : setLoadRemoteAssets(on))
  const assets = `${count} remote asset${count === 1 ? '' : 's'}`
  const examples = sample.join('\n')
  return (
    <div className={`notice ${loadRemote ? 'notice-warn' : ''}`} role="status" data-testid="remote-assets-notice">
      {loadRemote ? (
        <>
          <span title={examples}>
            {byReload
              ? `${assets} allowed for this session and fetched from the recorded site's servers, which see these requests.`
              : `Remote assets allowed for this session (${assets}), but the desktop app's request filter still blocks every load from another host, so they will not appear; use the browser workspace (npm run serve) to load them.`}
          </span>
          <button type="button" className="link" onClick={() => allow(false)}>
            Hold them back again
          </button>
        </>
      ) : (
        <>
          <span title={examples}>{assets} held back (the recorded site is not contacted)</span>
          <button type="button" className="link" onClick={() => allow(true)}>
            Load them
          </button>
        </>
      )}
    </div>
  )
}
