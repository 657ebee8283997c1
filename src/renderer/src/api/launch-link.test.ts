import { describe, expect, it } from 'vitest'
import { readLaunchLink } from './launch-link'

describe('the launch link', () => {
  it('takes the token out and keeps the route after it', () => {
    expect(readLaunchLink('#token=abc')).toEqual({ token: 'abc', hash: '#/' })
    expect(readLaunchLink('#token=abc&/session/s1?t=1200&q=clicked%3A.buy')).toEqual({
      token: 'abc',
      hash: '#/session/s1?t=1200&q=clicked%3A.buy'
    })
    expect(readLaunchLink('#token=abc&/settings')).toEqual({ token: 'abc', hash: '#/settings' })
    expect(readLaunchLink('#token=a%2Bb&/saved')).toEqual({ token: 'a+b', hash: '#/saved' })
  })

  it('understands a token appended to a route', () => {
    expect(readLaunchLink('#/session/s1?t=1200&token=abc')).toEqual({ token: 'abc', hash: '#/session/s1?t=1200' })
    expect(readLaunchLink('#/session/s1?token=abc&t=1200')).toEqual({ token: 'abc', hash: '#/session/s1?t=1200' })
    expect(readLaunchLink('#/session/s1?token=abc')).toEqual({ token: 'abc', hash: '#/session/s1' })
  })

  it('leaves a fragment without a token alone, and never routes to what follows a bad one', () => {
    expect(readLaunchLink('#/session/s1?t=5')).toEqual({ token: null, hash: '#/session/s1?t=5' })
    expect(readLaunchLink('')).toEqual({ token: null, hash: '' })
    expect(readLaunchLink('#token=')).toEqual({ token: null, hash: '#/' })
    expect(readLaunchLink('#token=abc&javascript:alert(1)')).toEqual({ token: 'abc', hash: '#/' })
    expect(readLaunchLink('#token=%E0%A4%A')).toEqual({ token: '%E0%A4%A', hash: '#/' })
  })
})
