// The import's one transaction: every recording of a file becomes a session, its staged batches written
// through the Ingestor (so the indexers queue them), with the client facts the file had and its origin.
import { randomBytes } from 'node:crypto'
import { SESSION_ID_PATTERN } from '../../../shared/limits'
import type { ImportedSession, ImportFormat, RecorderConfig } from '../../../shared/types'
import { UNKNOWN_CLIENT } from '../ingest/client-facts'
import type { ClientFacts } from '../store/store'
import { oursSessionSchema, posthogPersonSchema, type FileReading, type OursSession } from './file-reading'
import type { ImportDeps } from './import-types'
import type { StagingFile } from './staging-file'

/** A fresh session id for a recording that brings none (the receiver's ids are 8-64 of A-Z a-z 0-9 _ -). */
const newSessionId = (): string => `imported-${randomBytes(12).toString('base64url')}`

/** Writes every recording of the file as a session, in one transaction. */
export function commit(
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
