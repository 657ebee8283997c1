import { describe, expect, it, vi } from 'vitest'
import { withIngestKey } from '../../src/recorder/ingest-key'

describe('the ingest key on the endpoint', () => {
  it('goes in the query string, encoded, so the POST stays CORS-simple', () => {
    const warn = vi.fn()
    expect(withIngestKey('http://127.0.0.1:4477/ingest', 'abc_DEF-123', warn)).toBe(
      'http://127.0.0.1:4477/ingest?key=abc_DEF-123'
    )
    expect(withIngestKey('http://h/ingest', ' a b&c ', warn)).toBe('http://h/ingest?key=a%20b%26c')
    expect(warn).not.toHaveBeenCalled()
  })

  it('without a data-key, nothing is recorded (the receiver would refuse it all) and the page is told why', () => {
    for (const key of [undefined, '', '   ']) {
      const warn = vi.fn()
      expect(withIngestKey('http://127.0.0.1:4477/ingest', key, warn)).toBeNull()
      expect(warn).toHaveBeenCalledExactlyOnceWith(expect.stringContaining('no data-key'))
    }
  })
})
