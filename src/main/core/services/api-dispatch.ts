import { z } from 'zod'
import { API_OPERATIONS, type ApiOperation, type WorkspaceApi } from '../../../shared/api'
import { BadArgumentError } from '../../../shared/api-errors'
import { plural } from '../../../shared/plural'
import { normalizeOrigin } from '../../../shared/origins'
import {
  MAX_ALLOWED_ORIGINS,
  MAX_SUMMARIES_PER_CALL,
  PIN_NAME_MAX_LENGTH,
  PIN_NOTE_MAX_LENGTH,
  SESSION_ID_PATTERN
} from '../../../shared/limits'

/** Bounds one getEventChunks response (the renderer asks for far fewer events than this allows). */
export const MAX_CHUNKS_PER_CALL = 500
/** The most days pruneSessions takes: beyond it nothing could be old enough. */
export const MAX_PRUNE_DAYS = 100_000

/** An epoch-ms moment of a recording (client clocks are wrong, but not beyond this). */
const moment = z.number().finite('is not a number').min(0, 'is below 0').max(8.64e15, 'is past the Date range')

const origin = z
  .string()
  .max(2000)
  .refine((text) => normalizeOrigin(text) !== null, 'is not an origin (http(s)://host[:port], nothing after it)')

/** A session id, as every operation (API or not) checks it. */
export const sessionIdSchema = z.string().regex(SESSION_ID_PATTERN, 'is not a session id')

/** An argument with its name, so a refusal says which one ("pinSession: name has more than 200 characters"). */
type Named = readonly [name: string, schema: z.ZodType]

const chunkIndex = z.number().int('is not a whole number').min(0, 'is below 0')

// Argument lists per operation. IPC, HTTP and the CLI all pass through here: nothing reaches a service
// with arguments the renderer, a script (or a page that stole a token) made up.
const ARGUMENTS: { [Op in ApiOperation]: readonly Named[] } = {
  getAppInfo: [],
  listSessions: [],
  getSessionSummaries: [
    ['ids', z.array(sessionIdSchema).max(MAX_SUMMARIES_PER_CALL, `has more than ${MAX_SUMMARIES_PER_CALL} ids`)]
  ],
  getSession: [['id', sessionIdSchema]],
  getSessionOutline: [['id', sessionIdSchema]],
  getEventChunk: [
    ['id', sessionIdSchema],
    ['index', chunkIndex]
  ],
  getEventChunks: [
    ['id', sessionIdSchema],
    ['from', chunkIndex],
    [
      'count',
      z
        .number()
        .int('is not a whole number')
        .min(1, 'is below 1')
        .max(MAX_CHUNKS_PER_CALL, `is above ${MAX_CHUNKS_PER_CALL}`)
    ]
  ],
  pinSession: [
    ['id', sessionIdSchema],
    ['name', z.string().max(PIN_NAME_MAX_LENGTH, `has more than ${PIN_NAME_MAX_LENGTH} characters`)],
    ['note', z.string().max(PIN_NOTE_MAX_LENGTH, `has more than ${PIN_NOTE_MAX_LENGTH} characters`)]
  ],
  unpinSession: [['id', sessionIdSchema]],
  deleteSession: [['id', sessionIdSchema]],
  pruneSessions: [['olderThanDays', z.number().min(0, 'is below 0').max(MAX_PRUNE_DAYS, `is above ${MAX_PRUNE_DAYS}`)]],
  getSettings: [],
  updateSettings: [
    [
      'patch',
      z.strictObject({
        retentionDays: z
          .number()
          .int('is not a whole number')
          .min(1, 'is below 1')
          .max(MAX_PRUNE_DAYS, `is above ${MAX_PRUNE_DAYS}`)
          .nullable()
          .optional(),
        allowedOrigins: z
          .array(origin)
          .max(MAX_ALLOWED_ORIGINS, `has more than ${MAX_ALLOWED_ORIGINS} origins`)
          .optional()
      })
    ]
  ],
  rotateIngestKey: [],
  searchSessions: [['query', z.string().max(2000, 'has more than 2000 characters')]],
  diffSessions: [
    ['a', sessionIdSchema],
    ['b', sessionIdSchema]
  ],
  comparePages: [
    ['a', sessionIdSchema],
    ['aTs', moment],
    ['b', sessionIdSchema],
    ['bTs', moment]
  ],
  getSessionAudit: [['id', sessionIdSchema]],
  auditSessions: [
    [
      'ids',
      z.array(sessionIdSchema).max(MAX_SUMMARIES_PER_CALL, `has more than ${MAX_SUMMARIES_PER_CALL} ids`).nullable()
    ]
  ],
  redactSession: [
    ['id', sessionIdSchema],
    ['options', z.strictObject({ mode: z.enum(['copy', 'in-place']), maskAllText: z.boolean() })]
  ]
}

const TUPLES = Object.fromEntries(
  Object.entries(ARGUMENTS).map(([operation, named]) => [operation, z.tuple(named.map(([, schema]) => schema) as [])])
) as unknown as { [Op in ApiOperation]: z.ZodType<Parameters<WorkspaceApi[Op]>> }

export function isApiOperation(name: string): name is ApiOperation {
  return (API_OPERATIONS as readonly string[]).includes(name)
}

/** A zod refusal as one sentence naming the argument: "getSession: id is not a session id". */
export function describeIssue(operation: string, names: readonly string[], error: z.ZodError): string {
  const issue = error.issues[0]!
  const [index, ...rest] = issue.path
  const name = typeof index === 'number' ? (names[index] ?? `argument ${index}`) : 'arguments'
  const where = [name, ...rest.map(String)].join('.')
  // A wrong argument count or a wrong type in zod's own words: "id is invalid: expected string, received number".
  const message = issue.message
    .replace(/^Invalid input: /, 'is invalid: ')
    .replace(/^Unrecognized keys?:/, 'has an unknown key:')
  return `${operation}: ${where} ${message}`.replace(/\s+/g, ' ')
}

/** Checks `args` for `operation` (BadArgumentError when they do not fit) and returns them typed. */
export function checkApiArguments<Op extends ApiOperation>(operation: Op, args: unknown): Parameters<WorkspaceApi[Op]> {
  const names = ARGUMENTS[operation].map(([name]) => name)
  if (!Array.isArray(args)) throw new BadArgumentError(`${operation}: the arguments must be an array`)
  if (args.length !== names.length) {
    const expected = names.length === 0 ? 'no arguments' : `${plural(names.length, 'argument')} (${names.join(', ')})`
    throw new BadArgumentError(`${operation}: takes ${expected}, not ${args.length}`)
  }
  const parsed = TUPLES[operation].safeParse(args)
  if (!parsed.success) {
    throw new BadArgumentError(describeIssue(operation, names, parsed.error))
  }
  return parsed.data as Parameters<WorkspaceApi[Op]>
}

/** One argument of an operation outside the API (events export, reindex), checked the same way. */
export function checkArgument<T>(operation: string, name: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = z.tuple([schema]).safeParse([value])
  if (!parsed.success) throw new BadArgumentError(describeIssue(operation, [name], parsed.error))
  return parsed.data[0] as T
}

/** Validates `args` for `operation` and calls it. Errors are ApiErrors (../../../shared/api-errors). */
export async function dispatchApiCall(api: WorkspaceApi, operation: string, args: unknown): Promise<unknown> {
  if (!isApiOperation(operation)) throw new BadArgumentError(`unknown operation "${operation}"`)
  const checked = checkApiArguments(operation, args)
  const method = api[operation] as (...a: unknown[]) => Promise<unknown>
  return method.apply(api, checked as unknown[])
}

/** One operation called as a typed function, through the same checks as IPC and HTTP (the CLI uses it). */
export type CheckedApi = <Op extends ApiOperation>(
  operation: Op,
  ...args: Parameters<WorkspaceApi[Op]>
) => ReturnType<WorkspaceApi[Op]>

export function checkedApi(api: WorkspaceApi): CheckedApi {
  return ((operation: ApiOperation, ...args: unknown[]) => dispatchApiCall(api, operation, args)) as CheckedApi
}
