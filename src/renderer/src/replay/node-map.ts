// A light mirror of the recorded DOM: for every element id its tag, a few identifying attributes, its
// parent and its first text. Enough to name a click target ("button#buy.primary 'Add to cart'") and to
// know which node an attribute mutation touches, without rebuilding any DOM.
// rrweb node ids restart on every page load, so everything is keyed by (segment, id); a full snapshot
// (page load or the recorder's periodic checkout) replaces the segment's map.
import type { RecordedEvent } from '../../../shared/types'
import { EventType, IncrementalSource, NodeType, type MutationData, type SerializedNode } from './rrweb-shapes'

const KEPT_ATTRIBUTES = ['id', 'class', 'name', 'type', 'role', 'aria-label', 'alt', 'title', 'placeholder'] as const
type KeptAttribute = (typeof KEPT_ATTRIBUTES)[number]

export interface NodeInfo {
  /** Lower-case tag name; '#style-text' for the text inside a <style> (its CSS), '#document' for the root. */
  tag: string
  parent: number
  attributes: Partial<Record<KeptAttribute, string>>
  /** The first non-blank text seen directly inside the element (trimmed, at most 60 characters). */
  text?: string
}

const TEXT_LIMIT = 60
/** Text inside these is code or markup, not a label. */
const NO_LABEL_TEXT = new Set(['script', 'noscript', 'template', 'title', 'head'])

export class NodeMap {
  private readonly segments = new Map<number, Map<number, NodeInfo>>()

  get(segment: number, id: number): NodeInfo | undefined {
    return this.segments.get(segment)?.get(id)
  }

  /** Call for every event of a segment, in time order. */
  apply(event: RecordedEvent, segment: number): void {
    if (event.type === EventType.FullSnapshot) {
      const nodes = new Map<number, NodeInfo>()
      this.segments.set(segment, nodes)
      const data = event.data as { node?: SerializedNode }
      if (data.node) addTree(nodes, data.node, -1)
      return
    }
    if (event.type !== EventType.IncrementalSnapshot) return
    const data = event.data as { source: number }
    if (data.source !== IncrementalSource.Mutation) return
    let nodes = this.segments.get(segment)
    if (!nodes) this.segments.set(segment, (nodes = new Map()))
    const mutation = data as MutationData
    for (const add of mutation.adds ?? []) addTree(nodes, add.node, add.parentId)
    for (const change of mutation.attributes ?? []) {
      const info = nodes.get(change.id)
      if (!info) continue
      for (const name of KEPT_ATTRIBUTES) {
        if (!(name in change.attributes)) continue
        const value = change.attributes[name]
        if (typeof value === 'string') info.attributes[name] = value
        else if (value === null) delete info.attributes[name]
      }
    }
    // Removed nodes stay: later events rarely name them, and keeping them costs less than walking subtrees.
  }
}

function addTree(nodes: Map<number, NodeInfo>, node: SerializedNode, parent: number): void {
  if (node.type === NodeType.Element) {
    const attributes: NodeInfo['attributes'] = {}
    for (const name of KEPT_ATTRIBUTES) {
      const value = node.attributes?.[name]
      if (typeof value === 'string' && value) attributes[name] = value
    }
    nodes.set(node.id, { tag: (node.tagName ?? '').toLowerCase(), parent, attributes })
  } else if (node.type === NodeType.Document) {
    nodes.set(node.id, { tag: '#document', parent, attributes: {} })
  } else if (node.type === NodeType.Text) {
    const owner = nodes.get(parent)
    if (node.isStyle || owner?.tag === 'style') {
      nodes.set(node.id, { tag: '#style-text', parent, attributes: {} })
    } else if (owner && node.textContent && !NO_LABEL_TEXT.has(owner.tag)) {
      const text = node.textContent.replace(/\s+/g, ' ').trim()
      if (text) giveText(nodes, owner, text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT - 1)}…` : text)
    }
  }
  for (const child of node.childNodes ?? []) addTree(nodes, child, node.id)
}

/** The text names its element and, when they have none yet, a few ancestors (a <button> wrapping a <span>). */
function giveText(nodes: Map<number, NodeInfo>, owner: NodeInfo, text: string): void {
  let cursor: NodeInfo | undefined = owner
  for (let depth = 0; cursor && depth < 3 && !cursor.tag.startsWith('#'); depth++) {
    if (cursor.text !== undefined || cursor.tag === 'body') return
    cursor.text = text
    cursor = nodes.get(cursor.parent)
  }
}

const INTERACTIVE = new Set(['a', 'button', 'input', 'select', 'textarea', 'label', 'summary', 'option'])

/**
 * A readable name for an element: `tag#id.class1.class2` plus its text or accessible label.
 * Starts from the nearest interactive ancestor (a click on the <svg> inside a <button> names the button).
 */
export function describeNode(map: NodeMap, segment: number, id: number): string | null {
  let info = map.get(segment, id)
  if (!info) return null
  let cursor = info
  for (let depth = 0; depth < 6 && !isInteractive(cursor); depth++) {
    const parent = map.get(segment, cursor.parent)
    if (!parent || parent.tag.startsWith('#') || parent.tag === 'body' || parent.tag === 'html') break
    cursor = parent
  }
  if (isInteractive(cursor)) info = cursor
  return describeInfo(info)
}

function isInteractive(info: NodeInfo): boolean {
  return INTERACTIVE.has(info.tag) || info.attributes.role === 'button' || info.attributes.role === 'link'
}

function describeInfo(info: NodeInfo): string {
  const { attributes } = info
  let selector = info.tag
  if (attributes.id) selector += `#${attributes.id}`
  const classes = (attributes.class ?? '').split(/\s+/).filter(Boolean).slice(0, 3)
  if (classes.length) selector += `.${classes.join('.')}`
  if (!attributes.id && attributes.name) selector += `[name="${attributes.name}"]`
  if (info.tag === 'input' && attributes.type && !attributes.id && !attributes.name)
    selector += `[type="${attributes.type}"]`
  const label = attributes['aria-label'] ?? info.text ?? attributes.alt ?? attributes.title ?? attributes.placeholder
  return label ? `${selector} “${label}”` : selector
}
