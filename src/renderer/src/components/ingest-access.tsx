// Settings → who may record into this app: the ingest key the snippet carries (rotatable) and the optional
// allow-list of origins. See README "Drive-by protection".
import { useState, type FormEvent } from 'react'
import { MAX_ALLOWED_ORIGINS } from '../../../shared/limits'
import { normalizeOrigin } from '../../../shared/origins'
import type { Settings } from '../../../shared/types'
import { useSettingsStore } from '../stores/settings-store'
import { ConfirmDialog } from './dialogs'
import { SaveRow, useSettingsSave } from './settings-save'

function IngestKey({ settings }: { settings: Settings }) {
  const rotate = useSettingsStore((state) => state.rotateIngestKey)
  const [confirming, setConfirming] = useState(false)
  return (
    <div className="settings-block">
      <h3>Ingest key</h3>
      <p className="muted">
        Every batch must carry this key (the snippet&apos;s <code>data-key</code>), so a page you merely visit cannot
        write into your recordings.
      </p>
      <p>
        <code data-testid="ingest-key">{settings.ingestKey ?? '(made when the receiver starts)'}</code>{' '}
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Rotate key…
        </button>
      </p>
      {confirming && (
        <ConfirmDialog
          title="Rotate the ingest key?"
          message={
            <p>
              Pages carrying the current snippet are refused from now on and stop recording. Paste the new snippet into
              your site.
            </p>
          }
          confirmLabel="Rotate"
          danger
          onConfirm={rotate}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  )
}

/** The textarea's lines as origins, or the first line that is not one. */
function parseOrigins(text: string): { origins: string[] } | { error: string } {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  if (lines.length > MAX_ALLOWED_ORIGINS) return { error: `At most ${MAX_ALLOWED_ORIGINS} origins.` }
  const origins: string[] = []
  for (const line of lines) {
    const origin = normalizeOrigin(line)
    if (!origin)
      return { error: `"${line}" is not an origin: write it as https://shop.example or http://localhost:3000.` }
    origins.push(origin)
  }
  return { origins }
}

function AllowedOrigins({ settings }: { settings: Settings }) {
  const update = useSettingsStore((state) => state.update)
  const [text, setText] = useState(settings.allowedOrigins.join('\n'))
  const { saved, formError, setFormError, save } = useSettingsSave()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const parsed = parseOrigins(text)
    if ('error' in parsed) return setFormError(parsed.error)
    await save(() => update({ allowedOrigins: parsed.origins }))
  }

  return (
    <form className="settings-block" onSubmit={(event) => void submit(event)}>
      <h3>Allowed origins</h3>
      <label className="field column">
        Only pages from these origins may record (one per line). Empty: any page with the key.
        <textarea
          className="origins mono"
          rows={4}
          aria-label="Allowed origins, one per line"
          placeholder="http://localhost:3000"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <SaveRow saved={saved} error={formError} />
    </form>
  )
}

export function IngestAccess({ settings }: { settings: Settings }) {
  return (
    <>
      <IngestKey settings={settings} />
      <AllowedOrigins key={settings.allowedOrigins.join('\n')} settings={settings} />
    </>
  )
}
