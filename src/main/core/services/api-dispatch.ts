import { z } from 'zod'
import { API_OPERATIONS, type ApiOperation, type WorkspaceApi } from '../../../shared/api'
import {
  MAX_SUMMARIES_PER_CALL,
  PIN_NAME_MAX_LENGTH,
  PIN_NOTE_MAX_LENGTH,
  SESSION_ID_PATTERN
} from '../../../shared/limits'

/** A call that cannot be dispatched: unknown operation or arguments of the wrong shape. */
export class ApiArgumentError extends Error {}

/** Bounds one getEventChunks response (the renderer asks for far fewer events than this allows). */
export const MAX_CHUNKS_PER_CALL = 500

const sessionId = z.string().regex(SESSION_ID_PATTERN, 'is not a session id')

// Argument schemas per operation. IPC and HTTP both pass through here: nothing reaches a
// service with arguments the renderer (or a page that stole a token) made up.
const ARGUMENTS: { [Op in ApiOperation]: z.ZodType<Parameters<WorkspaceApi[Op]>> } = {
  getAppInfo: z.tuple([]),
  listSessions: z.tuple([]),
  getSessionSummaries: z.tuple([z.array(sessionId).max(MAX_SUMMARIES_PER_CALL)]),
  getSession: z.tuple([sessionId]),
  getEvents: z.tuple([sessionId]),
  getSessionOutline: z.tuple([sessionId]),
  getEventChunk: z.tuple([sessionId, z.number().int().min(0)]),
  getEventChunks: z.tuple([sessionId, z.number().int().min(0), z.number().int().min(1).max(MAX_CHUNKS_PER_CALL)]),
  pinSession: z.tuple([sessionId, z.string().max(PIN_NAME_MAX_LENGTH), z.string().max(PIN_NOTE_MAX_LENGTH)]),
  unpinSession: z.tuple([sessionId]),
  deleteSession: z.tuple([sessionId]),
  pruneSessions: z.tuple([z.number().min(0).max(100_000)]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([
    z.strictObject({ retentionDays: z.number().int().min(1).max(100_000).nullable().optional() })
  ]),
  searchSessions: z.tuple([z.string().max(2000)]),
  getSessionAudit: z.tuple([sessionId]),
  auditSessions: z.tuple([z.array(sessionId).max(MAX_SUMMARIES_PER_CALL).nullable()]),
  redactSession: z.tuple([sessionId, z.strictObject({ mode: z.enum(['copy', 'in-place']), maskAllText: z.boolean() })])
}

export function isApiOperation(name: string): name is ApiOperation {
  return (API_OPERATIONS as readonly string[]).includes(name)
}

/** Validates `args` for `operation` and calls it. */
export async function dispatchApiCall(api: WorkspaceApi, operation: string, args: unknown): Promise<unknown> {
  if (!isApiOperation(operation)) throw new ApiArgumentError(`unknown operation "${operation}"`)
  const parsed = ARGUMENTS[operation].safeParse(args)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ApiArgumentError(
      `${operation}: argument ${issue.path.join('.') || ''} ${issue.message}`.replace(/\s+/g, ' ')
    )
  }
  const method = api[operation] as (...a: unknown[]) => Promise<unknown>
  return method.apply(api, parsed.data as unknown[])
}
