import { describe, expect, it } from 'vitest'
import { parseRoute, routeHref, sessionHref } from './router'

describe('hash routes', () => {
  it('parses every view and deep links with a time and a search', () => {
    expect(parseRoute('#/')).toEqual({ name: 'sessions' })
    expect(parseRoute('')).toEqual({ name: 'sessions' })
    expect(parseRoute('#token=abc')).toEqual({ name: 'sessions' })
    expect(parseRoute('#/saved')).toEqual({ name: 'saved' })
    expect(parseRoute('#/settings')).toEqual({ name: 'settings' })
    expect(parseRoute('#/session/abc_DEF-123')).toEqual({ name: 'session', id: 'abc_DEF-123', t: null, q: null })
    expect(parseRoute('#/session/abc?t=65000&q=click%20%23pay')).toEqual({
      name: 'session',
      id: 'abc',
      t: 65000,
      q: 'click #pay'
    })
    expect(parseRoute('#/session/abc?t=-5')).toMatchObject({ t: null })
    expect(parseRoute('#/session/abc?t=soon')).toMatchObject({ t: null })
  })

  it('builds links that parse back to the same route', () => {
    for (const href of [sessionHref('s1'), sessionHref('s1', 1234.4), sessionHref('s1', 0, 'text:"Pay now"')]) {
      expect(routeHref(parseRoute(href))).toBe(href)
    }
    expect(sessionHref('s1', 1234.4)).toBe('#/session/s1?t=1234')
  })
})
