import type { record } from '@rrweb/record'
import { CHECKOUT_EVERY_MS } from '../shared/limits'
import type { MaskLevel, RecorderConfig } from '../shared/types'
import { maskTextAttributes } from './strict-text-attributes'

export type RecordOptions = NonNullable<Parameters<typeof record>[0]>
type MaskInputOptions = NonNullable<RecordOptions['maskInputOptions']>
type RecordPlugin = NonNullable<RecordOptions['plugins']>[number]

/** The rrweb options that depend on nothing but the configuration; index.ts adds `emit`. */
export function buildRecordOptions(config: RecorderConfig): RecordOptions {
  return {
    checkoutEveryNms: CHECKOUT_EVERY_MS,
    inlineStylesheet: true,
    recordCanvas: false,
    collectFonts: false,
    // rrweb's default too; stated so a dependency upgrade cannot quietly make mouse tracks denser.
    sampling: { mousemove: 50 },
    // Marks each input event as the user's or the page's own (a script setting a value): the step model
    // shows what was typed, not the value the page put back (a to-do field cleared after Enter).
    userTriggeredOnInput: true,
    blockSelector: config.blockSelector ?? undefined,
    maskTextSelector: maskTextSelectorFor(config.maskLevel, config.maskSelector),
    maskInputOptions: config.maskLevel === 'lax' ? { password: true } : EVERY_INPUT,
    plugins: config.maskLevel === 'strict' ? [STRICT_TEXT_ATTRIBUTES] : []
  }
}

/** rrweb runs a plugin's eventProcessor on every event before emitting it: nothing unmasked leaves rrweb. */
const STRICT_TEXT_ATTRIBUTES: RecordPlugin = {
  name: 'replay-investigator/strict-text-attributes',
  options: {},
  eventProcessor: (event) => {
    maskTextAttributes(event)
    // The declared signature is generic over extensions a plugin may add; this one adds none.
    return event as never
  }
}

/**
 * rrweb's `maskAllInputs: true` leaves out type=hidden, whose value is often a CSRF token or a user id;
 * "every input value masked" means those too, so the list is spelled out (maskAllInputs would override it).
 * Checkbox and radio carry no value (rrweb records their checked state); buttons carry the page's own labels.
 */
const EVERY_INPUT: MaskInputOptions & { hidden: boolean } = {
  color: true,
  date: true,
  'datetime-local': true,
  email: true,
  month: true,
  number: true,
  range: true,
  search: true,
  tel: true,
  text: true,
  time: true,
  url: true,
  week: true,
  textarea: true,
  select: true,
  password: true,
  hidden: true
}

/** Strict masks every text node ('*' matches every parent element); the extra selector adds to the others. */
function maskTextSelectorFor(level: MaskLevel, extraSelector: string | null): string | undefined {
  if (level === 'strict') return '*'
  return extraSelector ?? undefined
}
