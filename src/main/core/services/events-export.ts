import type { Store } from '../store/store'
import { checkArgument, sessionIdSchema } from './api-dispatch'
import { noSession } from './workspace-service'

import type { TextSink } from '../files/session-export'

export type { TextSink } from '../files/session-export'

/**
 * A session's events as one JSON array, in playback order (the order of getEventChunk 0, 1, …), written
 * chunk by chunk: only one stored batch's events (one chunk) are in memory at a time, whatever the
 * session's length. One event per line inside the array: valid JSON, and still greppable.
 * Returns how many events it wrote.
 */
export async function exportSessionEvents(store: Store, sessionId: string, write: TextSink): Promise<number> {
  const id = checkArgument('events', 'id', sessionIdSchema, sessionId)
  const chunks = store.eventChunksInOrder(id)
  if (!chunks) throw noSession('events', id)
  let written = 0
  await write('[')
  for (const events of chunks) {
    if (events.length === 0) continue
    const lines = events.map((event) => JSON.stringify(event))
    await write(`${written === 0 ? '\n' : ',\n'}${lines.join(',\n')}`)
    written += events.length
  }
  await write(written === 0 ? ']\n' : '\n]\n')
  return written
}
