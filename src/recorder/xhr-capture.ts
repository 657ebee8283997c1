import type { NetworkFailure } from '../shared/devtools-events'
import { bodySize, clipText, implicitContentType, isTextual, messageOf, requestBodyText } from './body-reader'
import type { NetworkRecorder, OpenRequest } from './network-record'
import type { RawMessage } from './network-privacy'
import { noteBefore } from './wrap-method'

/**
 * The page's XMLHttpRequests, each recorded at its `loadend` (network-record.ts). `open`, `setRequestHeader`
 * and `send` on the prototype note what the request is, then call the page's methods with the same `this` and
 * arguments (their number too: `open(method, url)` is asynchronous, `open(method, url, undefined)` is not) and
 * return what they return. The outcome is read from listeners added with addEventListener, which leave the
 * page's own `onload`, `onerror` and listeners as they were; the response is read as the page can read it,
 * without consuming anything.
 */

interface XhrState {
  method: string
  url: string
  headers: [string, string][]
  open?: OpenRequest
  failure?: NetworkFailure
  listening?: boolean
}

export function captureXhr(xhrClass: { prototype: XMLHttpRequest } | undefined, network: NetworkRecorder): void {
  if (!xhrClass) return
  const states = new WeakMap<XMLHttpRequest, XhrState>()
  const proto = xhrClass.prototype

  noteBefore<XMLHttpRequest>(proto, 'open', (xhr, [method, url]) => {
    // The same object, reused: a request still in flight is aborted by open() and closes at its loadend.
    const state = states.get(xhr) ?? { method: '', url: '', headers: [] }
    Object.assign(state, { method: String(method), url: String(url), headers: [] })
    states.set(xhr, state)
  })
  noteBefore<XMLHttpRequest>(proto, 'setRequestHeader', (xhr, [name, value]) => {
    states.get(xhr)?.headers.push([String(name), String(value)])
  })
  noteBefore<XMLHttpRequest>(proto, 'send', (xhr, [body]) => {
    const state = states.get(xhr)
    const open = state && network.open('xmlhttprequest', state.method, state.url)
    if (!state || !open) return
    open.requestSize = bodySize(body)
    if (open.bodies) {
      const contentType =
        state.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? implicitContentType(body)
      open.request = messageOf(state.headers, contentType, requestBodyText(body, contentType))
    }
    state.open = open
    state.failure = undefined
    if (state.listening) return
    state.listening = true
    for (const type of ['error', 'abort', 'timeout', 'loadend']) {
      xhr.addEventListener(type, (event) => settle(xhr, state, event as ProgressEvent))
    }
  })

  function settle(xhr: XMLHttpRequest, state: XhrState, event: ProgressEvent): void {
    try {
      const open = state.open
      if (!open) return
      if (event.type !== 'loadend') {
        state.failure = event.type === 'error' ? 'network' : (event.type as NetworkFailure)
        return
      }
      state.open = undefined
      const failure = state.failure ?? null
      network.close(open, {
        status: failure ? null : xhr.status || null,
        error: failure,
        responseSize: event.loaded,
        response: open.bodies && !failure ? responseOf(xhr) : undefined
      })
    } catch {
      // never an error of ours in the page's request
    }
  }
}

/** The response as the page can read it: headers, and the text of a text or JSON response. */
function responseOf(xhr: XMLHttpRequest): RawMessage {
  const headers = xhr
    .getAllResponseHeaders()
    .split('\r\n')
    .filter(Boolean)
    .map((line): [string, string] => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()]
    })
  const contentType = xhr.getResponseHeader('content-type')
  const type = xhr.responseType
  const text =
    !isTextual(contentType) || (type !== '' && type !== 'text' && type !== 'json')
      ? null
      : type === 'json'
        ? JSON.stringify(xhr.response)
        : xhr.responseText
  return { headers, body: text === null ? null : clipText(text), contentType }
}
