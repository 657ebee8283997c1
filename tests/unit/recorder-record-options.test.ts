import { describe, expect, it } from 'vitest'
import { CHECKOUT_EVERY_MS } from '../../src/shared/limits'
import type { RecorderConfig } from '../../src/shared/types'
import { buildRecordOptions } from '../../src/recorder/record-options'

const base: RecorderConfig = {
  maskLevel: 'moderate',
  blockSelector: null,
  maskSelector: null,
  sampleRate: 1,
  maxDurationMs: 300000,
  console: 'errors',
  networkBodies: [],
  version: 'test'
}

describe('buildRecordOptions', () => {
  it('takes a full snapshot every CHECKOUT_EVERY_MS and records no canvas or fonts', () => {
    expect(buildRecordOptions(base)).toMatchObject({
      checkoutEveryNms: CHECKOUT_EVERY_MS,
      inlineStylesheet: true,
      recordCanvas: false,
      collectFonts: false,
      sampling: { mousemove: 50 },
      userTriggeredOnInput: true
    })
  })

  it('moderate masks every kind of input value, hidden inputs included, and leaves page text alone', () => {
    const options = buildRecordOptions(base)
    expect(options.maskInputOptions).toMatchObject({ text: true, email: true, password: true, textarea: true })
    expect(options.maskInputOptions).toMatchObject({ select: true, hidden: true })
    // maskAllInputs: true would make rrweb ignore maskInputOptions (and with it type=hidden).
    expect(options.maskAllInputs).toBeUndefined()
    expect(options.maskTextSelector).toBeUndefined()
  })

  it('strict masks inputs and every text node', () => {
    const options = buildRecordOptions({ ...base, maskLevel: 'strict', maskSelector: '.secret' })
    expect(options.maskInputOptions).toMatchObject({ text: true, hidden: true })
    // '*' matches every element, so it already covers the extra selector.
    expect(options.maskTextSelector).toBe('*')
  })

  it('lax masks only passwords', () => {
    const options = buildRecordOptions({ ...base, maskLevel: 'lax' })
    expect(options.maskInputOptions).toEqual({ password: true })
    expect(options.maskTextSelector).toBeUndefined()
  })

  it('passes the developer selectors through to rrweb', () => {
    const options = buildRecordOptions({
      ...base,
      maskLevel: 'lax',
      blockSelector: '.no-record',
      maskSelector: '.secret'
    })
    expect(options.blockSelector).toBe('.no-record')
    expect(options.maskTextSelector).toBe('.secret')
  })
})
