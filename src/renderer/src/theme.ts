// Light or dark: the system's choice (prefers-color-scheme) unless this browser was told otherwise in Settings.
// Every colour in styles.css is a `light-dark(…)` pair, so the theme is one attribute on <html>: `color-scheme`
// follows the system when it is absent, and is forced by `data-theme="light"` / `"dark"`.
// Kept in localStorage, per browser: it is a preference of the screen in front of you (two browsers, or the
// desktop app and a browser, may want different ones), it applies before the first API call (no flash of the
// wrong theme), and the settings table is shared with the CLI, which has no theme.
import { useSyncExternalStore } from 'react'

export type ThemePreference = 'system' | 'light' | 'dark'
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark']

const STORAGE_KEY = 'replay-investigator-theme'
const listeners = new Set<() => void>()

function isPreference(value: unknown): value is ThemePreference {
  return THEME_PREFERENCES.includes(value as ThemePreference)
}

export function themePreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(STORAGE_KEY)
    return isPreference(stored) ? stored : 'system'
  } catch {
    return 'system' // storage disabled: follow the system
  }
}

/** Puts the stored preference on <html>; called at start-up and whenever it changes (in any tab). */
export function applyTheme(preference: ThemePreference = themePreference()): void {
  if (preference === 'system') delete document.documentElement.dataset.theme
  else document.documentElement.dataset.theme = preference
}

export function setThemePreference(preference: ThemePreference): void {
  try {
    if (preference === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, preference)
  } catch {
    // Not stored: it still applies to this page.
  }
  applyTheme(preference)
  listeners.forEach((listener) => listener())
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  // Another tab of this workspace changed it.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return
    applyTheme()
    listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(subscribe, themePreference)
}
