// Worker-thread entry of idle compaction: one job at a time, { id, data } in, { id, outcome | error } out.
import { parentPort } from 'node:worker_threads'
import { compactStoredBatch } from './compaction-encoder'
import type { CompactionJob, CompactionReply } from './compaction-thread'

parentPort!.on('message', ({ id, data }: CompactionJob) => {
  let reply: CompactionReply
  try {
    reply = { id, outcome: compactStoredBatch(data) }
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort!.postMessage(reply)
})
