// Worker-thread entry of idle compaction: one job at a time, { id, data } in, { id, outcome | error } out.
import { constants, setPriority } from 'node:os'
import { parentPort } from 'node:worker_threads'
import { compactStoredBatch } from './compaction-encoder'
import type { CompactionJob, CompactionReply } from './compaction-thread'

// Compaction is background work: on a busy machine it must lose to the receiver and the window, not share
// the CPU with them. On Linux the nice value is per thread, and who = 0 means this thread alone; elsewhere
// it would lower the whole app, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(0, constants.priority.PRIORITY_LOW)
  } catch {
    // Not allowed here: compaction runs at normal priority, still off the main thread.
  }
}

parentPort!.on('message', ({ id, data }: CompactionJob) => {
  let reply: CompactionReply
  try {
    reply = { id, outcome: compactStoredBatch(data) }
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) }
  }
  parentPort!.postMessage(reply)
})
