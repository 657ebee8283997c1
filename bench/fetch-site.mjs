// The site of the recorder-network bench, in a worker thread: its event loop is not the receiver's, as on a
// developer's machine, where the site's server and the app are separate processes. Serves the given pages
// cross-origin isolated, and /api/ping; posts its URL to the parent.
import { createServer } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

const { pages, pong } = workerData
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  if (path === '/api/ping') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    return res.end(pong)
  }
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp'
  })
  res.end(pages[path] ?? '')
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ url: `http://127.0.0.1:${server.address().port}` }))
