import { describe, expect, it } from 'vitest'
import { clientIp, normaliseIp, parseUserAgent } from '../../src/main/core/ingest/client-facts'
import { allowedHostsFor, hostName, isAllowedHost } from '../../src/main/core/receiver/host-check'

describe('user agent parsing', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      { browserName: 'Chrome', osName: 'Windows', deviceType: 'desktop' }
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      { browserName: 'Safari', osName: 'iOS', deviceType: 'mobile' }
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Safari/604.1',
      { browserName: 'Safari', deviceType: 'tablet' }
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      { browserName: 'Firefox', osName: 'Linux', deviceType: 'desktop' }
    ]
  ])('%s', (userAgent, expected) => {
    expect(parseUserAgent(userAgent)).toMatchObject(expected)
  })

  it('reports unknown for an empty user agent', () => {
    expect(parseUserAgent('')).toMatchObject({ browserName: null, deviceType: 'unknown' })
  })
})

describe('client IP', () => {
  it('normalises IPv4-mapped IPv6 addresses', () => {
    expect(normaliseIp('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(normaliseIp('::1')).toBe('::1')
    expect(normaliseIp(undefined)).toBeNull()
  })

  it('ignores X-Forwarded-For unless the proxy is trusted', () => {
    expect(clientIp('::ffff:127.0.0.1', '203.0.113.9', false)).toBe('127.0.0.1')
    expect(clientIp('::ffff:127.0.0.1', '203.0.113.9, 10.0.0.1', true)).toBe('203.0.113.9')
    expect(clientIp('127.0.0.1', undefined, true)).toBe('127.0.0.1')
  })
})

describe('Host header check', () => {
  it('parses host names with ports and IPv6 brackets', () => {
    expect(hostName('LocalHost:4477')).toBe('localhost')
    expect(hostName('[::1]:4477')).toBe('[::1]')
    expect(hostName('127.0.0.1')).toBe('127.0.0.1')
  })

  it('refuses a bracketed host with trailing text and a port that is not digits', () => {
    for (const host of [
      '[::1].evil.example',
      '[::1]evil',
      '[::1]:80x',
      '127.0.0.1:evil',
      'localhost:',
      'localhost:1:2'
    ]) {
      expect(hostName(host), host).toBeNull()
      expect(isAllowedHost(host), host).toBe(false)
    }
    expect(isAllowedHost('[::1]:65535')).toBe(true)
  })

  it('allows loopback names and opted-in hosts only', () => {
    for (const host of ['localhost', '127.0.0.1:1', '127.1.2.3:80', '[::1]:4477', 'app.localhost:4477']) {
      expect(isAllowedHost(host), host).toBe(true)
    }
    for (const host of [
      undefined,
      '',
      'evil.example',
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      '10.0.0.5'
    ]) {
      expect(isAllowedHost(host), String(host)).toBe(false)
    }
    expect(isAllowedHost('192.168.1.20:4477', ['192.168.1.20'])).toBe(true)
  })

  it('derives the extra names from the bind address: none for loopback, the address, or every interface', () => {
    const interfaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4' }],
      eth0: [
        { address: '192.168.1.20', family: 'IPv4' },
        { address: 'fe80::1', family: 'IPv6' }
      ]
    } as unknown as Parameters<typeof allowedHostsFor>[1]
    expect(allowedHostsFor('127.0.0.1', interfaces)).toEqual([])
    expect(allowedHostsFor('localhost', interfaces)).toEqual([])
    expect(allowedHostsFor('192.168.1.20', interfaces)).toEqual(['192.168.1.20'])
    const wildcard = allowedHostsFor('0.0.0.0', interfaces)
    expect(isAllowedHost('192.168.1.20:4477', wildcard)).toBe(true)
    expect(isAllowedHost('[fe80::1]:4477', wildcard)).toBe(true)
    expect(isAllowedHost('evil.example:4477', wildcard)).toBe(false)
  })
})
