import { describe, expect, it } from 'vitest'
import { diffHref, parseRoute, routeHref, sessionHref } from './router'

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

  it('a diff carries both sessions and the row, and reopens where it was', () => {
    expect(parseRoute('#/diff/good-1/bad-2?row=17')).toEqual({ name: 'diff', a: 'good-1', b: 'bad-2', row: 17 })
    expect(parseRoute('#/diff/good-1/bad-2')).toEqual({ name: 'diff', a: 'good-1', b: 'bad-2', row: null })
    for (const bad of ['-1', '2.5', 'x']) expect(parseRoute(`#/diff/a/b?row=${bad}`)).toMatchObject({ row: null })
    expect(parseRoute('#/diff/only-one')).toEqual({ name: 'sessions' })
    for (const href of [diffHref('a', 'b'), diffHref('a', 'b', 0), diffHref('a', 'b', 42)]) {
      expect(routeHref(parseRoute(href))).toBe(href)
    }
  })
})
