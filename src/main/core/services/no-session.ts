import { NotFoundError } from '../../../shared/api-errors'

/** The one answer to an id that names no session, whatever the operation (HTTP 404, NotFoundError over IPC). */
export const noSession = (operation: string, id: string): NotFoundError =>
  new NotFoundError(`${operation}: no session ${id}`)
