import { useEffect, useState, type FormEvent } from 'react'
import type { Settings } from '../../../shared/types'
import { useSessionsStore } from '../stores/sessions-store'
import { useSettingsStore } from '../stores/settings-store'
import { ConfirmDialog } from '../components/dialogs'
import { ErrorLine } from '../components/error-line'
import { IngestAccess } from '../components/ingest-access'
import { SnippetHelp } from '../components/snippet-help'
import { THEME_PREFERENCES, setThemePreference, useThemePreference, type ThemePreference } from '../theme'
import { formatDateTime } from '../format'

const THEME_LABELS: Record<ThemePreference, string> = {
  system: 'Follow the system',
  light: 'Light',
  dark: 'Dark'
}

function ThemeChoice() {
  const preference = useThemePreference()
  return (
    <fieldset className="settings-block">
      <legend>
        <h3>Theme</h3>
      </legend>
      {THEME_PREFERENCES.map((option) => (
        <label key={option} className="field">
          <input
            type="radio"
            name="theme"
            value={option}
            checked={preference === option}
            onChange={() => setThemePreference(option)}
          />
          {THEME_LABELS[option]}
        </label>
      ))}
      <p className="muted">Kept in this browser (each browser and the desktop app can have its own).</p>
    </fieldset>
  )
}

function DaysInput(props: { label: string; value: string; disabled?: boolean; onChange(value: string): void }) {
  return (
    <input
      type="number"
      min={1}
      step={1}
      className="days"
      aria-label={props.label}
      value={props.value}
      disabled={props.disabled}
      onChange={(event) => props.onChange(event.target.value)}
    />
  )
}

function parseDays(text: string): number | null {
  const days = Number(text)
  return text.trim() !== '' && Number.isInteger(days) && days >= 1 ? days : null
}

function RetentionForm({ settings }: { settings: Settings }) {
  const update = useSettingsStore((state) => state.update)
  // In the store, not here: saving re-keys this form (it starts again from the saved value), and the
  // confirmation must outlive that.
  const savedAt = useSettingsStore((state) => state.savedAt)
  const [retention, setRetention] = useState(String(settings.retentionDays ?? 30))
  const [keepForever, setKeepForever] = useState(settings.retentionDays === null)
  const [edited, setEdited] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const edit =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      setter(value)
      setEdited(true)
    }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const days = parseDays(retention)
    if (!keepForever && days === null) {
      setFormError('Enter a whole number of days (1 or more).')
      return
    }
    try {
      await update({ retentionDays: keepForever ? null : days })
      setFormError(null)
      setEdited(false)
    } catch (failure) {
      setFormError((failure as Error).message)
    }
  }

  return (
    <form className="settings-block" onSubmit={(event) => void submit(event)}>
      <h3>Retention</h3>
      <label className="field">
        <input type="radio" name="retention" checked={keepForever} onChange={() => edit(setKeepForever)(true)} />
        Keep every session
      </label>
      <label className="field">
        <input type="radio" name="retention" checked={!keepForever} onChange={() => edit(setKeepForever)(false)} />
        Prune unpinned sessions last recorded more than
        <DaysInput label="Retention in days" value={retention} disabled={keepForever} onChange={edit(setRetention)} />
        days
      </label>
      <p className="muted">Applied when the app starts and once a day. Pinned sessions are never pruned.</p>
      <button type="submit" className="primary">
        Save
      </button>{' '}
      <span className="muted" role="status" data-testid="settings-saved">
        {savedAt !== null && !edited && `Saved at ${formatDateTime(savedAt)}.`}
      </span>
      <ErrorLine error={formError} />
    </form>
  )
}

export function SettingsView() {
  const { settings, error, lastPrune, load, prune } = useSettingsStore()
  const appInfo = useSessionsStore((state) => state.appInfo)
  const [pruneDays, setPruneDays] = useState('30')
  const [confirming, setConfirming] = useState(false)

  useEffect(() => {
    void load()
  }, [load])

  const days = parseDays(pruneDays)
  return (
    <section className="settings-view pad" aria-label="Settings">
      <h2>Settings</h2>
      <ErrorLine error={error} />
      <div className="settings-block" aria-label="Record a site">
        <h3>Record a site</h3>
        <SnippetHelp appInfo={appInfo} />
      </div>
      {settings && <RetentionForm key={String(settings.retentionDays)} settings={settings} />}
      <ThemeChoice />
      {settings && <IngestAccess settings={settings} />}

      <div className="settings-block">
        <h3>Prune now</h3>
        <label className="field">
          Delete unpinned sessions last recorded more than
          <DaysInput label="Prune older than days" value={pruneDays} onChange={setPruneDays} />
          days ago
        </label>{' '}
        <button type="button" className="danger" disabled={days === null} onClick={() => setConfirming(true)}>
          Prune…
        </button>
        {lastPrune && (
          <p className="muted" role="status" data-testid="prune-result">
            Removed {lastPrune.removed.length} session{lastPrune.removed.length === 1 ? '' : 's'} last recorded more
            than {lastPrune.olderThanDays} days ago.
          </p>
        )}
      </div>
      {confirming && days !== null && (
        <ConfirmDialog
          title="Prune old sessions?"
          message={
            <p>
              Every unpinned session last recorded more than {days} day{days === 1 ? '' : 's'} ago is deleted. Pinned
              sessions stay.
            </p>
          }
          confirmLabel="Prune"
          danger
          onConfirm={async () => {
            await prune(days)
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </section>
  )
}
