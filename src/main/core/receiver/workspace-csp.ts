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

export const BROWSER_MODE_CSP = Object.entries(WORKSPACE_CSP_DIRECTIVES)
  .map(([directive, value]) => `${directive} ${value}`)
  .join('; ')
