// Load generator for the ingest bench, run in a worker thread so it has its own core.
// Posts every body once with `concurrency` keep-alive connections; reports wall time and outcomes.
import { Agent, request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

const { port, path, bodies, concurrency } = workerData
const agent = new Agent({ keepAlive: true, maxSockets: concurrency })

function post(body) {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'Content-Type': 'text/plain', 'Content-Length': body.byteLength }
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      }
    )
    req.on('error', () => resolve(0))
    req.end(body)
  })
}

let next = 0
let ok = 0
let failed = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const status = await post(bodies[next++])
      if (status === 200) ok++
      else failed++
    }
  })
)
const elapsedMs = performance.now() - started
agent.destroy()
parentPort.postMessage({ ok, failed, elapsedMs })
