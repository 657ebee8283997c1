import { ROUTES } from '../shared/limits'

/**
 * The <script> that loaded the recorder, whose data-* attributes configure it.
 * document.currentScript is set while a classic script runs (async and defer included); the fallback covers
 * a loader that injects the script in a way that leaves it null.
 */
export function findOwnScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript
  if (current instanceof HTMLScriptElement) return current
  const scripts = Array.from(doc.getElementsByTagName('script'))
  return scripts.reverse().find((script) => isRecorderUrl(script.src)) ?? null
}

function isRecorderUrl(src: string): boolean {
  if (!src) return false
  try {
    return new URL(src).pathname.endsWith(ROUTES.recorderScript)
  } catch {
    return false
  }
}
