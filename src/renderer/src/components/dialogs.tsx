// Modal dialogs on the native <dialog> (focus trap, Escape and the backdrop come with it).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { PIN_NAME_MAX_LENGTH, PIN_NOTE_MAX_LENGTH } from '../../../shared/limits'
import { ErrorLine } from './error-line'

export function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog ref={ref} className="modal" aria-label={title} onClose={onClose} onCancel={onClose}>
      <h2>{title}</h2>
      {children}
    </dialog>
  )
}

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  danger = false,
  onConfirm,
  onClose
}: {
  title: string
  message: ReactNode
  confirmLabel: string
  danger?: boolean
  onConfirm(): Promise<void> | void
  onClose(): void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirm = async () => {
    setBusy(true)
    try {
      await onConfirm()
      onClose()
    } catch (failure) {
      setError((failure as Error).message)
      setBusy(false)
    }
  }
  return (
    <Modal title={title} onClose={onClose}>
      <div className="modal-body">{message}</div>
      <ErrorLine error={error} />
      <div className="modal-actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} disabled={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  )
}

export function PinDialog({
  initialName,
  initialNote,
  onSave,
  onClose
}: {
  initialName: string
  initialNote: string
  onSave(name: string, note: string): Promise<void>
  onClose(): void
}) {
  const [name, setName] = useState(initialName)
  const [note, setNote] = useState(initialNote)
  const [error, setError] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await onSave(name.trim(), note.trim())
      onClose()
    } catch (failure) {
      setError((failure as Error).message)
    }
  }
  return (
    <Modal title="Pin this session" onClose={onClose}>
      <form className="pin-form" onSubmit={(event) => void submit(event)}>
        <label>
          Name
          <input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. checkout fails on Safari"
            autoFocus
            maxLength={PIN_NAME_MAX_LENGTH}
          />
        </label>
        <label>
          Note
          <textarea
            name="note"
            value={note}
            onChange={(event) => setNote(event.target.value)}
            rows={4}
            placeholder="What happens in this session, what to look at"
            maxLength={PIN_NOTE_MAX_LENGTH}
          />
        </label>
        <ErrorLine error={error} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Pin
          </button>
        </div>
      </form>
    </Modal>
  )
}
