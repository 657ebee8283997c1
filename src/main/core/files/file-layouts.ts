// Where the events and the facts sit in each file format the import reads. The scanner asks, for every
// value it meets, whether it is wanted; this module answers from the value's path alone, so one pass over
// the file reads any of the formats, whichever it turns out to be:
//
//   [event, …]                                                   rrweb (and each Umami chunk)
//   {"events": [event, …]}                                        rrweb
//   {"version": "2022-12-02", "data": {"person", "snapshotsByWindowId": {"<window>": [event, …]}}}   PostHog
//   {"version": "2023-04-28", "data": {"id", "person", "snapshots": [event & {windowId}, …]}}        PostHog
//   {"replayInvestigator": 1, "session": {…}, "segments": [{"segment": n, "events": [event, …]}]}    ours
import type { JsonPath } from './json-value-scanner'

export type EventRole = 'root-array' | 'events-key' | 'posthog-by-window' | 'posthog-snapshots' | 'ours'
export type HeaderRole = 'version' | 'ours-version' | 'ours-session' | 'ours-segment' | 'person' | 'recording-id'

export type ValueRole = { event: EventRole } | { header: HeaderRole }

export const POSTHOG_VERSIONS = ['2022-12-02', '2023-04-28'] as const
/** The version of our own file format this app writes and reads. */
export const OURS_FORMAT_VERSION = 1
/** The key that marks our format; its value is the format version. */
export const OURS_MARKER = 'replayInvestigator'

const EVENT_ROOT: ValueRole = { event: 'root-array' }
const EVENT_KEY: ValueRole = { event: 'events-key' }
const EVENT_BY_WINDOW: ValueRole = { event: 'posthog-by-window' }
const EVENT_SNAPSHOTS: ValueRole = { event: 'posthog-snapshots' }
const EVENT_OURS: ValueRole = { event: 'ours' }
const header = (role: HeaderRole): ValueRole => ({ header: role })
const HEADERS = {
  version: header('version'),
  oursVersion: header('ours-version'),
  oursSession: header('ours-session'),
  oursSegment: header('ours-segment'),
  person: header('person'),
  recordingId: header('recording-id')
}

/** What the value at `path` is, or null when the import has no use for it (the scanner skips it). */
export function roleOf(path: JsonPath): ValueRole | null {
  const [a, b, c, d] = path
  switch (path.length) {
    case 1:
      if (typeof a === 'number') return EVENT_ROOT
      if (a === 'version') return HEADERS.version
      if (a === OURS_MARKER) return HEADERS.oursVersion
      if (a === 'session') return HEADERS.oursSession
      return null
    case 2:
      if (a === 'events' && typeof b === 'number') return EVENT_KEY
      if (a === 'data' && b === 'person') return HEADERS.person
      if (a === 'data' && b === 'id') return HEADERS.recordingId
      return null
    case 3:
      if (a === 'data' && b === 'snapshots' && typeof c === 'number') return EVENT_SNAPSHOTS
      if (a === 'segments' && typeof b === 'number' && c === 'segment') return HEADERS.oursSegment
      return null
    case 4:
      if (a === 'data' && b === 'snapshotsByWindowId' && typeof d === 'number') return EVENT_BY_WINDOW
      if (a === 'segments' && typeof b === 'number' && c === 'events' && typeof d === 'number') return EVENT_OURS
      return null
    default:
      return null
  }
}
