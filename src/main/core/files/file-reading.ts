// What one pass over a file found: its events, routed by where they sit (file-layouts.ts) to the recording
// (session) and page load they belong to and checked as the receiver checks a batch's; its header values
// (versions, our session, PostHog's person); and, at the end, which format it turned out to be.
import { z } from 'zod'
import type { ImportFormat, RecordedEvent } from '../../../shared/types'
import { eventProblem, recorderConfigSchema } from '../ingest/validate-batch'
import { OURS_FORMAT_VERSION, POSTHOG_VERSIONS, type EventRole, type HeaderRole, type ValueRole } from './file-layouts'
import { ImportRefusedError } from './import-types'
import { describePath, type JsonPath } from './json-value-scanner'
import { RecordingBuilder } from './recording-builder'
import type { StagingFile } from './staging-file'

/** The recording of a file that has one (everything but PostHog's windows). */
export const RECORDING_MAIN = 'main'

/** What our export files say about their session (session-export.ts writes it). */
export const oursSessionSchema = z.object({
  id: z.string(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  ip: z.string().max(200).nullable(),
  userAgent: z.string().max(2000),
  browser: z.object({ name: z.string().max(200).nullable(), version: z.string().max(200).nullable() }),
  os: z.object({ name: z.string().max(200).nullable(), version: z.string().max(200).nullable() }),
  device: z.object({ type: z.string().max(40) }),
  language: z.string().max(64),
  timezone: z.string().max(128),
  screen: z.object({ width: z.number().int().min(0), height: z.number().int().min(0) }),
  viewport: z.object({ width: z.number().int().min(0), height: z.number().int().min(0) }),
  referrer: z.string().max(8192),
  config: recorderConfigSchema,
  pin: z.object({ name: z.string().max(200), note: z.string().max(10_000), savedAt: z.number() }).nullable()
})
export type OursSession = z.infer<typeof oursSessionSchema>

/** PostHog's person, as far as the import uses it: the browser and OS its properties name. */
export const posthogPersonSchema = z.object({
  properties: z
    .object({
      $browser: z.string().max(200).optional(),
      $browser_version: z.union([z.string().max(200), z.number()]).optional(),
      $os: z.string().max(200).optional(),
      $os_version: z.string().max(200).optional(),
      $device_type: z.string().max(40).optional()
    })
    .partial()
    .optional()
})

/** Everything one pass over a file (or Umami's chunks) found. */
export class FileReading {
  readonly builders = new Map<string, RecordingBuilder>()
  readonly eventsByRole = new Map<EventRole, number>()
  readonly headers = new Map<HeaderRole, unknown>()
  /** Our format: segments[i].segment. */
  readonly segmentNumbers = new Map<number, number>()
  events = 0

  constructor(
    readonly file: string,
    private readonly staging: StagingFile,
    private readonly now: number
  ) {}

  builder(key: string): RecordingBuilder {
    let builder = this.builders.get(key)
    if (!builder) this.builders.set(key, (builder = new RecordingBuilder(key, this.staging)))
    return builder
  }

  refuse(problem: string): never {
    throw new ImportRefusedError(this.file, problem)
  }

  /** A wanted value and its role (file-layouts.ts roleOf of its path). */
  onValue(path: JsonPath, bytes: Buffer, role: ValueRole): void {
    if ('header' in role) return this.onHeader(role.header, path, bytes)
    let value: unknown
    try {
      value = JSON.parse(bytes.toString('utf8'))
    } catch (error) {
      this.refuse(`not valid JSON in ${describePath(path)}: ${(error as Error).message}`)
    }
    const { key, segment } = this.placeOf(role.event, path, value)
    const builder = this.builder(key)
    const problem = eventProblem(value, this.now, builder.budgetFor(segment, bytes.byteLength))
    if (problem) {
      const lead = this.events === 0 ? 'not rrweb events: ' : ''
      this.refuse(`${lead}${describePath(path)} ${problem}`)
    }
    builder.add(value as RecordedEvent, bytes, segment)
    this.events++
    this.eventsByRole.set(role.event, (this.eventsByRole.get(role.event) ?? 0) + 1)
  }

  /** Which recording (session) and page load an event belongs to. */
  private placeOf(role: EventRole, path: JsonPath, value: unknown): { key: string; segment: number } {
    switch (role) {
      case 'posthog-by-window':
        return { key: String(path[2]), segment: 0 }
      case 'posthog-snapshots': {
        const windowId = (value as { windowId?: unknown } | null)?.windowId
        return { key: typeof windowId === 'string' && windowId ? windowId.slice(0, 200) : RECORDING_MAIN, segment: 0 }
      }
      case 'ours': {
        const index = path[1] as number
        return { key: RECORDING_MAIN, segment: this.segmentNumbers.get(index) ?? index }
      }
      default:
        return { key: RECORDING_MAIN, segment: 0 }
    }
  }

  private onHeader(role: HeaderRole, path: JsonPath, bytes: Buffer): void {
    let value: unknown
    try {
      value = JSON.parse(bytes.toString('utf8'))
    } catch (error) {
      this.refuse(`not valid JSON in ${describePath(path)}: ${(error as Error).message}`)
    }
    switch (role) {
      case 'version':
        // A date-like version that is not one of PostHog's is a PostHog export of a version we do not read:
        // refused at once, not after reading the rest of a big file.
        if (
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}$/.test(value) &&
          !(POSTHOG_VERSIONS as readonly string[]).includes(value)
        ) {
          this.refuse(unsupportedPosthogVersion(value))
        }
        break
      case 'ours-version':
        if (value !== OURS_FORMAT_VERSION) {
          this.refuse(
            `unsupported version: a Replay Investigator file of format version ${JSON.stringify(value)?.slice(0, 40)} ` +
              `(this app reads version ${OURS_FORMAT_VERSION}); update the app`
          )
        }
        break
      case 'ours-segment':
        if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1_000_000) {
          this.segmentNumbers.set(path[1] as number, value)
        } else this.refuse(`${describePath(path)} must be a page-load number`)
        break
    }
    this.headers.set(role, value)
  }

  /** The format the file turned out to be, or a refusal saying why it is none of them. */
  format(umamiChunks: boolean): ImportFormat {
    const roles = [...this.eventsByRole.keys()]
    if (roles.length > 1) this.refuse(`mixes event lists of different formats (${roles.join(', ')})`)
    const role = roles[0]
    const version = this.headers.get('version')
    if (this.headers.has('ours-version')) {
      if (role !== undefined && role !== 'ours')
        this.refuse('is a Replay Investigator file with events outside segments')
      return 'replay-investigator'
    }
    if (role === 'posthog-by-window' || role === 'posthog-snapshots') {
      const expected = role === 'posthog-by-window' ? '2022-12-02' : '2023-04-28'
      if (version !== expected) {
        if (typeof version !== 'string') this.refuse(`is a PostHog export without a version (expected "${expected}")`)
        this.refuse(unsupportedPosthogVersion(version))
      }
      return `posthog-${expected}`
    }
    if (role === 'root-array' || role === 'events-key') return umamiChunks ? 'umami' : 'rrweb'
    if (typeof version === 'string' && this.headers.has('person')) this.refuse(unsupportedPosthogVersion(version))
    return this.refuse(
      'JSON, but not a recording: it holds no rrweb events (expected an array of rrweb events, {"events": [...]}, ' +
        'a PostHog recording export or a Replay Investigator file)'
    )
  }
}

const unsupportedPosthogVersion = (version: string): string =>
  `unsupported version: a PostHog export of version "${version.slice(0, 40)}" (this app reads ${POSTHOG_VERSIONS.join(' and ')})`
