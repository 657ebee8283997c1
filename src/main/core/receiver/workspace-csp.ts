// The workspace's Content-Security-Policy, used by browser mode (HTTP header) and by the Electron
// shell (response header on the window's session). The replay iframe (about:blank) inherits it, which
// is what keeps recorded pages from fetching their remote assets or running scripts.
export const WORKSPACE_CSP_DIRECTIVES: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  // rrweb rebuilds recorded <style> as inline styles; the player and React style inline too.
  'style-src': "'self' 'unsafe-inline'",
  'img-src': "'self' data: blob:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'frame-src': "'self' blob:",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'"
}

/** The same policy, except that the replay may fetch the recorded site's images, styles, fonts and media. */
export const REMOTE_ASSETS_CSP_DIRECTIVES: Record<string, string> = {
  ...WORKSPACE_CSP_DIRECTIVES,
  'style-src': "'self' 'unsafe-inline' http: https:",
  'img-src': "'self' data: blob: http: https:",
  'font-src': "'self' data: http: https:",
  'media-src': "'self' blob: http: https:"
}

// frame-ancestors is not allowed in a <meta> policy (browsers ignore it there with a warning).
const META_UNSUPPORTED = new Set(['frame-ancestors'])

export function cspString(directives: Record<string, string>, forMeta = false): string {
  return Object.entries(directives)
    .filter(([directive]) => !forMeta || !META_UNSUPPORTED.has(directive))
    .map(([directive, value]) => `${directive} ${value}`)
    .join('; ')
}

/** The strict policy: browser mode's header, and the desktop window's (for the dev server; file:// uses the <meta>). */
export const WORKSPACE_CSP = cspString(WORKSPACE_CSP_DIRECTIVES)
export const REMOTE_ASSETS_CSP = cspString(REMOTE_ASSETS_CSP_DIRECTIVES)

/**
 * The policy as a <meta> tag, put into index.html at build time: the Electron window loads the renderer from
 * file://, where no response header can carry a CSP.
 */
export const workspaceCspMeta = (directives: Record<string, string>): string =>
  `<meta http-equiv="Content-Security-Policy" content="${cspString(directives, true)}" />`
