import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_MAX_DURATION_MS } from '../../src/shared/limits'
import { parseRecorderConfig, resolveIngestEndpoint, type ScriptAttributes } from '../../src/recorder/config'

// Node has no CSS parser; this stands in for "document.querySelector would throw".
const INVALID_SELECTORS = new Set(['[[', 'div >', '#'])

function parse(attributes: ScriptAttributes) {
  const warn = vi.fn()
  const config = parseRecorderConfig(attributes, { isValidSelector: (s) => !INVALID_SELECTORS.has(s), warn })
  return { config, warn }
}

describe('parseRecorderConfig', () => {
  it('uses the documented defaults when the snippet has no attributes', () => {
    const { config, warn } = parse({})
    expect(config).toEqual({
      maskLevel: 'moderate',
      blockSelector: null,
      maskSelector: null,
      sampleRate: 1,
      maxDurationMs: DEFAULT_MAX_DURATION_MS,
      console: 'errors',
      networkBodies: [],
      version: 'test'
    })
    expect(warn).not.toHaveBeenCalled()
  })

  it('reads every attribute of the documented snippet', () => {
    const { config, warn } = parse({
      maskLevel: 'strict',
      blockSelector: '.no-record',
      maskSelector: '.secret',
      sampleRate: '0.25',
      maxDuration: '60000'
    })
    expect(config).toMatchObject({
      maskLevel: 'strict',
      blockSelector: '.no-record',
      maskSelector: '.secret',
      sampleRate: 0.25,
      maxDurationMs: 60000
    })
    expect(warn).not.toHaveBeenCalled()
  })

  it.each(['lax', 'moderate', 'strict'] as const)('accepts mask level %s', (level) => {
    expect(parse({ maskLevel: level }).config.maskLevel).toBe(level)
  })

  it('reads the mask level case-insensitively, so "STRICT" does not fall back to a weaker level', () => {
    expect(parse({ maskLevel: ' STRICT ' }).config.maskLevel).toBe('strict')
  })

  it.each(['none', '', 'off', 'strictest'])('falls back to moderate with a warning for mask level %j', (raw) => {
    const { config, warn } = parse({ maskLevel: raw })
    expect(config.maskLevel).toBe('moderate')
    expect(warn).toHaveBeenCalledOnce()
    expect(warn.mock.calls[0]![0]).toContain('data-mask-level')
  })

  it('ignores an invalid selector with a warning and keeps the valid one', () => {
    const { config, warn } = parse({ blockSelector: '[[', maskSelector: '.secret' })
    expect(config.blockSelector).toBeNull()
    expect(config.maskSelector).toBe('.secret')
    expect(warn).toHaveBeenCalledOnce()
    expect(warn.mock.calls[0]![0]).toContain('data-block-selector "[["')
  })

  it('treats an empty or blank selector as absent, without a warning', () => {
    const { config, warn } = parse({ blockSelector: '', maskSelector: '   ' })
    expect(config.blockSelector).toBeNull()
    expect(config.maskSelector).toBeNull()
    expect(warn).not.toHaveBeenCalled()
  })

  it.each([
    ['0', 0],
    ['1', 1],
    ['0.5', 0.5],
    [' .1 ', 0.1]
  ])('accepts sample rate %j', (raw, expected) => {
    const { config, warn } = parse({ sampleRate: raw })
    expect(config.sampleRate).toBe(expected)
    expect(warn).not.toHaveBeenCalled()
  })

  // "" must not become Number("") === 0, which would silently switch recording off.
  it.each(['', ' ', 'abc', '1.5', '-0.1', 'NaN', 'Infinity', '50%'])('uses rate 1 with a warning for %j', (raw) => {
    const { config, warn } = parse({ sampleRate: raw })
    expect(config.sampleRate).toBe(1)
    expect(warn).toHaveBeenCalledOnce()
  })

  it.each([
    ['300000', 300000],
    ['1e3', 1000],
    ['1500.4', 1500]
  ])('accepts max duration %j', (raw, expected) => {
    expect(parse({ maxDuration: raw }).config.maxDurationMs).toBe(expected)
  })

  it.each(['', '0', '-5', 'soon', 'Infinity'])('uses the default max duration with a warning for %j', (raw) => {
    const { config, warn } = parse({ maxDuration: raw })
    expect(config.maxDurationMs).toBe(DEFAULT_MAX_DURATION_MS)
    expect(warn).toHaveBeenCalledOnce()
  })

  it.each([
    ['off', 'off'],
    ['errors', 'errors'],
    [' ALL ', 'all']
  ])('reads data-console %j', (raw, expected) => {
    const { config, warn } = parse({ console: raw })
    expect(config.console).toBe(expected)
    expect(warn).not.toHaveBeenCalled()
  })

  it.each(['', 'none', 'warn', 'true'])('falls back to console "errors" with a warning for %j', (raw) => {
    const { config, warn } = parse({ console: raw })
    expect(config.console).toBe('errors')
    expect(warn).toHaveBeenCalledOnce()
    expect(warn.mock.calls[0]![0]).toBe(`data-console "${raw}" is not one of off, errors, all; using errors`)
  })

  it('reads data-network-bodies as comma-separated patterns, blanks dropped', () => {
    const { config, warn } = parse({ networkBodies: ' /api/checkout , ,https://api.example.com/v1/*/orders,' })
    expect(config.networkBodies).toEqual(['/api/checkout', 'https://api.example.com/v1/*/orders'])
    expect(warn).not.toHaveBeenCalled()
    expect(parse({ networkBodies: ' , ' }).config.networkBodies).toEqual([])
  })

  it('keeps data-network-bodies within its bounds, with warnings', () => {
    const many = Array.from({ length: 25 }, (_, n) => `/api/${n}`)
    const { config, warn } = parse({ networkBodies: [...many, `/${'x'.repeat(300)}`].join(',') })
    expect(config.networkBodies).toEqual(many.slice(0, 20))
    expect(warn).toHaveBeenCalledTimes(2)
  })
})

describe('resolveIngestEndpoint', () => {
  const resolve = (src: string | undefined, hostUrl?: string) => {
    const warn = vi.fn()
    return { endpoint: resolveIngestEndpoint(src, hostUrl, warn), warn }
  }

  it("posts to /ingest on the script's origin, whatever its path and query", () => {
    expect(resolve('http://127.0.0.1:4477/recorder.js?v=2').endpoint).toBe('http://127.0.0.1:4477/ingest')
  })

  it('lets data-host-url override the origin, trailing slashes stripped and path kept', () => {
    expect(resolve('http://127.0.0.1:4477/recorder.js', 'https://replay.example/base//').endpoint).toBe(
      'https://replay.example/base/ingest'
    )
  })

  it('falls back to the script origin with a warning when data-host-url is not an absolute http(s) URL', () => {
    const { endpoint, warn } = resolve('http://127.0.0.1:4477/recorder.js', 'localhost:4477')
    expect(endpoint).toBe('http://127.0.0.1:4477/ingest')
    expect(warn).toHaveBeenCalledOnce()
  })

  it('gives up (null, with a warning) when there is nowhere to send to', () => {
    const { endpoint, warn } = resolve(undefined)
    expect(endpoint).toBeNull()
    expect(warn).toHaveBeenCalledOnce()
  })
})
