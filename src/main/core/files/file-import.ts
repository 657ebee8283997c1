// Opening recordings from files (README, "Opening, importing and exporting files"). A file is read once,
// as a stream: gunzipped when it is gzip, scanned for its events (json-value-scanner.ts), every event
// checked as the receiver checks a batch's, and staged, compressed, in a temporary file. Only when the last
// byte was read and the recording found replayable does the database see it: one transaction writes every
// session of the file. A refused or cancelled import deletes the staging file and changes nothing.
import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import { pipeline, Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { z } from 'zod'
import { BadArgumentError } from '../../../shared/api-errors'
import { MAX_IMPORT_BYTES, MAX_IMPORT_VALUE_BYTES, MAX_JSON_DEPTH, SESSION_ID_PATTERN } from '../../../shared/limits'
import type {
  ImportedSession,
  ImportFormat,
  ImportProgress,
  RecordedEvent,
  RecorderConfig
} from '../../../shared/types'
import { inChunkOrder } from '../../../shared/umami-chunks'
import { looksLikeGzip } from '../codec/gzip-json'
import type { ClientFacts } from '../store/store'
import type { Ingestor } from '../ingest/ingest-batch'
import { eventProblem, recorderConfigSchema } from '../ingest/validate-batch'
import type { Store } from '../store/store'
import { OURS_FORMAT_VERSION, POSTHOG_VERSIONS, roleOf, type EventRole, type HeaderRole } from './file-layouts'
import { describePath, JsonScanError, JsonValueScanner, type JsonPath } from './json-value-scanner'
import { RecordingBuilder } from './recording-builder'
import { StagingFile } from './staging-file'

/** One file to import: its name (for messages and the session's origin), its size when known, its bytes. */
export interface ImportSource {
  name: string
  size: number | null
  open(): Readable
}

export interface ImportOptions {
  /** Umami: the sources are the chunks of one recording (in chunk_index order), not files of their own. */
  umamiChunks?: boolean
  signal?: AbortSignal
  /** Called about every 100 ms while reading, and once at the end. */
  onProgress?: (progress: ImportProgress) => void
  /** Most bytes the file may inflate to (default MAX_IMPORT_BYTES). */
  maxBytes?: number
  now?: number
}

export interface ImportDeps {
  store: Store
  ingestor: Ingestor
  /** Where staging files go (beside the database: same disk, cleaned at start-up). */
  stagingDir: string
}

/** A file the import refused: the message names the file and the problem; nothing was written. */
export class ImportRefusedError extends BadArgumentError {
  constructor(
    readonly file: string,
    problem: string,
    /** A zip archive: the sessions its other files gave (each file is imported on its own). */
    readonly imported: ImportedSession[] = []
  ) {
    super(`${file}: ${problem}`)
    this.name = 'ImportRefusedError'
  }
}

/** The import was cancelled (the workspace's Cancel, a closed connection, Ctrl+C): nothing was written. */
export class ImportCancelledError extends Error {
  constructor() {
    super('the import was cancelled; nothing was imported')
    this.name = 'ImportCancelledError'
  }
}

const PROGRESS_EVERY_MS = 100
const RECORDING_MAIN = 'main'

/** What our export files say about their session (session-export.ts writes it). */
const oursSessionSchema = z.object({
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
type OursSession = z.infer<typeof oursSessionSchema>

/** PostHog's person, as far as the import uses it: the browser and OS its properties name. */
const posthogPersonSchema = z.object({
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
class FileReading {
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

  onValue(path: JsonPath, bytes: Buffer): void {
    const role = roleOf(path)!
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

/** Streams one source through `scanner`, gunzipping it when it is gzip; reports bytes read. */
async function scanSource(
  source: ImportSource,
  scanner: JsonValueScanner,
  reading: FileReading,
  progress: { bytesBefore: number; report(bytes: number): void },
  options: ImportOptions
): Promise<number> {
  const raw = source.open()
  const abort = () => raw.destroy(new ImportCancelledError())
  options.signal?.addEventListener('abort', abort, { once: true })
  try {
    const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>
    const first = await iterator.next()
    if (first.done || first.value.length === 0) reading.refuse('the file is empty')
    let read = 0
    const counted = Readable.from(
      (async function* () {
        let next: IteratorResult<Buffer> = first
        while (!next.done) {
          read += next.value.length
          yield next.value
          next = await iterator.next()
        }
      })()
    )
    const gzip = looksLikeGzip(first.value)
    const decoded = gzip ? pipeline(counted, createGunzip(), () => {}) : counted
    const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES
    let inflated = 0
    try {
      for await (const chunk of decoded as AsyncIterable<Buffer>) {
        if (options.signal?.aborted) throw new ImportCancelledError()
        inflated += chunk.length
        if (inflated > maxBytes)
          reading.refuse(`too big: it holds more than ${maxBytes} bytes of JSON (the most an import takes)`)
        scanner.write(chunk)
        progress.report(progress.bytesBefore + read)
      }
      scanner.end()
    } catch (error) {
      if (error instanceof ImportRefusedError || error instanceof ImportCancelledError) throw error
      if (options.signal?.aborted) throw new ImportCancelledError()
      if (error instanceof JsonScanError) {
        reading.refuse(inflated === 0 || reading.events === 0 ? notJson(error.message) : error.message)
      }
      const code = (error as NodeJS.ErrnoException).code
      if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
        reading.refuse(
          code === 'Z_BUF_ERROR'
            ? 'the gzip data is truncated (the file ends before the compressed stream does)'
            : `the gzip data is corrupt (${(error as Error).message})`
        )
      }
      throw error
    }
    return read
  } finally {
    options.signal?.removeEventListener('abort', abort)
    raw.destroy()
  }
}

const notJson = (message: string): string =>
  message.startsWith('not valid JSON') ? `not JSON (${message.replace(/^not valid JSON /, '')})` : message

/** A fresh session id for a recording that brings none (the receiver's ids are 8-64 of A-Z a-z 0-9 _ -). */
const newSessionId = (): string => `imported-${randomBytes(12).toString('base64url')}`

/**
 * Imports `sources` as one file (or, with `umamiChunks`, as the chunks of one recording): reads and checks
 * all of it, then writes its sessions in one transaction. Throws ImportRefusedError (nothing written) for a
 * file that is not a recording we can replay, ImportCancelledError when `signal` aborts.
 */
export async function importFile(
  deps: ImportDeps,
  sources: readonly ImportSource[],
  options: ImportOptions = {}
): Promise<ImportedSession[]> {
  if (sources.length === 0) throw new BadArgumentError('import: no file given')
  const ordered = options.umamiChunks ? inChunkOrder(sources, (source) => source.name) : sources
  const file = basename(ordered[0]!.name)
  const now = options.now ?? Date.now()
  const staging = new StagingFile(deps.stagingDir)
  try {
    const reading = new FileReading(file, staging, now)
    const totalBytes = ordered.every((source) => source.size !== null)
      ? ordered.reduce((sum, source) => sum + source.size!, 0)
      : null
    let lastReport = 0
    const report = (bytes: number, final = false) => {
      const at = performance.now()
      if (!final && at - lastReport < PROGRESS_EVERY_MS) return
      lastReport = at
      options.onProgress?.({ bytes, totalBytes, events: reading.events })
    }
    let bytesBefore = 0
    for (const source of ordered) {
      const sourceReading = options.umamiChunks ? new FileReading(basename(source.name), staging, now) : reading
      // Umami's chunks share one recording: each chunk is its own JSON array, its events one list.
      if (options.umamiChunks) sourceReading.builders.set(RECORDING_MAIN, reading.builder(RECORDING_MAIN))
      const scanner = new JsonValueScanner({
        wants: (path) => roleOf(path) !== null,
        onValue: (path, bytes) => sourceReading.onValue(path, bytes),
        maxDepth: MAX_JSON_DEPTH,
        maxValueBytes: MAX_IMPORT_VALUE_BYTES
      })
      bytesBefore += await scanSource(source, scanner, sourceReading, { bytesBefore, report }, options)
      if (sourceReading !== reading) {
        sourceReading.format(true)
        reading.events += sourceReading.events
        for (const [role, count] of sourceReading.eventsByRole) reading.eventsByRole.set(role, count)
      }
    }
    report(bytesBefore, true)
    const format = reading.format(options.umamiChunks ?? false)
    for (const builder of reading.builders.values()) {
      builder.finish()
      const problem = builder.problem()
      if (problem) {
        const which = reading.builders.size > 1 ? `window ${builder.key} ` : ''
        reading.refuse(`${which}${problem}`)
      }
    }
    if (options.signal?.aborted) throw new ImportCancelledError()
    return commit(deps, reading, format, staging, now)
  } finally {
    staging.remove()
  }
}

/** Writes every recording of the file as a session, in one transaction. */
function commit(
  deps: ImportDeps,
  reading: FileReading,
  format: ImportFormat,
  staging: StagingFile,
  now: number
): ImportedSession[] {
  const { store, ingestor } = deps
  const ours = format === 'replay-investigator' ? oursSession(reading) : null
  const person = format.startsWith('posthog') ? posthogPerson(reading.headers.get('person')) : null
  const imported: ImportedSession[] = []
  store.transaction(() => {
    for (const builder of reading.builders.values()) {
      const sessionId =
        ours && SESSION_ID_PATTERN.test(ours.id) && !store.hasSession(ours.id) && !store.wasDeleted(ours.id)
          ? ours.id
          : newSessionId()
      const page = builder.page
      const meta = {
        userAgent: ours?.userAgent ?? '',
        language: ours?.language ?? '',
        timezone: ours?.timezone ?? '',
        // rrweb's Meta event carries the window's size, not the screen's: the file knows no screen size.
        screen: ours?.screen ?? { width: page.width, height: page.height },
        viewport: ours?.viewport ?? { width: page.width, height: page.height },
        url: page.href ?? '',
        referrer: ours?.referrer ?? '',
        config: ours ? (ours.config as RecorderConfig) : importedConfig(format)
      }
      const client: ClientFacts = ours
        ? {
            ip: ours.ip,
            browserName: ours.browser.name,
            browserVersion: ours.browser.version,
            osName: ours.os.name,
            osVersion: ours.os.version,
            deviceType: ours.device.type
          }
        : { ip: null, ...(person ?? UNKNOWN_CLIENT) }
      builder.batches.forEach((batch, seq) => {
        ingestor.writeValidated({
          sessionId,
          seq,
          segment: batch.segment,
          receivedAt: now,
          firstTs: batch.firstTs,
          lastTs: batch.lastTs,
          eventCount: batch.eventCount,
          rawBytes: batch.rawBytes,
          data: staging.read(batch.blob),
          meta,
          client,
          pages: batch.pages
        })
      })
      const window = format.startsWith('posthog') ? builder.key : undefined
      store.markImported(
        sessionId,
        { file: reading.file, format, importedAt: now, ...(window ? { window } : {}) },
        ours ? { firstSeenAt: ours.firstSeenAt, lastSeenAt: ours.lastSeenAt } : null
      )
      if (ours?.pin) store.pinSession(sessionId, ours.pin.name, ours.pin.note, ours.pin.savedAt)
      imported.push({ sessionId, events: builder.events, file: reading.file, format })
    }
  })
  return imported
}

const UNKNOWN_CLIENT: Omit<ClientFacts, 'ip'> = {
  browserName: null,
  browserVersion: null,
  osName: null,
  osVersion: null,
  deviceType: 'unknown'
}

/**
 * Files from other tools do not say how they were masked. `lax` is the safe reading for the privacy audit
 * (nothing is assumed masked), and the version names the source so the metadata panel says where it came from.
 */
function importedConfig(format: ImportFormat): RecorderConfig {
  return {
    maskLevel: 'lax',
    blockSelector: null,
    maskSelector: null,
    sampleRate: 1,
    maxDurationMs: 0,
    console: 'all',
    networkBodies: [],
    version: `imported from ${format}`
  }
}

function oursSession(reading: FileReading): OursSession {
  const parsed = oursSessionSchema.safeParse(reading.headers.get('ours-session'))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    reading.refuse(
      `a Replay Investigator file whose session is malformed (session.${issue.path.join('.')}: ${issue.message})`
    )
  }
  return parsed.data
}

function posthogPerson(value: unknown): Omit<ClientFacts, 'ip'> | null {
  const parsed = posthogPersonSchema.safeParse(value)
  const properties = parsed.success ? parsed.data.properties : undefined
  if (!properties) return null
  const deviceType = properties.$device_type?.toLowerCase()
  return {
    browserName: properties.$browser ?? null,
    browserVersion: properties.$browser_version === undefined ? null : String(properties.$browser_version),
    osName: properties.$os ?? null,
    osVersion: properties.$os_version ?? null,
    deviceType: deviceType === 'desktop' || deviceType === 'mobile' || deviceType === 'tablet' ? deviceType : 'unknown'
  }
}
