// Both themes meet WCAG 2.2 AA: 4.5:1 for text on every background it is drawn on, 3:1 for the timeline's
// marks against its track (non-text contrast). Read from the stylesheet itself, where every colour is a
// light-dark(<light>, <dark>) pair, so a colour changed later is checked again.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../helpers/test-core'

const css = readFileSync(join(PROJECT_ROOT, 'src', 'renderer', 'src', 'styles.css'), 'utf8')
const THEMES = ['light', 'dark'] as const

function palette(theme: (typeof THEMES)[number]): Map<string, string> {
  const colours = new Map<string, string>()
  for (const [, name, light, dark] of css.matchAll(/--([\w-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)) {
    colours.set(name!, theme === 'light' ? light! : dark!)
  }
  return colours
}

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light! + 0.05) / (dark! + 0.05)
}

const TEXT_ON: Record<string, string[]> = {
  text: ['bg', 'panel', 'control', 'field', 'hover', 'selected', 'primary', 'stage'],
  muted: ['bg', 'panel', 'control', 'field', 'hover', 'selected'],
  accent: ['bg', 'panel', 'hover', 'selected', 'notice'],
  danger: ['bg', 'panel', 'control', 'hover', 'selected'],
  warn: ['bg', 'panel', 'hover', 'selected'],
  ok: ['bg', 'panel'],
  'notice-text': ['notice'],
  'notice-warn-text': ['notice-warn'],
  'kind-page': ['panel', 'hover', 'selected'],
  'kind-quiet': ['panel', 'hover', 'selected'],
  'hit-text': ['bg', 'panel', 'hover']
}
const MARKS = ['mark-page', 'mark-click', 'mark-input', 'mark-custom', 'mark-error', 'mark-hit', 'playhead']

describe.each(THEMES)('the %s theme', (theme) => {
  const colours = palette(theme)
  const colour = (name: string) => {
    const value = colours.get(name)
    if (!value) throw new Error(`--${name} is not a light-dark() pair in styles.css`)
    return value
  }

  it('has text of at least 4.5:1 on every background it is drawn on', () => {
    const failing: string[] = []
    for (const [text, backgrounds] of Object.entries(TEXT_ON)) {
      for (const background of backgrounds) {
        const ratio = contrast(colour(text), colour(background))
        if (ratio < 4.5) failing.push(`--${text} on --${background}: ${ratio.toFixed(2)}`)
      }
    }
    expect(failing).toEqual([])
  })

  it('has timeline marks of at least 3:1 against the track', () => {
    const failing = MARKS.map((mark) => [mark, contrast(colour(mark), colour('track'))] as const)
      .filter(([, ratio]) => ratio < 3)
      .map(([mark, ratio]) => `--${mark}: ${ratio.toFixed(2)}`)
    expect(failing).toEqual([])
  })
})
