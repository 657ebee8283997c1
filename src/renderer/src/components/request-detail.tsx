// One request in full, above the Network panel's rows: what, when, how long, how big, and its headers and
// bodies where the snippet's data-network-bodies asked for them. Masked parts (query values, JSON strings,
// header values) are shown as masked, and said to be.
import type { HttpMessage } from '../../../shared/devtools-events'
import { formatMs } from '../../../shared/events/step-labels'
import type { NetworkStep } from '../../../shared/events/steps'
import { formatBytes, formatClock } from '../format'
import { usePlayerStore } from '../stores/player-store'
import { statusText } from '../replay/devtools-rows'

/** Runs of `*` the recorder wrote where a value was: marked so nobody reads them as the page's own text. */
function WithMasks({ text }: { text: string }) {
  const parts = text.split(/(\*+)/)
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <mark key={i} className="masked-run" title="masked by the recorder">
            {part}
          </mark>
        ) : (
          part
        )
      )}
    </>
  )
}

function Message({ title, message }: { title: string; message: HttpMessage }) {
  const headers = Object.entries(message.headers)
  return (
    <>
      <h4>{title}</h4>
      {headers.length > 0 ? (
        <dl className="request-headers">
          {headers.map(([name, value]) => (
            <div key={name}>
              <dt className="mono">{name}</dt>
              <dd className="mono wrap">
                <WithMasks text={value} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">No headers recorded (credentials are never recorded).</p>
      )}
      {message.body !== null ? (
        <pre className="request-body">
          <WithMasks text={message.body} />
          {message.truncated && <span className="muted">{'\n'}… cut at the recorder’s body limit</span>}
        </pre>
      ) : (
        <p className="muted">No body (or not text or JSON).</p>
      )}
    </>
  )
}

export function RequestDetail({ step, onClose }: { step: NetworkStep; onClose(): void }) {
  const start = usePlayerStore((state) => state.outline?.startedAt ?? 0)
  const { request } = step
  const recorded = request.request || request.response
  return (
    <section className="error-detail request-detail" aria-label="Request detail" data-testid="request-detail">
      <header>
        <strong className={step.failed ? 'error-text' : undefined}>
          {request.method ?? request.initiator} {statusText(step)}
        </strong>
        <span className="mono muted">at {formatClock(step.ts - start)}</span>
        <span className="spacer" />
        <button type="button" aria-label="Close the request detail" onClick={onClose}>
          ✕
        </button>
      </header>
      <p className="mono wrap request-url">
        <WithMasks text={request.url} />
      </p>
      <dl>
        <dt>Initiator</dt>
        <dd>{request.initiator}</dd>
        <dt>Duration</dt>
        <dd>{request.duration === null ? 'not known' : formatMs(request.duration)}</dd>
        <dt>Sent</dt>
        <dd>{request.requestSize === null ? '—' : formatBytes(request.requestSize)}</dd>
        <dt>Received</dt>
        <dd>{request.responseSize === null ? '—' : formatBytes(request.responseSize)}</dd>
      </dl>
      {request.request && <Message title="Request" message={request.request} />}
      {request.response && <Message title="Response" message={request.response} />}
      {!recorded && (
        <p className="muted">
          Headers and bodies are recorded only for URLs listed in the snippet’s <code>data-network-bodies</code>.
        </p>
      )}
    </section>
  )
}
