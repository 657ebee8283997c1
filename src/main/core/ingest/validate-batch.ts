import { z } from 'zod'
import { EventType } from '@rrweb/types'
import { CONSOLE_CAPTURES, MASK_LEVELS, type IngestBatch, type RecordedEvent } from '../../../shared/types'
import {
  MAX_EVENTS_PER_BATCH,
  MAX_NETWORK_BODY_PATTERN_CHARS,
  MAX_NETWORK_BODY_PATTERNS,
  SESSION_ID_PATTERN
} from '../../../shared/limits'

export class ValidationError extends Error {}

const boundedString = (max: number) => z.string().max(max)
const dimension = z.number().int().min(0).max(100_000)
const size = z.strictObject({ width: dimension, height: dimension })

const recorderConfig = z.strictObject({
  maskLevel: z.enum(MASK_LEVELS as [string, ...string[]]),
  blockSelector: boundedString(2000).nullable(),
  maskSelector: boundedString(2000).nullable(),
  sampleRate: z.number().min(0).max(1),
  maxDurationMs: z.number().int().min(0),
  // Optional: a tab that loaded an older recorder.js before the app was updated still sends without them.
  console: z.enum(CONSOLE_CAPTURES as [string, ...string[]]).optional(),
  networkBodies: z.array(boundedString(MAX_NETWORK_BODY_PATTERN_CHARS)).max(MAX_NETWORK_BODY_PATTERNS).optional(),
  version: boundedString(64)
})

const clientMeta = z.strictObject({
  userAgent: boundedString(2000),
  language: boundedString(64),
  timezone: boundedString(128),
  screen: size,
  viewport: size,
  url: boundedString(8192),
  referrer: boundedString(8192),
  config: recorderConfig
})

// The envelope is validated by schema; events are checked by hand below because a batch carries
// up to thousands of them and only their rrweb frame (type, timestamp, data) is ours to judge.
const envelope = z.strictObject({
  v: z.literal(1),
  sessionId: z.string().regex(SESSION_ID_PATTERN, 'must be 8-64 characters of A-Z a-z 0-9 _ -'),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  segment: z.number().int().min(0).max(1_000_000),
  sentAt: z.number().finite(),
  meta: clientMeta,
  events: z.array(z.unknown()).min(1, 'a batch needs at least one event').max(MAX_EVENTS_PER_BATCH)
})

const MAX_EVENT_TYPE = EventType.Plugin
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Why `value` is not an rrweb event, or null when it is one. */
function eventProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not an object'
  const { type, timestamp, data } = value
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > MAX_EVENT_TYPE) {
    return `has type ${JSON.stringify(type)}, not an rrweb event type (0-${MAX_EVENT_TYPE})`
  }
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp <= 0) {
    return 'has no valid timestamp'
  }
  if (!isRecord(data)) return 'has no data object'
  switch (type) {
    case EventType.FullSnapshot:
      if (!isRecord(data.node) || typeof data.node.type !== 'number') return 'is a full snapshot without a node tree'
      break
    case EventType.IncrementalSnapshot:
      if (typeof data.source !== 'number') return 'is an incremental snapshot without a source'
      break
    case EventType.Meta:
      if (typeof data.href !== 'string') return 'is a meta event without href'
      break
  }
  return null
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'batch'
  return `${where}: ${issue.message}`
}

/** Validates a decoded body as an IngestBatch, or throws ValidationError saying exactly what is wrong. */
export function validateBatch(body: unknown): IngestBatch {
  const parsed = envelope.safeParse(body)
  if (!parsed.success) throw new ValidationError(`invalid batch: ${describeZodIssue(parsed.error.issues[0]!)}`)
  const events = parsed.data.events
  for (let i = 0; i < events.length; i++) {
    const problem = eventProblem(events[i])
    if (problem) throw new ValidationError(`invalid batch: events.${i} ${problem}`)
  }
  return { ...parsed.data, events: events as RecordedEvent[] } as IngestBatch
}
