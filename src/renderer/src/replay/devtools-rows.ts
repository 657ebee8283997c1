// What the Console and Network panels list: the session's console and network steps (the shared step model's),
// filtered the way a browser's devtools filter them, and the few facts a row shows (a request's name, its
// status class, its place on the waterfall). Pure functions: the panels render them, tests read them.
import type { ConsoleLevel, NetworkPayload } from '../../../shared/devtools-events'
import type { ConsoleStep, NetworkStep, Step } from '../../../shared/events/steps'

export interface ConsoleFilter {
  levels: ReadonlySet<ConsoleLevel>
  /** Case-insensitive, in the message and where it was logged. */
  text: string
}

/** Console steps matching the filter, in time order. */
export function consoleRows(steps: readonly Step[], filter: ConsoleFilter): ConsoleStep[] {
  const needle = filter.text.trim().toLowerCase()
  const rows: ConsoleStep[] = []
  for (const step of steps) {
    if (step.kind !== 'console' || !filter.levels.has(step.level)) continue
    if (needle && !`${step.message} ${step.where ?? ''}`.toLowerCase().includes(needle)) continue
    rows.push(step)
  }
  return rows
}

/** The page's own requests, or what the browser loaded for the page (images, scripts, styles…). */
export type RequestType = 'fetch' | 'resource'
export const PAGE_REQUEST_INITIATORS: ReadonlySet<string> = new Set(['fetch', 'xmlhttprequest', 'beacon'])

export interface RequestFilter {
  types: ReadonlySet<RequestType>
  /** Only network errors, aborts, timeouts and 5xx (the search term `failed`), plus 4xx. */
  problemsOnly: boolean
  /** Case-insensitive, in the URL and the method. */
  text: string
}

export const requestType = (request: NetworkPayload): RequestType =>
  PAGE_REQUEST_INITIATORS.has(request.initiator) ? 'fetch' : 'resource'

export type StatusClass = 'ok' | 'redirect' | 'client-error' | 'server-error' | 'failed' | 'unknown'

export function statusClass(request: NetworkPayload): StatusClass {
  if (request.error) return 'failed'
  const status = request.status
  if (status === null) return 'unknown'
  if (status >= 500) return 'server-error'
  if (status >= 400) return 'client-error'
  if (status >= 300) return 'redirect'
  return 'ok'
}

/** `500`, `failed`, `aborted`: what a request's status column shows. */
export function statusText(step: NetworkStep): string {
  const { request } = step
  if (request.error === 'abort') return 'aborted'
  if (request.error === 'timeout') return 'timeout'
  if (request.error) return 'failed'
  return request.status === null ? '—' : String(request.status)
}

const isProblem = (step: NetworkStep) => step.failed || statusClass(step.request) === 'client-error'

/** Network steps matching the filter, in order of their start. */
export function requestRows(steps: readonly Step[], filter: RequestFilter): NetworkStep[] {
  const needle = filter.text.trim().toLowerCase()
  const rows: NetworkStep[] = []
  for (const step of steps) {
    if (step.kind !== 'network' || !filter.types.has(requestType(step.request))) continue
    if (filter.problemsOnly && !isProblem(step)) continue
    if (needle && !`${step.request.method ?? ''} ${step.request.url}`.toLowerCase().includes(needle)) continue
    rows.push(step)
  }
  return rows
}

/** As devtools name a request: the last part of its path with the query (`checkout?id=**`), else the host. */
export function requestName(url: string): string {
  try {
    const parsed = new URL(url)
    const last = parsed.pathname.split('/').filter(Boolean).pop()
    return (last ? decodeURIComponentSafe(last) : parsed.host || url) + parsed.search
  } catch {
    return url
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Where a request sits on the waterfall of `[from, to]`, as fractions (its width at least a hair). */
export function waterfallSpan(step: NetworkStep, from: number, to: number): { left: number; width: number } {
  const range = Math.max(1, to - from)
  const left = Math.min(1, Math.max(0, (step.ts - from) / range))
  const end = step.request.duration === null ? step.end : step.ts + step.request.duration
  const width = Math.min(1 - left, Math.max(0.004, (end - step.ts) / range))
  return { left, width }
}
