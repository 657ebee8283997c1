// A recorded JavaScript error in full: its type and message, where it was thrown, its stack and how often
// it repeated, opened from its event row or its timeline mark.
import { formatClock } from '../format'
import { errorLine, describeStep } from '../../../shared/events/step-labels'
import { usePlayerStore } from '../stores/player-store'

export function ErrorDetail() {
  const step = usePlayerStore((state) => state.errorDetail)
  const start = usePlayerStore((state) => state.outline?.startedAt ?? 0)
  const showError = usePlayerStore((state) => state.showError)
  if (!step) return null
  return (
    <section className="error-detail" aria-label="Error detail" data-testid="error-detail">
      <header>
        <strong className="error-text">{describeStep(step).title}</strong>
        <span className="mono muted">at {formatClock(step.ts - start)}</span>
        <span className="spacer" />
        <button type="button" aria-label="Close the error detail" onClick={() => showError(null)}>
          ✕
        </button>
      </header>
      <p className="error-message">{errorLine({ ...step, where: null })}</p>
      <dl>
        {step.tag && (
          <>
            <dt>Event</dt>
            <dd className="mono">{step.tag}</dd>
          </>
        )}
        <dt>Where</dt>
        <dd className="mono">{step.where ?? 'not known'}</dd>
        {step.repeats > 0 && (
          <>
            <dt>Repeats</dt>
            <dd>{step.repeats} more since the previous record of this error</dd>
          </>
        )}
      </dl>
      {step.stack && <pre className="error-stack">{step.stack}</pre>}
    </section>
  )
}
