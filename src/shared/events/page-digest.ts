// What a page showed at one moment, as a person would list it: its address, its controls (buttons, links,
// fields) with their state (disabled, aria-invalid, expanded…) and its blocks of visible text. Read from the
// shared DOM mirror with a bounded walk; the session diff compares two of these (diff/page-compare.ts).
//
// Visibility is read from the recording's attributes only (`hidden`, `aria-hidden`, a closed <dialog>,
// <head>, scripts, templates): the mirror keeps no styles, so CSS-hidden text counts as shown.
import { hrefOf } from '../custom-events'
import type { RecordedEvent } from '../types'
import { attributeOf, collapseWhitespace, INVISIBLE_TEXT_PARENTS, type DomMirror, type MirrorNode } from './dom-mirror'
import { clip } from './preview'
import { pathLabel, recordPath } from './recorded-path'
import { EventType, isRecord, NodeType } from './rrweb'
import { SegmentSteps } from './segment-steps'
import { targetOf } from './step-target'

/** Something on a page a person notices: a control with its state, or a block of text. */
export interface PageItem {
  /** Short selector, `form > button.pay` (recorded-path.ts pathLabel). */
  label: string
  /** Its text or accessible label, whitespace collapsed, clipped. */
  text: string
  /** Buttons, links, fields and anything with an interactive role; text blocks are not controls. */
  control: boolean
  /** `alert`, `status`, `dialog`…: the element's role, when it has one. */
  role: string | null
  /** State attributes as recorded (disabled, aria-invalid, aria-expanded…): name → value ('' when bare). */
  state: Record<string, string>
}

/** A page as the diff compares it: its address, and what it showed. */
export interface PageDigest {
  url: string | null
  items: PageItem[]
  /** The page had more than the digest reads (items or nodes): what lies further down is not listed. */
  truncated: boolean
}

/** Items a digest keeps, nodes it visits: a page of 100,000 nodes still costs a bounded walk. */
export const MAX_PAGE_ITEMS = 400
const MAX_VISITED = 40_000
const MAX_ITEM_TEXT = 160

const CONTROL_TAGS = new Set(['button', 'a', 'input', 'select', 'textarea', 'summary'])
const CONTROL_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'switch',
  'tab',
  'menuitem',
  'option',
  'combobox',
  'textbox',
  'slider'
])
/** Attributes that say what state a control (or a banner) is in. Never values: they are user data. */
export const STATE_ATTRIBUTES = [
  'disabled',
  'readonly',
  'required',
  'open',
  'aria-disabled',
  'aria-invalid',
  'aria-expanded',
  'aria-pressed',
  'aria-checked',
  'aria-selected',
  'aria-current',
  'aria-busy'
] as const
/** Elements that do not make a block of text of their own: their text belongs to the block around them. */
const INLINE_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'dfn',
  'em',
  'font',
  'i',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr'
])

function isHidden(element: MirrorNode): boolean {
  if (INVISIBLE_TEXT_PARENTS.has(element.tag)) return true
  if (attributeOf(element, 'hidden') !== undefined || attributeOf(element, 'aria-hidden') === 'true') return true
  if (element.tag === 'dialog' && attributeOf(element, 'open') === undefined) return true
  return element.tag === 'input' && attributeOf(element, 'type')?.toLowerCase() === 'hidden'
}

function isControl(element: MirrorNode): boolean {
  if (element.tag === 'a') return attributeOf(element, 'href') !== undefined
  return CONTROL_TAGS.has(element.tag) || CONTROL_ROLES.has(attributeOf(element, 'role') ?? '')
}

function stateOf(element: MirrorNode): Record<string, string> {
  const state: Record<string, string> = {}
  for (const name of STATE_ATTRIBUTES) {
    const value = attributeOf(element, name)
    if (value !== undefined) state[name] = clip(value, 40)
  }
  return state
}

/** The digest of the page in `mirror` below node `rootId` (the full snapshot's document). */
export function pageDigest(mirror: DomMirror, rootId: number, url: string | null): PageDigest {
  const items: PageItem[] = []
  const reported = new Set<number>()
  const root = mirror.get(rootId)
  // [node, whether its text already belongs to a control reported above it]
  const stack: [MirrorNode, boolean][] = root ? [[root, false]] : []
  let visited = 0
  const full = () => items.length >= MAX_PAGE_ITEMS || visited >= MAX_VISITED
  const item = (element: MirrorNode, text: string, control: boolean, label: string | null) => {
    reported.add(element.id)
    items.push({
      label: label ?? pathLabel(recordPath(mirror, element.id, url) ?? [{ t: element.tag }]),
      text: clip(collapseWhitespace(text), MAX_ITEM_TEXT),
      control,
      role: attributeOf(element, 'role') ?? null,
      state: stateOf(element)
    })
  }
  while (stack.length > 0 && !full()) {
    const [node, claimed] = stack.pop()!
    visited++
    let inside = claimed
    if (node.type === NodeType.Element) {
      if (isHidden(node)) continue
      if (!claimed && isControl(node)) {
        const target = targetOf(mirror, node.id, url)
        item(node, target.text ?? '', true, target.selector)
        inside = true
      }
    } else if (node.type === NodeType.Text) {
      if (claimed || node.isStyle || !node.text || !node.text.trim()) continue
      const block = blockOf(mirror, node)
      if (block && !reported.has(block.id)) item(block, mirror.textOf(block.id, MAX_ITEM_TEXT), false, null)
      continue
    }
    // Pushed last to first, so the page is read in document order.
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push([child, inside])
  }
  return { url, items, truncated: stack.length > 0 }
}

/** The nearest element around a text node that is a block of its own (not inline). */
function blockOf(mirror: DomMirror, text: MirrorNode): MirrorNode | undefined {
  let element = mirror.elementAt(text.id)
  for (let depth = 0; element && depth < 16 && INLINE_TAGS.has(element.tag); depth++) {
    const parent = mirror.parentElement(element)
    if (!parent) break
    element = parent
  }
  return element
}

/**
 * The page of one page load (its events in time order) as it was at `ts`, or null before its first full
 * snapshot. A full snapshot replaces the whole DOM, so only the events from the last one before `ts` are
 * read into the mirror; earlier ones only for the page's address.
 */
export function pageDigestAt(events: readonly RecordedEvent[], segment: number, ts: number): PageDigest | null {
  let snapshot = -1
  let end = 0
  for (; end < events.length && events[end]!.timestamp <= ts; end++) {
    if (events[end]!.type === EventType.FullSnapshot) snapshot = end
  }
  if (snapshot < 0) return null
  const node = events[snapshot]!.data
  const rootId = isRecord(node) && isRecord(node.node) && typeof node.node.id === 'number' ? node.node.id : null
  if (rootId === null) return null
  const reader = new SegmentSteps(segment)
  let url: string | null = null
  const kept: RecordedEvent[] = []
  for (let i = 0; i < end; i++) if (i >= snapshot || hrefOf(events[i]!) !== null) kept.push(events[i]!)
  reader.feed(kept, {
    step: (step) => {
      if (step.kind === 'page-load' || step.kind === 'navigation') url = step.href
    }
  })
  return pageDigest(reader.mirror, rootId, url)
}
