// What every settings form does on submit: save, say "Saved." for a moment, or show why it failed.
import { useState } from 'react'
import { ErrorLine } from './error-line'

export function useSettingsSave() {
  const [saved, setSaved] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const save = async (work: () => Promise<void>) => {
    try {
      await work()
      setFormError(null)
      setSaved(true)
      setTimeout(() => setSaved(false), 1500)
    } catch (failure) {
      setFormError((failure as Error).message)
    }
  }
  return { saved, formError, setFormError, save }
}

/** The form's Save button, its confirmation and its error. */
export function SaveRow({ saved, error }: { saved: boolean; error: string | null }) {
  return (
    <>
      <button type="submit" className="primary">
        Save
      </button>{' '}
      {saved && <span className="muted">Saved.</span>}
      <ErrorLine error={error} />
    </>
  )
}
