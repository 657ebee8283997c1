// A live session list is kept up to date by patches: the sessions a burst of change notices named are
// fetched again (getSessionSummaries) and replace their rows; deleted ones leave. Refetching the whole
// list for every notice cost ~170 ms of the core's time and 7 MB of JSON per refresh at 10,000 sessions,
// several times a second while pages were being recorded.
import type { SessionSummary } from '../../../shared/types'

/** What a burst of notices asked for: sessions to fetch again, and sessions to drop. */
export interface PendingChanges {
  updated: Set<string>
  deleted: Set<string>
}

export const noChanges = (): PendingChanges => ({ updated: new Set(), deleted: new Set() })

/**
 * The list with `fresh` rows replacing theirs (new sessions first, as the newest), without the `deleted`
 * ones and without the `requested` ones the core no longer has (deleted meanwhile).
 */
export function patchSessions(
  list: readonly SessionSummary[],
  fresh: readonly SessionSummary[],
  requested: ReadonlySet<string>,
  deleted: ReadonlySet<string>
): SessionSummary[] {
  const byId = new Map(fresh.map((session) => [session.id, session]))
  const known = new Set(list.map((session) => session.id))
  const added = fresh.filter((session) => !known.has(session.id))
  const kept = list
    .filter((session) => !deleted.has(session.id) && (!requested.has(session.id) || byId.has(session.id)))
    .map((session) => byId.get(session.id) ?? session)
  return [...added, ...kept]
}
