/**
 * The script tag a developer pastes into their site, pointing at this receiver and carrying this install's
 * ingest key (the recorder sends it with every batch; see README "Drive-by protection"). `crossorigin="anonymous"`
 * loads it with CORS, which the recorder needs to wrap fetch and XHR without muting the page's own errors (README).
 */
export function recorderSnippet(receiverUrl: string, ingestKey: string): string {
  return (
    `<script src="${receiverUrl}/recorder.js" crossorigin="anonymous" data-key="${ingestKey}" data-mask-level="moderate" ` +
    `data-block-selector=".no-record" data-sample-rate="1" data-max-duration="300000" defer></script>`
  )
}

/** The URL to reach a server bound to `host`:`port` (wildcard binds are reached on loopback). */
export function serverUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`
}
