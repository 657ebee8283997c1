import type { AppInfo } from '../../../shared/types'
import { SnippetBox } from './snippet-box'

/** The script tag to paste and what its attributes do: on the empty screen, in Settings and "Record a site". */
export function SnippetHelp({ appInfo }: { appInfo: AppInfo | null }) {
  return (
    <div className="snippet-help">
      <p>Paste this tag into the pages of the site you are building. Sessions appear here as they are recorded.</p>
      {appInfo ? <SnippetBox snippet={appInfo.snippet} /> : <p className="muted">Loading…</p>}
      <ul className="hints">
        <li>
          <code>data-key</code>: this app&apos;s ingest key; batches without it are refused, so pages you merely visit
          cannot write here (Settings can rotate it).
        </li>
        <li>
          <code>data-mask-level</code>: <code>moderate</code> masks every input (default), <code>strict</code> also
          masks all text, <code>lax</code> masks only passwords.
        </li>
        <li>
          <code>data-block-selector</code>: elements never recorded (shown as a same-size placeholder).
        </li>
        <li>
          <code>data-sample-rate</code>: share of visits recorded (0..1). <code>data-max-duration</code>: stop after
          this many ms.
        </li>
      </ul>
      <p className="muted">Masking happens in the browser: masked values never reach this app.</p>
    </div>
  )
}
