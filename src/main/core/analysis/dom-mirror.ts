// The DOM of one page load (one session segment) as rrweb recorded it, rebuilt from the full snapshot and
// the mutation stream: node id -> {tag, attributes, parent, children, text}. rrweb node ids restart on every
// page load, so one mirror serves exactly one (session, segment).
//
// Mutations are applied the way rrweb's replayer applies them: removes first, then adds (an add whose parent
// or next sibling is not there yet waits and is retried once the others are in), then text and attribute
// changes. Unlike the replayer, an add whose parent never arrives in the same mutation is kept (bounded) and
// attached when that parent is added later, instead of being dropped.

/** rrweb NodeType values (mirrors @rrweb/types so the core needs no rrweb import). */
export const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 } as const

/** A structural view of rrweb's serializedNodeWithId: only what the mirror reads. */
export interface SerializedNode {
  id: number
  type: number
  tagName?: string
  attributes?: Record<string, unknown>
  childNodes?: SerializedNode[]
  textContent?: string
  isShadow?: boolean
  isStyle?: boolean
}

export interface AddedNode {
  parentId: number
  previousId?: number | null
  nextId?: number | null
  node: SerializedNode
}

/** rrweb's mutation payload (IncrementalSource.Mutation). */
export interface MutationPayload {
  adds?: AddedNode[]
  removes?: { parentId: number; id: number }[]
  texts?: { id: number; value: string | null }[]
  attributes?: { id: number; attributes: Record<string, unknown> }[]
}

export interface MirrorNode {
  id: number
  type: number
  /** Lower-case tag name for elements, '' for every other node type. */
  tag: string
  attributes: Record<string, string>
  parentId: number | null
  childIds: number[]
  /** Text, comment and CDATA content. */
  text: string
  /** A direct child of its parent's shadow root (the parent is the shadow host). */
  isShadow: boolean
  /** rrweb marks the text of <style> elements. */
  isStyle: boolean
}

/** Elements whose text is never visible on the page. */
const INVISIBLE_TEXT_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title'])

/** Adds waiting for a parent that has not arrived yet; beyond this, the oldest are dropped. */
const MAX_WAITING_ADDS = 10_000

/** rrweb stores inline stylesheets and replay-only data in these attributes: large, and nobody selects on them. */
const isInternalAttribute = (name: string) => name === '_cssText' || name.startsWith('rr_')

function attributeText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (value === true) return ''
  return null
}

export class DomMirror {
  private readonly nodes = new Map<number, MirrorNode>()
  /** parent id -> adds that named it before it existed. */
  private readonly waiting = new Map<number, AddedNode[]>()
  private waitingCount = 0
  /** Called for every text node that enters the mirror (snapshot or add) and every text change. */
  onText: ((node: MirrorNode) => void) | null = null

  get size(): number {
    return this.nodes.size
  }

  get(id: number): MirrorNode | undefined {
    return this.nodes.get(id)
  }

  /** A full snapshot replaces everything this mirror knew. */
  loadSnapshot(root: SerializedNode): void {
    this.nodes.clear()
    this.waiting.clear()
    this.waitingCount = 0
    this.insertTree(root, null, false)
  }

  applyMutation(mutation: MutationPayload): void {
    for (const remove of mutation.removes ?? []) this.remove(remove.id)
    if (mutation.adds?.length) this.applyAdds(mutation.adds)
    for (const { id, value } of mutation.texts ?? []) {
      const node = this.nodes.get(id)
      if (!node) continue
      node.text = value ?? ''
      this.onText?.(node)
    }
    for (const { id, attributes } of mutation.attributes ?? []) {
      const node = this.nodes.get(id)
      if (!node || node.type !== NodeType.Element) continue
      for (const [name, value] of Object.entries(attributes)) {
        if (isInternalAttribute(name)) continue
        if (value === null) {
          delete node.attributes[name]
          continue
        }
        const text = attributeText(value)
        // An object is rrweb's style diff ({property: value}); the mirror keeps no styles.
        if (text !== null) node.attributes[name] = text
      }
    }
  }

  /** The nearest element at or above `id` (a click on a text node targets its parent element). */
  elementAt(id: number): MirrorNode | undefined {
    let node = this.nodes.get(id)
    while (node && node.type !== NodeType.Element)
      node = node.parentId === null ? undefined : this.nodes.get(node.parentId)
    return node
  }

  /**
   * The parent element in the composed tree: through shadow roots (the host) and out of a same-origin
   * iframe's document (the iframe element). null at the top.
   */
  parentElement(node: MirrorNode): MirrorNode | null {
    let parent = node.parentId === null ? undefined : this.nodes.get(node.parentId)
    while (parent && parent.type !== NodeType.Element) {
      parent = parent.parentId === null ? undefined : this.nodes.get(parent.parentId)
    }
    return parent ?? null
  }

  /** The element children of `node`, in document order. */
  elementChildren(node: MirrorNode): MirrorNode[] {
    const children: MirrorNode[] = []
    for (const id of node.childIds) {
      const child = this.nodes.get(id)
      if (child?.type === NodeType.Element) children.push(child)
    }
    return children
  }

  /** The visible text below `id` (script, style and the like left out), whitespace collapsed, at most `max` characters. */
  textOf(id: number, max: number): string {
    const parts: string[] = []
    let length = 0
    const walk = (node: MirrorNode): boolean => {
      if (node.type === NodeType.Text) {
        if (!node.isStyle && node.text) {
          parts.push(node.text)
          length += node.text.length
        }
        return length < max * 2
      }
      if (node.type === NodeType.Element && INVISIBLE_TEXT_PARENTS.has(node.tag)) return true
      for (const childId of node.childIds) {
        const child = this.nodes.get(childId)
        if (child && !walk(child)) return false
      }
      return true
    }
    const start = this.nodes.get(id)
    if (start) walk(start)
    return collapseWhitespace(parts.join(' ')).slice(0, max)
  }

  /** Whether a text node is page text (not in <head>, a script, a style, a template or the like). */
  isVisibleText(node: MirrorNode): boolean {
    if (node.isStyle) return false
    for (let parent = this.parentOf(node); parent; parent = this.parentOf(parent)) {
      if (parent.type === NodeType.Element && INVISIBLE_TEXT_PARENTS.has(parent.tag)) return false
    }
    return true
  }

  private parentOf(node: MirrorNode): MirrorNode | undefined {
    return node.parentId === null ? undefined : this.nodes.get(node.parentId)
  }

  private applyAdds(adds: AddedNode[]): void {
    // rrweb's replayer: an add whose parent or next sibling is missing waits; retry while anything moves.
    let queue: AddedNode[] = []
    for (const add of adds) if (!this.tryAdd(add)) queue.push(add)
    while (queue.length > 0) {
      const next: AddedNode[] = []
      for (const add of queue) if (!this.tryAdd(add)) next.push(add)
      if (next.length === queue.length) {
        // No progress: the next siblings will not come; place those whose parent exists at the end, and
        // keep the rest until their parent is added by a later mutation.
        for (const add of next) {
          if (this.nodes.has(add.parentId)) this.attach(add, false)
          else this.wait(add)
        }
        break
      }
      queue = next
    }
  }

  private tryAdd(add: AddedNode): boolean {
    if (!this.nodes.has(add.parentId)) return false
    const nextId = add.nextId
    if (nextId !== null && nextId !== undefined && nextId !== -1 && !this.nodes.has(nextId)) return false
    this.attach(add, true)
    return true
  }

  private attach(add: AddedNode, useSiblings: boolean): void {
    const parent = this.nodes.get(add.parentId)!
    const existing = this.nodes.get(add.node.id)
    // A node that is already here moves: detach it first (its children travel with it).
    if (existing) this.detach(existing)
    const node = this.insertTree(add.node, parent.id, add.node.isShadow === true, existing?.childIds)
    let index = parent.childIds.length
    if (useSiblings) {
      const previous = add.previousId == null ? -1 : parent.childIds.indexOf(add.previousId)
      const next = add.nextId == null ? -1 : parent.childIds.indexOf(add.nextId)
      if (previous !== -1) index = previous + 1
      else if (next !== -1) index = next
    }
    parent.childIds.splice(index, 0, node.id)
  }

  private wait(add: AddedNode): void {
    if (this.waitingCount >= MAX_WAITING_ADDS) return
    const list = this.waiting.get(add.parentId)
    if (list) list.push(add)
    else this.waiting.set(add.parentId, [add])
    this.waitingCount++
  }

  /** Adds `serialized` and its serialized children; returns the new node (not yet in its parent's child list). */
  private insertTree(
    serialized: SerializedNode,
    parentId: number | null,
    isShadow: boolean,
    keepChildIds?: number[]
  ): MirrorNode {
    const attributes: Record<string, string> = {}
    if (serialized.attributes) {
      for (const [name, value] of Object.entries(serialized.attributes)) {
        if (isInternalAttribute(name)) continue
        const text = attributeText(value)
        if (text !== null) attributes[name] = text
      }
    }
    const node: MirrorNode = {
      id: serialized.id,
      type: serialized.type,
      tag: serialized.type === NodeType.Element ? (serialized.tagName ?? '').toLowerCase() : '',
      attributes,
      parentId,
      childIds: keepChildIds ?? [],
      text:
        serialized.type === NodeType.Element || serialized.type === NodeType.Document
          ? ''
          : (serialized.textContent ?? ''),
      isShadow,
      isStyle: serialized.isStyle === true
    }
    this.nodes.set(node.id, node)
    for (const child of serialized.childNodes ?? []) {
      // A child id already present elsewhere (a malformed recording) must not leave a ghost behind.
      const stale = this.nodes.get(child.id)
      if (stale && stale.id !== node.id) this.detach(stale)
      const inserted = this.insertTree(child, node.id, child.isShadow === true)
      node.childIds.push(inserted.id)
    }
    if (node.type === NodeType.Text) this.onText?.(node)
    const waiting = this.waiting.get(node.id)
    if (waiting) {
      this.waiting.delete(node.id)
      this.waitingCount -= waiting.length
      this.applyAdds(waiting)
    }
    return node
  }

  private detach(node: MirrorNode): void {
    const parent = this.parentOf(node)
    if (!parent) return
    const index = parent.childIds.indexOf(node.id)
    if (index !== -1) parent.childIds.splice(index, 1)
  }

  /** Removes a node and everything below it. */
  private remove(id: number): void {
    const node = this.nodes.get(id)
    if (!node) return
    this.detach(node)
    const stack = [node]
    while (stack.length > 0) {
      const current = stack.pop()!
      this.nodes.delete(current.id)
      for (const childId of current.childIds) {
        const child = this.nodes.get(childId)
        if (child && child.parentId === current.id) stack.push(child)
      }
    }
  }
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
