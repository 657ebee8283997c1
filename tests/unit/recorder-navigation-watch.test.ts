// The recorder's route-change watcher on a stand-in history whose URL really changes, and a real EventTarget.
import { describe, expect, it } from 'vitest'
import type { NavigationPayload } from '../../src/shared/custom-events'
import { watchNavigations } from '../../src/recorder/navigation-watch'

function setup() {
  const page = { href: 'http://app.test/', recording: true }
  const calls: unknown[][] = []
  const history = {
    pushState(state: unknown, unused: string, url?: string | URL | null) {
      calls.push(['pushState', state, unused, url])
      if (url) page.href = new URL(url, page.href).href
      return undefined
    },
    replaceState(state: unknown, unused: string, url?: string | URL | null) {
      calls.push(['replaceState', state, unused, url])
      if (url) page.href = new URL(url, page.href).href
      return undefined
    }
  }
  const target = new EventTarget()
  const recorded: NavigationPayload[] = []
  watchNavigations({
    history,
    currentHref: () => page.href,
    target,
    addCustomEvent: (tag, payload) => {
      expect(tag).toBe('navigation')
      recorded.push(payload)
    },
    isRecording: () => page.recording
  })
  return { page, calls, history, target, recorded }
}

describe('watchNavigations', () => {
  it('records each new URL of pushState, replaceState, back/forward and hash changes, with its cause', () => {
    const { page, history, target, recorded } = setup()
    history.pushState({ step: 1 }, '', '/cart')
    history.replaceState({ step: 1, scrolled: true }, '') // state only: same URL
    history.replaceState(null, '', '/cart?coupon=1')
    page.href = 'http://app.test/' // the browser went back
    target.dispatchEvent(new Event('popstate'))
    page.href = 'http://app.test/#reviews'
    target.dispatchEvent(new Event('hashchange'))
    target.dispatchEvent(new Event('popstate')) // a hash change fires both; the URL is already recorded
    expect(recorded).toEqual([
      { href: 'http://app.test/cart', via: 'pushState' },
      { href: 'http://app.test/cart?coupon=1', via: 'replaceState' },
      { href: 'http://app.test/', via: 'popstate' },
      { href: 'http://app.test/#reviews', via: 'hashchange' }
    ])
  })

  it("calls the page's own methods with the same arguments and this, and returns what they return", () => {
    const { calls, history } = setup()
    const state = { id: 7 }
    expect(history.pushState(state, 'title', '/a')).toBeUndefined()
    history.replaceState.call(history, null, '', '/b')
    expect(calls).toEqual([
      ['pushState', state, 'title', '/a'],
      ['replaceState', null, '', '/b']
    ])
  })

  it('records nothing once the recorder stopped, and never throws into the page', () => {
    const { page, history, recorded } = setup()
    page.recording = false
    history.pushState(null, '', '/after-stop')
    expect(recorded).toEqual([])

    // rrweb failing to add the event, or a hostile location: the page's call still succeeds.
    const pageHistory = { pushState: (..._args: unknown[]) => 'page result', replaceState: () => undefined }
    let href = 'http://app.test/'
    watchNavigations({
      history: pageHistory as unknown as Pick<History, 'pushState' | 'replaceState'>,
      currentHref: () => href,
      target: new EventTarget(),
      addCustomEvent: () => {
        throw new Error('rrweb stopped')
      },
      isRecording: () => true
    })
    href = 'http://app.test/next'
    expect(pageHistory.pushState(null, '', '/next')).toBe('page result')
  })
})
