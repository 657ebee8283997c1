// Browser mode's file bridge: an import uploads the file as the request body (the browser streams a File, it
// does not read it into memory first) and reads the server's NDJSON answer line by line, so the progress bar
// follows what the server has read and checked; an export is a download of GET /api/files/export. Both carry
// the workspace cookie like every API call (core/receiver/file-routes.ts).
import { FILE_ROUTES, ImportCancelled, type FileBridge } from '../../../shared/api'
import { apiErrorFromBody, InternalError } from '../../../shared/api-errors'
import type { ImportedSession, ImportProgress } from '../../../shared/types'

/** How often the workspace asks how far an upload's import is. */
const PROGRESS_POLL_MS = 250

type ImportLine = { progress: ImportProgress } | { result: ImportedSession[] } | { error: unknown }

/** Reads `{progress}` lines until the `{result}` or `{error}` one. */
async function readImportAnswer(
  body: ReadableStream<BufferSource>,
  onProgress: (progress: ImportProgress) => void
): Promise<ImportedSession[]> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) throw new InternalError('import: the server closed the connection before it answered')
    buffer += value
    let end: number
    while ((end = buffer.indexOf('\n')) !== -1) {
      const line = JSON.parse(buffer.slice(0, end)) as ImportLine
      buffer = buffer.slice(end + 1)
      if ('progress' in line) onProgress(line.progress)
      else if ('result' in line) return line.result
      else throw apiErrorFromBody(line.error) ?? new InternalError('import failed')
    }
  }
}

export function createHttpFiles(baseUrl = ''): FileBridge {
  return {
    importFiles(files, { umamiChunks, onProgress }) {
      const controller = new AbortController()
      const importId = crypto.randomUUID()
      let finished = false
      // Chromium reads no answer before the whole body is sent, so progress is asked for beside the upload.
      const poll = async () => {
        while (!finished) {
          await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS))
          if (finished) return
          const response = await fetch(`${baseUrl}${FILE_ROUTES.importProgress}?id=${importId}`).catch(() => null)
          const body = (await response?.json().catch(() => null)) as { progress?: ImportProgress } | null
          if (!finished && body?.progress) onProgress(body.progress)
        }
      }
      const run = async () => {
        void poll()
        const query = new URLSearchParams({ id: importId })
        if (umamiChunks) query.set('umami', '1')
        for (const file of files) {
          query.append('name', file.name)
          query.append('size', String(file.size))
        }
        const response = await fetch(`${baseUrl}${FILE_ROUTES.import}?${query}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream' },
          // Several Umami chunks go one after another in one body; `size` says where each ends.
          body: files.length === 1 ? files[0]! : new Blob(files),
          signal: controller.signal
        })
        if (!response.ok || !response.body) {
          const body: unknown = await response.json().catch(() => null)
          throw apiErrorFromBody(body) ?? new InternalError(`import: HTTP ${response.status}`)
        }
        return readImportAnswer(response.body, onProgress)
      }
      const done = run()
        .catch((error: unknown) => {
          throw controller.signal.aborted ? new ImportCancelled() : error
        })
        .finally(() => (finished = true))
      return { done, cancel: () => controller.abort() }
    },
    async exportSessions(ids) {
      // A plain download: the browser streams it to disk and names it from Content-Disposition.
      const link = document.createElement('a')
      link.href = `${baseUrl}${FILE_ROUTES.export}?ids=${ids.map(encodeURIComponent).join(',')}`
      link.download = ''
      document.body.append(link)
      link.click()
      link.remove()
    }
  }
}
