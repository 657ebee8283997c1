// Opening recordings from files: the top bar's "Open recording…" (Ctrl+O / ⌘O), files dropped anywhere on the
// window, and the panel that shows an import's progress (bytes read and checked by the core, events found),
// lets it be cancelled, and links to what it imported. Several files at once ask how they belong together:
// each its own recording, or the chunks of one Umami recording.
import { useEffect, useRef, useState, type DragEvent } from 'react'
import { formatBytes } from '../format'
import { sessionHref } from '../router'
import { useImportStore, type ImportJob } from '../stores/import-store'
import { Modal } from './dialogs'

/** What the file picker offers; other files can still be dropped (the core says what it makes of them). */
const ACCEPT = '.json,.gz,.json.gz,.zip,application/json,application/gzip,application/zip'

const hasFiles = (event: DragEvent | globalThis.DragEvent): boolean =>
  Array.from(event.dataTransfer?.types ?? []).includes('Files')

/** The top bar's button and its keyboard shortcut. */
export function OpenRecordingButton() {
  const input = useRef<HTMLInputElement>(null)
  const offer = useImportStore((state) => state.offer)
  const running = useImportStore((state) => state.job?.status === 'running')
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'o') {
        event.preventDefault()
        input.current?.click()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={running}
        title="Open rrweb JSON, PostHog exports, Umami chunks, .replay.json.gz files or a .zip of them (Ctrl+O); or drop them on the window"
        aria-keyshortcuts="Control+O"
      >
        Open recording…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        data-testid="open-recording-input"
        onChange={(event) => {
          offer(Array.from(event.target.files ?? []))
          event.target.value = ''
        }}
      />
    </>
  )
}

/** Listens for files dragged over the window; shows where to drop them. */
export function DropZone() {
  const [over, setOver] = useState(false)
  const offer = useImportStore((state) => state.offer)
  useEffect(() => {
    // dragenter/dragleave fire for every child: count them, so the overlay does not flicker.
    let depth = 0
    const enter = (event: globalThis.DragEvent) => {
      if (!hasFiles(event)) return
      event.preventDefault()
      depth++
      setOver(true)
    }
    const overWindow = (event: globalThis.DragEvent) => {
      if (!hasFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const leave = () => {
      depth = Math.max(0, depth - 1)
      if (depth === 0) setOver(false)
    }
    const drop = (event: globalThis.DragEvent) => {
      if (!hasFiles(event)) return
      event.preventDefault()
      depth = 0
      setOver(false)
      offer(Array.from(event.dataTransfer?.files ?? []))
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', overWindow)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', overWindow)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [offer])
  if (!over) return null
  return (
    <div className="drop-zone" aria-hidden="true">
      <div className="drop-zone-card">
        <strong>Drop recordings to open them</strong>
        <span className="muted">
          rrweb JSON (.json, .json.gz), PostHog exports, Umami chunks, .replay.json.gz, a .zip of them
        </span>
      </div>
    </div>
  )
}

/** Several files: each its own recording, or one Umami recording's chunks. */
function ChoiceDialog() {
  const choice = useImportStore((state) => state.choice)
  const start = useImportStore((state) => state.start)
  if (!choice) return null
  const close = () => useImportStore.setState({ choice: null })
  return (
    <Modal title={`Open ${choice.files.length} files`} onClose={close}>
      <div className="modal-body">
        <p>How do these files belong together?</p>
        <ul className="import-choice-files">
          {choice.files.slice(0, 8).map((file) => (
            <li key={file.name} className="mono">
              {file.name} <span className="muted">{formatBytes(file.size)}</span>
            </li>
          ))}
          {choice.files.length > 8 && <li className="muted">and {choice.files.length - 8} more</li>}
        </ul>
      </div>
      <div className="modal-actions">
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button type="button" onClick={() => void start(choice.files, true)}>
          Chunks of one Umami recording
        </button>
        <button type="button" className="primary" autoFocus onClick={() => void start(choice.files, false)}>
          Each is a recording
        </button>
      </div>
    </Modal>
  )
}

function progressLine({ progress, status }: ImportJob): string {
  const { bytes, totalBytes, events } = progress
  const share = totalBytes ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : null
  const read = totalBytes ? `${formatBytes(bytes)} of ${formatBytes(totalBytes)}` : formatBytes(bytes)
  const lead = status === 'running' && share !== null ? `${share} % · ` : ''
  return `${lead}${read} · ${events.toLocaleString('en-US')} events`
}

/** The running (or finished) import, bottom right, above everything but dialogs. */
function ImportPanel() {
  const job = useImportStore((state) => state.job)
  const cancel = useImportStore((state) => state.cancel)
  const dismiss = useImportStore((state) => state.dismiss)
  if (!job) return null
  const name =
    job.files.length === 1 ? job.files[0]! : `${job.files.length} files${job.umamiChunks ? ' (Umami chunks)' : ''}`
  const { bytes, totalBytes } = job.progress
  const title =
    job.status === 'running'
      ? `Importing ${name}`
      : job.status === 'cancelled'
        ? `Import of ${name} cancelled: nothing was imported${job.imported.length ? ' after the files already done' : ''}`
        : job.status === 'failed'
          ? job.imported.length
            ? `Imported ${job.imported.length} session(s); some files were refused`
            : `Could not import ${name}`
          : `Imported ${job.imported.length === 1 ? '1 session' : `${job.imported.length} sessions`} from ${name}`
  return (
    <section className={`import-panel import-${job.status}`} role="status" aria-live="polite" aria-label="Import">
      <div className="import-title">{title}</div>
      {job.status === 'running' && (
        <progress
          className="import-progress"
          max={totalBytes ?? undefined}
          value={totalBytes ? Math.min(bytes, totalBytes) : undefined}
          aria-label="Import progress"
        />
      )}
      <div className="import-figures muted">{progressLine(job)}</div>
      {job.error && <pre className="import-error">{job.error}</pre>}
      {job.imported.length > 0 && (
        <ul className="import-results">
          {job.imported.slice(0, 6).map((session) => (
            <li key={session.sessionId}>
              <a href={sessionHref(session.sessionId)}>{session.sessionId}</a>{' '}
              <span className="muted">
                {session.format} · {session.events.toLocaleString('en-US')} events
              </span>
            </li>
          ))}
          {job.imported.length > 6 && <li className="muted">and {job.imported.length - 6} more in the list</li>}
        </ul>
      )}
      <div className="import-actions">
        {job.status === 'running' ? (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        ) : (
          <button type="button" onClick={dismiss}>
            Dismiss
          </button>
        )}
      </div>
    </section>
  )
}

/** Everything the window needs for opening files: mounted once by App. */
export function FileImport() {
  return (
    <>
      <DropZone />
      <ChoiceDialog />
      <ImportPanel />
    </>
  )
}
