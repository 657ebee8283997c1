import { describe, expect, it } from 'vitest'
import { API_OPERATIONS, type WorkspaceApi } from '../../src/shared/api'
import { handleIpcCall, isTrustedSender } from '../../src/main/electron/ipc-guard'
import { WORKSPACE_CSP } from '../../src/main/core/receiver/workspace-csp'
import { isAllowedNavigation, workspaceWindowOptions } from '../../src/main/electron/window-options'

const WORKSPACE = 'file:///opt/replay-investigator/out/renderer/index.html'

describe('window options', () => {
  const prefs = workspaceWindowOptions('/app/preload/index.cjs').webPreferences!

  it('isolates and sandboxes the renderer with no Node', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.preload).toBe('/app/preload/index.cjs')
  })

  it('has a CSP without remote sources, eval or inline script', () => {
    const csp = WORKSPACE_CSP
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/)
  })
})

describe('navigation guard', () => {
  it('allows only the workspace page itself', () => {
    expect(isAllowedNavigation(WORKSPACE, WORKSPACE)).toBe(true)
    expect(isAllowedNavigation(`${WORKSPACE}#/session/abc`, WORKSPACE)).toBe(true)
    expect(isAllowedNavigation('https://evil.example/', WORKSPACE)).toBe(false)
    expect(isAllowedNavigation('file:///etc/passwd', WORKSPACE)).toBe(false)
    expect(isAllowedNavigation('not a url', WORKSPACE)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173/')).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
  })
})

describe('IPC guard', () => {
  const calls: unknown[][] = []
  const api = Object.fromEntries(
    API_OPERATIONS.map((op) => [op, async (...args: unknown[]) => (calls.push([op, ...args]), `${op} ok`)])
  ) as unknown as WorkspaceApi
  const top = { url: WORKSPACE, parent: null }

  it('trusts only the workspace top frame', () => {
    expect(isTrustedSender(top, WORKSPACE)).toBe(true)
    expect(isTrustedSender({ url: WORKSPACE, parent: {} }, WORKSPACE)).toBe(false)
    expect(isTrustedSender({ url: 'about:blank', parent: null }, WORKSPACE)).toBe(false)
    expect(isTrustedSender(null, WORKSPACE)).toBe(false)
  })

  it('refuses an untrusted sender before looking at the call', async () => {
    await expect(
      handleIpcCall(api, WORKSPACE, { url: 'https://evil.example', parent: null }, 'listSessions', [])
    ).rejects.toThrow(/untrusted sender/)
    expect(calls).toEqual([])
  })

  it('validates arguments and rejects unknown operations', async () => {
    await expect(handleIpcCall(api, WORKSPACE, top, 'getSession', [42])).rejects.toThrow(/getSession/)
    await expect(handleIpcCall(api, WORKSPACE, top, 'getSession', ['ok-session-id', 'extra'])).rejects.toThrow()
    await expect(handleIpcCall(api, WORKSPACE, top, 'dropTables', [])).rejects.toThrow(/unknown operation/)
    expect(calls).toEqual([])
    await expect(handleIpcCall(api, WORKSPACE, top, 'getSession', ['ok-session-id'])).resolves.toBe('getSession ok')
    expect(calls).toEqual([['getSession', 'ok-session-id']])
  })
})
