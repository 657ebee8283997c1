// The Network panel: the page's requests and its static resources' loads as its devtools would have listed
// them, following the playhead, filtered by type, problems and text, each with a small waterfall bar over the
// session; picking one seeks there and opens its detail (request-detail.tsx).
import { useMemo, useState } from 'react'
import { formatMs } from '../../../shared/events/step-labels'
import type { NetworkStep } from '../../../shared/events/steps'
import { formatBytes } from '../format'
import {
  requestName,
  requestRows,
  requestType,
  statusClass,
  statusText,
  waterfallSpan,
  type RequestType
} from '../replay/devtools-rows'
import { toggledSet } from '../lib/toggle-set'
import { currentSteps, usePlayerStore } from '../stores/player-store'
import { DevtoolsRows, DevtoolsSearch } from './devtools-rows-view'
import { RequestDetail } from './request-detail'

const TYPE_FILTERS: { type: RequestType; label: string }[] = [
  { type: 'fetch', label: 'Fetch/XHR' },
  { type: 'resource', label: 'Resources' }
]
const ALL_TYPES: ReadonlySet<RequestType> = new Set(['fetch', 'resource'])

export function NetworkPanel() {
  const stepsVersion = usePlayerStore((state) => state.stepsVersion)
  const outline = usePlayerStore((state) => state.outline)
  const selected = usePlayerStore((state) => state.selectedRequest)
  const showRequest = usePlayerStore((state) => state.showRequest)
  const [types, setTypes] = useState<ReadonlySet<RequestType>>(ALL_TYPES)
  const [problemsOnly, setProblemsOnly] = useState(false)
  const [text, setText] = useState('')

  const all = useMemo(
    () => requestRows(currentSteps()?.steps ?? [], { types: ALL_TYPES, problemsOnly: false, text: '' }),
    // stepsVersion: the steps are mutable; a new version means new or changed steps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stepsVersion]
  )
  const rows = useMemo(() => requestRows(all, { types, problemsOnly, text }), [all, types, problemsOnly, text])
  const problems = useMemo(() => requestRows(all, { types: ALL_TYPES, problemsOnly: true, text: '' }).length, [all])
  const from = outline?.startedAt ?? 0
  const to = outline?.endedAt ?? from + 1

  const toggleType = (type: RequestType) => setTypes(toggledSet(types, [type]))

  return (
    <section className="devtools-panel network-panel" aria-label="Network">
      <div className="event-filters" role="group" aria-label="Network filters">
        <DevtoolsSearch label="Filter requests by URL" value={text} onChange={setText} />
        {TYPE_FILTERS.map(({ type, label }) => (
          <button
            key={type}
            type="button"
            className="chip"
            aria-pressed={types.has(type)}
            onClick={() => toggleType(type)}
          >
            {label}{' '}
            <span className="chip-count">{all.filter((step) => requestType(step.request) === type).length}</span>
          </button>
        ))}
        <button
          type="button"
          className="chip chip-error"
          aria-pressed={problemsOnly}
          onClick={() => setProblemsOnly(!problemsOnly)}
          title="Network errors, aborts, timeouts and 4xx/5xx answers"
        >
          Problems only <span className="chip-count">{problems}</span>
        </button>
      </div>
      {selected && <RequestDetail step={selected} onClose={() => showRequest(null)} />}
      <DevtoolsRows<NetworkStep>
        rows={rows}
        label="Requests"
        empty={all.length === 0 ? 'No request was recorded in this session.' : 'No request matches.'}
        rowHeight={44}
        selected={selected}
        onPick={showRequest}
        rowClass={(step) => `request-row status-${statusClass(step.request)}`}
        render={(step) => {
          const span = waterfallSpan(step, from, to)
          const { request } = step
          return (
            <>
              <span className="request-line">
                <span className="request-status mono">{statusText(step)}</span>
                <span className="request-method mono">{request.method ?? request.initiator}</span>
                <span className="request-name" title={request.url}>
                  {requestName(request.url)}
                </span>
                <span className="request-time mono muted">
                  {request.duration === null ? '' : formatMs(request.duration)}
                </span>
              </span>
              <span className="request-sub">
                <span className="request-waterfall" aria-hidden="true">
                  <span style={{ left: `${span.left * 100}%`, width: `${span.width * 100}%` }} />
                </span>
                <span className="muted mono request-size">
                  {request.responseSize === null ? '' : formatBytes(request.responseSize)}
                </span>
              </span>
            </>
          )
        }}
      />
    </section>
  )
}
