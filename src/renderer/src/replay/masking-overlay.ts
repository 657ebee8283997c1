// The masking inspector's overlay on the replay: outlines (with small labels) of what the recorder hid on
// the current frame — masked inputs, masked text, blocked placeholders — and, on request, of what `strict`
// would additionally have hidden (all page text, text-bearing attributes, under lax the input values),
// plus the element of a finding the user jumped to.
//
// Only style rules go into the replay iframe: one <style> element whose rules name elements by their
// position (`html > :nth-child(2) > …`). Nothing runs inside the frame (it stays sandboxed without
// allow-scripts); the workspace reads the frame's DOM (same origin) and rrweb's mirror of it, and rewrites
// the rules when the frame's DOM changes (a MutationObserver, at most once per animation frame).
import type { MaskLevel } from '../../../shared/types'
import { STRICT_TEXT_ATTRIBUTES } from '../../../shared/strict-text-attributes'

export interface OverlayOptions {
  masking: boolean
  strictPreview: boolean
  /** The session's mask level: what strict adds depends on it. */
  maskLevel: MaskLevel
  /** rrweb node id of an element to outline (a finding's element), on the page load shown. */
  highlightNodeId: number | null
}

export interface OverlayCounts {
  maskedInputs: number
  maskedTexts: number
  blocked: number
  /** Elements strict would additionally have masked. */
  strict: number
}

/** rrweb's mirror of the frame's DOM: node <-> id, and each node as it was serialized. */
export interface FrameMirror {
  getNode(id: number): Node | null
  getMeta(node: Node): { attributes?: Record<string, unknown> } | null
}

export const OFF: OverlayOptions = {
  masking: false,
  strictPreview: false,
  maskLevel: 'moderate',
  highlightNodeId: null
}
const STYLE_ID = 'replay-investigator-overlay'
/** Elements outlined per kind at most (a page of 10,000 list items would make megabytes of rules). */
const MAX_MARKED = 1500
const MAX_WALK = 50_000
const FIELD_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT'])
const INVISIBLE = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE'])

const isMasked = (text: string) => /^[\s*]*\*[\s*]*$/.test(text)
const hasText = (text: string | null) => !!text && /\S/.test(text)

/** A label drawn on a form field (no ::before there): an SVG data URL as its background. */
const fieldLabel = (label: string, color: string) =>
  `url("data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns='http://www.w3.org/2000/svg' width='${label.length * 6 + 8}' height='13'><rect width='100%' height='100%' rx='2' fill='${color}'/><text x='4' y='10' font-family='sans-serif' font-size='9' fill='black'>${label}</text></svg>`
  )}") no-repeat right 2px top 2px`

const STYLES = {
  maskedInput: (selectors: string) =>
    `${selectors} { outline: 2px dashed #f0b429 !important; outline-offset: 1px !important; background: ${fieldLabel('masked', '#f0b429')} !important; }`,
  maskedText: (selectors: string) =>
    `${selectors} { outline: 2px dashed #f0b429 !important; outline-offset: 1px !important; }\n` +
    `${selectors.replace(/,/g, '::before,')}::before { content: 'masked'; font: 600 9px/1.2 sans-serif; background: #f0b429; color: #000; padding: 0 3px; margin-right: 4px; border-radius: 2px; vertical-align: middle; }`,
  blocked: (selectors: string) =>
    `${selectors} { outline: 2px solid #ff6b6b !important; outline-offset: -2px !important; background: repeating-linear-gradient(45deg, rgba(255,107,107,.25) 0 6px, transparent 6px 12px) !important; }\n` +
    `${selectors.replace(/,/g, '::before,')}::before { content: 'blocked'; font: 600 9px/1.2 sans-serif; background: #ff6b6b; color: #000; padding: 0 3px; border-radius: 2px; }`,
  strict: (selectors: string) =>
    `${selectors} { outline: 2px dotted #b48cff !important; outline-offset: 1px !important; background-color: rgba(180,140,255,.16) !important; }`,
  highlight: (selector: string) =>
    `${selector} { outline: 3px solid #6ea8fe !important; outline-offset: 3px !important; box-shadow: 0 0 0 4px rgba(110,168,254,.35), 0 0 0 9999px rgba(0,0,0,.25) !important; }`
}

/** The element's place from <html>, as a selector; null outside the document tree (shadow roots, detached). */
export function positionSelector(element: Element): string | null {
  const parts: string[] = []
  const root = element.ownerDocument.documentElement
  for (let node: Element = element; parts.length < 128;) {
    if (node === root) return ['html', ...parts.reverse()].join(' > ')
    const parent = node.parentElement
    if (!parent) return null
    parts.push(`:nth-child(${Array.prototype.indexOf.call(parent.children, node) + 1})`)
    node = parent
  }
  return null
}

/** The rules for the frame's document as it is now, and what they outline. */
export function overlayRules(
  doc: Document,
  options: OverlayOptions,
  mirror: FrameMirror | null
): { css: string; counts: OverlayCounts } {
  const marked = {
    maskedInput: new Set<Element>(),
    maskedText: new Set<Element>(),
    blocked: new Set<Element>(),
    strict: new Set<Element>()
  }
  const mark = (set: Set<Element>, element: Element | null) => {
    if (element && set.size < MAX_MARKED) set.add(element)
  }
  const strictAdds = options.strictPreview && options.maskLevel !== 'strict'
  if ((options.masking || strictAdds) && doc.body) {
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(), seen = 0; node && seen < MAX_WALK; node = walker.nextNode(), seen++) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement
        if (!parent || INVISIBLE.has(parent.tagName) || !hasText(node.textContent)) continue
        if (isMasked(node.textContent!)) {
          if (options.masking) mark(marked.maskedText, parent)
        } else if (strictAdds) mark(marked.strict, parent)
        continue
      }
      const element = node as Element
      if (options.masking && mirror?.getMeta(element)?.attributes?.rr_width !== undefined) mark(marked.blocked, element)
      if (FIELD_TAGS.has(element.tagName)) {
        const value = (element as HTMLInputElement).value
        if (hasText(value) && isMasked(value)) {
          if (options.masking) mark(marked.maskedInput, element)
        } else if (strictAdds && options.maskLevel === 'lax' && hasText(value)) mark(marked.strict, element)
      }
      if (
        strictAdds &&
        STRICT_TEXT_ATTRIBUTES.some(
          (name) => hasText(element.getAttribute(name)) && !isMasked(element.getAttribute(name)!)
        )
      )
        mark(marked.strict, element)
    }
  }
  const rules: string[] = []
  const add = (set: Set<Element>, style: (selectors: string) => string) => {
    const selectors = [...set].map(positionSelector).filter((selector): selector is string => selector !== null)
    if (selectors.length) rules.push(style(selectors.join(',\n')))
  }
  add(marked.strict, STYLES.strict)
  add(marked.maskedText, STYLES.maskedText)
  add(marked.maskedInput, STYLES.maskedInput)
  add(marked.blocked, STYLES.blocked)
  if (options.highlightNodeId !== null && mirror) {
    const node = mirror.getNode(options.highlightNodeId)
    const element = node && node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element | null)
    const selector = element && element.ownerDocument === doc ? positionSelector(element) : null
    if (selector) rules.push(STYLES.highlight(selector))
  }
  return {
    css: rules.join('\n'),
    counts: {
      maskedInputs: marked.maskedInput.size,
      maskedTexts: marked.maskedText.size,
      blocked: marked.blocked.size,
      strict: marked.strict.size
    }
  }
}

/** Keeps the overlay's <style> in the replay frame up to date with the options and the frame's DOM. */
export class MaskingOverlay {
  private options: OverlayOptions = OFF
  private observer: MutationObserver | null = null
  private observed: Document | null = null
  private frame: number | null = null
  onCounts: (counts: OverlayCounts) => void = () => {}

  constructor(
    private readonly iframe: HTMLIFrameElement,
    private readonly mirror: () => FrameMirror | null
  ) {}

  set(options: OverlayOptions): void {
    this.options = options
    this.update()
  }

  /** The replayer rebuilt the frame's document (a new page load or a seek across one). */
  rebuilt(): void {
    this.update()
  }

  destroy(): void {
    this.observer?.disconnect()
    this.observer = null
    if (this.frame !== null) cancelAnimationFrame(this.frame)
  }

  private get active(): boolean {
    const { masking, strictPreview, highlightNodeId } = this.options
    return masking || strictPreview || highlightNodeId !== null
  }

  private update(): void {
    const doc = this.iframe.contentDocument
    if (!doc) return
    this.watch(doc)
    this.write(doc)
  }

  /** Rewrites the rules when the frame's DOM changes (our own <style> excepted), once per animation frame. */
  private watch(doc: Document): void {
    if (!this.active) {
      this.observer?.disconnect()
      this.observer = this.observed = null
      return
    }
    if (this.observed === doc && this.observer) return
    this.observer?.disconnect()
    this.observed = doc
    this.observer = new MutationObserver((records) => {
      if (
        records.every(
          (record) =>
            (record.target as Element).id === STYLE_ID || (record.target.parentNode as Element | null)?.id === STYLE_ID
        )
      )
        return
      if (this.frame !== null) return
      this.frame = requestAnimationFrame(() => {
        this.frame = null
        this.update()
      })
    })
    this.observer.observe(doc, { subtree: true, childList: true, characterData: true, attributes: true })
  }

  private write(doc: Document): void {
    let style = doc.getElementById(STYLE_ID) as HTMLStyleElement | null
    if (!this.active) {
      style?.remove()
      this.onCounts({ maskedInputs: 0, maskedTexts: 0, blocked: 0, strict: 0 })
      return
    }
    const { css, counts } = overlayRules(doc, this.options, this.mirror())
    if (!style) {
      style = doc.createElement('style')
      style.id = STYLE_ID
      ;(doc.head ?? doc.documentElement).appendChild(style)
    }
    if (style.textContent !== css) style.textContent = css
    this.onCounts(counts)
  }
}
