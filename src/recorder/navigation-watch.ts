import { NAVIGATION_TAG, type NavigationCause, type NavigationPayload } from '../shared/custom-events'

/**
 * Records a single-page app's route changes as `navigation` custom events, at the moment they happen
 * (see NAVIGATION_TAG). history.pushState and replaceState fire no event, so they are wrapped, as
 * analytics scripts (Umami among them) do; back/forward and hash links fire popstate / hashchange.
 *
 * - Only a changed URL is a navigation: replaceState with the same URL (state only) records nothing.
 * - The wrappers call the page's own methods with the same arguments and return what they return, so
 *   the page behaves exactly as before; once the recorder stops they only pass calls through.
 * - Nothing here throws into the page.
 */
export interface NavigationWatchDeps {
  history: Pick<History, 'pushState' | 'replaceState'>
  /** The page's current URL (location.href). */
  currentHref: () => string
  /** The window: popstate and hashchange are dispatched at it. */
  target: EventTarget
  /** The recorder's addCustomEvent (recorder.ts). */
  addCustomEvent: (tag: string, payload: NavigationPayload) => void
  /** False once the recorder stopped (stop(), max duration). */
  isRecording: () => boolean
}

export function watchNavigations({
  history,
  currentHref,
  target,
  addCustomEvent,
  isRecording
}: NavigationWatchDeps): void {
  let lastHref = currentHref()

  const check = (via: NavigationCause): void => {
    try {
      if (!isRecording()) return
      const href = currentHref()
      if (href === lastHref) return
      lastHref = href
      addCustomEvent(NAVIGATION_TAG, { href, via })
    } catch {
      // rrweb having stopped, a hostile location getter: never an error of ours in the page.
    }
  }

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method]
    if (typeof original !== 'function') continue
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      check(method)
      return result
    }
  }
  target.addEventListener('popstate', () => check('popstate'))
  target.addEventListener('hashchange', () => check('hashchange'))
}
