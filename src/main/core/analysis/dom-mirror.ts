// The DOM of one page load (one session segment) as rrweb recorded it, rebuilt from the full snapshot and
// the mutation stream: node id -> node (tag, attributes, parent, children, text). rrweb node ids restart on
// every page load, so one mirror serves exactly one (session, segment).
//
// Mutations are applied the way rrweb's replayer applies them: removes first, then adds (an add whose parent
// or next sibling is not there yet waits and is retried once the others are in), then text and attribute
// changes. Unlike the replayer, an add whose parent never arrives in the same mutation is kept (bounded) and
// attached when that parent is added later, instead of being dropped.
//
// The mirror adopts rrweb's serialized node objects as they come out of JSON.parse instead of copying them:
// building the mirror of a full snapshot then costs little more than walking it, which matters because the
// recorder sends a full snapshot every 30 s. Mutations change those objects as the page changed; the parent
// link is a symbol-keyed property, so the events still serialize (JSON.stringify skips symbols).

/** rrweb NodeType values (mirrors @rrweb/types so the core needs no rrweb import). */
export const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 } as const

/** The parent link the mirror adds to adopted nodes (a symbol: invisible to JSON.stringify and Object.keys). */
export const PARENT: unique symbol = Symbol('parent')

/** rrweb's serializedNodeWithId as the mirror keeps it: the parsed object plus a link to its parent. */
export interface MirrorNode {
  id: number
  type: number
  tagName?: string
  attributes?: Record<string, unknown>
  childNodes?: MirrorNode[]
  textContent?: string
  /** A direct child of its parent's shadow root (the parent is the shadow host). */
  isShadow?: boolean
  /** rrweb marks the text of <style> elements. */
  isStyle?: boolean
  /** Set by the mirror; null at the root. */
  [PARENT]?: MirrorNode | null
}

/** The structural view of a serialized node that the mirror reads. */
export type SerializedNode = Omit<MirrorNode, typeof PARENT | 'childNodes'> & { childNodes?: SerializedNode[] }

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

/** Elements whose text is never visible on the page. */
const INVISIBLE_TEXT_PARENTS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title'])

/** Adds waiting for a parent that has not arrived yet; beyond this, more are dropped. */
const MAX_WAITING_ADDS = 10_000

const EMPTY: Readonly<Record<string, string>> = Object.freeze({})

/** Lower-case tag name of an element, '' for every other node type. */
export const tagOf = (node: MirrorNode): string =>
  node.type === NodeType.Element && node.tagName ? node.tagName.toLowerCase() : ''

/**
 * An element's attributes as strings (numbers stringified, `true` as ''). rrweb's internal ones (_cssText,
 * rr_*) and style diffs are left out.
 */
export function attributesOf(node: MirrorNode): Readonly<Record<string, string>> {
  const raw = node.attributes
  if (!raw) return EMPTY
  const out: Record<string, string> = {}
  for (const name in raw) {
    if (name === '_cssText' || name.startsWith('rr_')) continue
    const value = raw[name]
    if (typeof value === 'string') out[name] = value
    else if (typeof value === 'number') out[name] = String(value)
    else if (value === true) out[name] = ''
  }
  return out
}

/** One attribute as a string, or undefined (see attributesOf). */
export function attributeOf(node: MirrorNode, name: string): string | undefined {
  const value = node.attributes?.[name]
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return value === true ? '' : undefined
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
    this.adopt(root as MirrorNode, null)
  }

  applyMutation(mutation: MutationPayload): void {
    for (const remove of mutation.removes ?? []) this.remove(remove.id)
    if (mutation.adds?.length) this.applyAdds(mutation.adds)
    for (const { id, value } of mutation.texts ?? []) {
      const node = this.nodes.get(id)
      if (!node) continue
      node.textContent = value ?? ''
      this.onText?.(node)
    }
    for (const { id, attributes } of mutation.attributes ?? []) {
      const node = this.nodes.get(id)
      if (!node || node.type !== NodeType.Element) continue
      const own = (node.attributes ??= {})
      for (const name in attributes) {
        const value = attributes[name]
        if (value === null) delete own[name]
        // An object is rrweb's style diff ({property: value}); the mirror keeps no styles.
        else if (typeof value !== 'object') own[name] = value
      }
    }
  }

  /** The nearest element at or above `id` (a click on a text node targets its parent element). */
  elementAt(id: number): MirrorNode | undefined {
    let node: MirrorNode | null | undefined = this.nodes.get(id)
    while (node && node.type !== NodeType.Element) node = node[PARENT]
    return node ?? undefined
  }

  /**
   * The parent element in the composed tree: through shadow roots (the host) and out of a same-origin
   * iframe's document (the iframe element). null at the top.
   */
  parentElement(node: MirrorNode): MirrorNode | null {
    let parent = node[PARENT] ?? null
    while (parent && parent.type !== NodeType.Element) parent = parent[PARENT] ?? null
    return parent
  }

  /** The element children of `node`, in document order. */
  elementChildren(node: MirrorNode): MirrorNode[] {
    return (node.childNodes ?? []).filter((child) => child.type === NodeType.Element)
  }

  /** The visible text below `id` (script, style and the like left out), whitespace collapsed, at most `max` characters. */
  textOf(id: number, max: number): string {
    const parts: string[] = []
    let length = 0
    const walk = (node: MirrorNode): boolean => {
      if (node.type === NodeType.Text) {
        if (!node.isStyle && node.textContent) {
          parts.push(node.textContent)
          length += node.textContent.length
        }
        return length < max * 2
      }
      if (node.type === NodeType.Element && INVISIBLE_TEXT_PARENTS.has(tagOf(node))) return true
      for (const child of node.childNodes ?? []) if (!walk(child)) return false
      return true
    }
    const start = this.nodes.get(id)
    if (start) walk(start)
    return collapseWhitespace(parts.join(' ')).slice(0, max)
  }

  /** Whether a text node is page text (not in <head>, a script, a style, a template or the like). */
  isVisibleText(node: MirrorNode): boolean {
    if (node.isStyle) return false
    for (let parent = node[PARENT]; parent; parent = parent[PARENT]) {
      if (parent.type === NodeType.Element && INVISIBLE_TEXT_PARENTS.has(tagOf(parent))) return false
    }
    return true
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
    const node = add.node as MirrorNode
    // A node that is already here moves: detach it first; its children travel with it.
    const existing = this.nodes.get(node.id)
    if (existing) {
      this.detach(existing)
      if (existing !== node && !node.childNodes?.length) node.childNodes = existing.childNodes
    }
    this.adopt(node, parent)
    const children = (parent.childNodes ??= [])
    let index = children.length
    if (useSiblings) {
      const previous = add.previousId == null ? -1 : children.findIndex((child) => child.id === add.previousId)
      const next = add.nextId == null ? -1 : children.findIndex((child) => child.id === add.nextId)
      if (previous !== -1) index = previous + 1
      else if (next !== -1) index = next
    }
    children.splice(index, 0, node)
  }

  private wait(add: AddedNode): void {
    if (this.waitingCount >= MAX_WAITING_ADDS) return
    const list = this.waiting.get(add.parentId)
    if (list) list.push(add)
    else this.waiting.set(add.parentId, [add])
    this.waitingCount++
  }

  /** Takes `node` and the serialized children it carries into the mirror (not into its parent's child list). */
  private adopt(node: MirrorNode, parent: MirrorNode | null): void {
    node[PARENT] = parent
    this.nodes.set(node.id, node)
    const children = node.childNodes
    if (children) {
      for (const child of children) {
        // A child id already present elsewhere (a malformed recording) must not leave a ghost behind.
        const stale = this.nodes.get(child.id)
        if (stale && stale !== child) this.detach(stale)
        this.adopt(child, node)
      }
    }
    if (node.type === NodeType.Text) this.onText?.(node)
    if (this.waitingCount > 0) {
      const waiting = this.waiting.get(node.id)
      if (waiting) {
        this.waiting.delete(node.id)
        this.waitingCount -= waiting.length
        this.applyAdds(waiting)
      }
    }
  }

  private detach(node: MirrorNode): void {
    const siblings = node[PARENT]?.childNodes
    if (!siblings) return
    const index = siblings.indexOf(node)
    if (index !== -1) siblings.splice(index, 1)
  }

  /** Removes a node and everything below it. */
  private remove(id: number): void {
    const node = this.nodes.get(id)
    if (!node) return
    this.detach(node)
    const stack = [node]
    while (stack.length > 0) {
      const current = stack.pop()!
      if (this.nodes.get(current.id) === current) this.nodes.delete(current.id)
      for (const child of current.childNodes ?? []) stack.push(child)
    }
  }
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
