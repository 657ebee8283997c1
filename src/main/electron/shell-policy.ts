// What the desktop shell lets through, as plain functions (no runtime electron import, unit-tested under
// Node): which URL the window shows, which requests load, which frames may navigate, which links open
// outside. harden-app.ts wires them into Electron.
import { normalize, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isAllowedNavigation } from './window-options'

export interface ShellPolicy {
  /** The one URL the window shows (and the only frame trusted for IPC). */
  workspaceUrl: string
  /** The built renderer folder: the only place file: requests may read. */
  rendererDir: string
  /** The dev server's origin (development only; null when packaged). */
  devServerOrigin: string | null
  /** DevTools in development only. */
  devTools: boolean
}

/** Loopback http(s) origins only: a dev server elsewhere is no dev server of ours. */
function loopbackOrigin(url: string | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && loopback ? parsed.origin : null
  } catch {
    return null
  }
}

/**
 * The shell's policy from how it runs. ELECTRON_RENDERER_URL (electron-vite's dev server) counts only in an
 * unpackaged app, and only on loopback: in a packaged app an environment variable must never decide what the
 * window loads, nor which frame may call the core over IPC.
 */
export function shellPolicyFor(options: {
  isPackaged: boolean
  rendererDir: string
  env: Readonly<Record<string, string | undefined>>
}): ShellPolicy {
  const devServerOrigin = options.isPackaged ? null : loopbackOrigin(options.env.ELECTRON_RENDERER_URL)
  const rendererDir = normalize(options.rendererDir)
  return {
    workspaceUrl: devServerOrigin ? `${devServerOrigin}/` : pathToFileURL(`${rendererDir}${sep}index.html`).href,
    rendererDir,
    devServerOrigin,
    devTools: !options.isPackaged
  }
}

/** Whether a file: URL names a file inside `dir` (after decoding and normalising; no other host). */
function isFileInside(url: URL, dir: string): boolean {
  try {
    return normalize(fileURLToPath(url)).startsWith(dir + sep)
  } catch {
    return false // file://host/… or a malformed path
  }
}

/**
 * The workspace never talks to the network: its own files, inline data, and in development the dev server.
 * Everything else (the recorded site's assets included) is cancelled.
 */
export function isAllowedRequest(targetUrl: string, policy: ShellPolicy): boolean {
  let url: URL
  try {
    url = new URL(targetUrl)
  } catch {
    return false
  }
  switch (url.protocol) {
    case 'file:':
      return isFileInside(url, policy.rendererDir)
    case 'data:':
    case 'blob:':
      return true
    case 'devtools:':
      return policy.devTools
    default:
      return policy.devServerOrigin !== null && url.origin === policy.devServerOrigin
  }
}

/**
 * Frame navigations: the top frame stays on the workspace; subframes (the replay iframe) may only be
 * about:blank / about:srcdoc, which is where rrweb rebuilds recordings.
 */
export function isAllowedFrameNavigation(targetUrl: string, isMainFrame: boolean, policy: ShellPolicy): boolean {
  if (isMainFrame) return isAllowedNavigation(targetUrl, policy.workspaceUrl)
  return targetUrl === 'about:blank' || targetUrl === 'about:srcdoc'
}

/** Links the app may hand to the user's browser: documentation, nothing else. */
export const EXTERNAL_LINK_PREFIXES = ['https://github.com/rrweb-io/rrweb']

export function isAllowedExternalUrl(targetUrl: string): boolean {
  let url: URL
  try {
    url = new URL(targetUrl)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false
  const bare = `${url.origin}${url.pathname}`
  return EXTERNAL_LINK_PREFIXES.some((prefix) => bare === prefix || bare.startsWith(`${prefix}/`))
}
