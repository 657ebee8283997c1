import { usePlayerStore } from '../stores/player-store'

/** "N remote assets held back — Load them": the recording's images, styles and fonts stay unfetched until asked. */
export function RemoteAssetsNotice() {
  const count = usePlayerStore((state) => state.remoteAssetCount)
  const sample = usePlayerStore((state) => state.remoteAssetSample)
  const loadRemote = usePlayerStore((state) => state.loadRemoteAssets)
  const setLoadRemoteAssets = usePlayerStore((state) => state.setLoadRemoteAssets)
  if (!count) return null
  const assets = `${count} remote asset${count === 1 ? '' : 's'}`
  const examples = sample.join('\n')
  return (
    <div className={`notice ${loadRemote ? 'notice-warn' : ''}`} role="status" data-testid="remote-assets-notice">
      {loadRemote ? (
        <>
          <span title={examples}>
            Remote assets allowed for this session ({assets}), but the workspace&apos;s own policy (the
            Content-Security-Policy in browser mode, the request filter in the desktop app) still blocks every load from
            another host, so they will not appear yet.
          </span>
          <button type="button" className="link" onClick={() => setLoadRemoteAssets(false)}>
            Hold them back again
          </button>
        </>
      ) : (
        <>
          <span title={examples}>{assets} held back (the recorded site is not contacted)</span>
          <button type="button" className="link" onClick={() => setLoadRemoteAssets(true)}>
            Load them
          </button>
        </>
      )}
    </div>
  )
}
