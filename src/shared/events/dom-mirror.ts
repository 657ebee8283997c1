// The DOM of one page load (one session segment) as rrweb recorded it, rebuilt from the full snapshot and
// the mutation stream: node id -> node (tag, attributes, parent, children, text). rrweb node ids restart on
// every page load, so one mirror serves exactly one (session, segment). The search index, the replay's
// event list, the privacy audit and the session diff all read the DOM through this one class.
//
// Mutations are applied the way rrweb's replayer applies them: removes first, then adds (an add whose parent
// or next sibling is not there yet waits and is retried once the others are in), then text and attribute
// changes. Unlike the replayer, an add whose parent never arrives in the same mutation is kept (bounded) and
// attached when that parent is added later, instead of being dropped.
//
// Hostile input: any web page can post a batch, so the mirror assumes nothing. It copies what it reads out of
// the events (the replayer gets the very same event objects, which must stay as recorded), never recurses
// (every walk is a loop with a bound), refuses a move that would put a node under itself or its own
// descendant, and bounds its size. What it refuses is skipped and counted (`anomalies`), never applied.
import { isRecord, NodeType, type AttributeValue, type MutationLike, type SerializedNodeLike } from './rrweb'

export interface MirrorNode {
  readonly id: number
  readonly type: NodeType
  /** Lower-case tag name for elements, '' for every other node type. */
  tag: string
  /** As recorded; shared with the event until the first attribute mutation copies it (`ownAttributes`). */
  attributes: Record<string, unknown> | null
  ownAttributes: boolean
  /** Text, CDATA and comment content. */
  text: string | null
  /** rrweb marks the text of <style> elements. */
  isStyle: boolean
  /** A direct child of its parent's shadow root (the parent is the shadow host). */
  isShadow: boolean
  parent: MirrorNode | null
  /**
   * Children as a linked list, like the DOM's own: inserting before a known sibling and detaching are O(1)
   * whatever the size of the list (an array made a 10,000-item list quadratic to build).
   */
  firstChild: MirrorNode | null
  lastChild: MirrorNode | null
  previousSibling: MirrorNode | null
  nextSibling: MirrorNode | null
}

/** What the mirror refused to apply, by reason (a well-formed recording counts none of these). */
export interface MirrorAnomalies {
  /** A move that would have put a node under itself or one of its descendants. */
  cycles: number
  /** Nodes or adds without a numeric id, or of an unknown type. */
  malformed: number
  /** Subtrees cut below MAX_DEPTH, or adds under a parent chain longer than it. */
  tooDeep: number
  /** Nodes beyond MAX_NODES. */
  tooMany: number
  /** Adds still waiting for a parent beyond MAX_WAITING_ADDS. */
  orphans: number
}

/** Elements whose text is never visible on the page. */
export const INVISIBLE_TEXT_PARENTS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title'
])

/**
 * Every walk up a parent chain stops here, and no subtree is kept below it: real pages are a few dozen levels
 * deep; a recording nested thousands of levels deep is an attack (the receiver also bounds JSON depth).
 */
export const MAX_DEPTH = 512
/** Nodes one page load may hold; more is an attack or a page no one can investigate anyway. */
export const MAX_NODES = 500_000
/** Adds waiting for a parent that has not arrived yet; beyond this, more are dropped. */
const MAX_WAITING_ADDS = 10_000
/** Removed elements remembered, so a later event naming one still has a label (never "node -1"). */
const MAX_REMEMBERED_REMOVED = 5_000

const KNOWN_TYPES = new Set<number>([
  NodeType.Document,
  NodeType.DocumentType,
  NodeType.Element,
  NodeType.Text,
  NodeType.CDATA,
  NodeType.Comment
])

interface PendingAdd {
  parentId: number
  nextId: number | null
  previousId: number | null
  node: SerializedNodeLike
}

/**
 * An element's attributes as strings (numbers stringified, `true` as ''). rrweb's internal ones (_cssText,
 * rr_*) and style diffs are left out.
 */
export function attributesOf(node: MirrorNode): Readonly<Record<string, string>> {
  const raw = node.attributes
  const out: Record<string, string> = {}
  if (!raw) return out
  for (const name in raw) {
    if (name === '_cssText' || name.startsWith('rr_')) continue
    const value = attributeValue(raw[name])
    if (value !== undefined) out[name] = value
  }
  return out
}

/** One attribute as a string, or undefined (see attributesOf). */
export function attributeOf(node: MirrorNode, name: string): string | undefined {
  return node.attributes ? attributeValue(node.attributes[name]) : undefined
}

function attributeValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  return value === true ? '' : undefined
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

export class DomMirror {
  private readonly nodes = new Map<number, MirrorNode>()
  /** parent id -> adds that named it before it existed. */
  private readonly waiting = new Map<number, PendingAdd[]>()
  private waitingCount = 0
  /** Waiting adds whose parent just arrived: applied by the outermost applyAdds (a loop, not recursion). */
  private released: PendingAdd[] = []
  /** Elements removed from the page, newest last (bounded): their tag and attributes, for labels. */
  private readonly removed = new Map<number, MirrorNode>()
  readonly anomalies: MirrorAnomalies = { cycles: 0, malformed: 0, tooDeep: 0, tooMany: 0, orphans: 0 }
  /** Called for every text node that enters the mirror (snapshot or add) and every text change. */
  onText: ((node: MirrorNode) => void) | null = null
  /**
   * Called for every attribute of an element that enters the mirror (snapshot or add, rrweb's own rr_* ones
   * included) and for every attribute a mutation sets (not for removals, nor for style diffs). The privacy
   * audit reads attribute values through this; `attributeOf(node, name)` is the value.
   */
  onAttribute: ((node: MirrorNode, name: string) => void) | null = null

  get size(): number {
    return this.nodes.size
  }

  get(id: number): MirrorNode | undefined {
    return this.nodes.get(id)
  }

  /** The node, or its last known state if it was removed from the page meanwhile. */
  getOrRemembered(id: number): MirrorNode | undefined {
    return this.nodes.get(id) ?? this.removed.get(id)
  }

  /** A full snapshot replaces everything this mirror knew. */
  loadSnapshot(root: unknown): void {
    this.nodes.clear()
    this.waiting.clear()
    this.waitingCount = 0
    this.released = []
    this.adoptTree(root, null, 0)
  }

  applyMutation(mutation: MutationLike): void {
    if (Array.isArray(mutation.removes)) {
      for (const remove of mutation.removes) if (isRecord(remove)) this.remove(remove.id)
    }
    if (Array.isArray(mutation.adds) && mutation.adds.length) {
      const adds: PendingAdd[] = []
      for (const raw of mutation.adds) {
        const add = pendingAdd(raw)
        if (add) adds.push(add)
        else this.anomalies.malformed++
      }
      this.applyAdds(adds)
    }
    if (Array.isArray(mutation.texts)) {
      for (const change of mutation.texts) {
        if (!isRecord(change) || typeof change.id !== 'number') continue
        const node = this.nodes.get(change.id)
        if (!node) continue
        node.text = typeof change.value === 'string' ? change.value : ''
        this.onText?.(node)
      }
    }
    if (Array.isArray(mutation.attributes)) {
      for (const change of mutation.attributes) {
        if (!isRecord(change) || typeof change.id !== 'number' || !isRecord(change.attributes)) continue
        const node = this.nodes.get(change.id)
        if (node && node.type === NodeType.Element) this.setAttributes(node, change.attributes)
      }
    }
  }

  /** The nearest element at or above `id` (a click on a text node targets its parent element). */
  elementAt(id: number): MirrorNode | undefined {
    return this.elementFrom(this.getOrRemembered(id))
  }

  /**
   * The parent element in the composed tree: through shadow roots (the host) and out of a same-origin
   * iframe's document (the iframe element). null at the top.
   */
  parentElement(node: MirrorNode): MirrorNode | null {
    return this.elementFrom(node.parent) ?? null
  }

  /** The children of `node`, in document order (at most `max`). */
  children(node: MirrorNode, max = MAX_NODES): MirrorNode[] {
    const out: MirrorNode[] = []
    for (let child = node.firstChild; child && out.length < max; child = child.nextSibling) out.push(child)
    return out
  }

  /** The element children of `node`, in document order. */
  elementChildren(node: MirrorNode): MirrorNode[] {
    return this.children(node).filter((child) => child.type === NodeType.Element)
  }

  /**
   * The visible text below `id` (script, style and the like left out), whitespace collapsed, at most `max`
   * characters. Reads at most a few times `max` characters of text and a bounded number of nodes.
   */
  textOf(id: number, max: number): string {
    const start = this.getOrRemembered(id)
    if (!start) return ''
    const parts: string[] = []
    let length = 0
    let visited = 0
    const stack: MirrorNode[] = [start]
    while (stack.length > 0 && length < max * 2 && visited < max * 20 + 100) {
      const node = stack.pop()!
      visited++
      if (node.type === NodeType.Text) {
        if (!node.isStyle && node.text) {
          parts.push(node.text)
          length += node.text.length
        }
        continue
      }
      if (node.type === NodeType.Element && INVISIBLE_TEXT_PARENTS.has(node.tag)) continue
      // Pushed last to first, so they are read in document order.
      for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child)
    }
    return collapseWhitespace(parts.join(' ')).slice(0, max)
  }

  /** Whether a text node is page text (not in <head>, a script, a style, a template or the like). */
  isVisibleText(node: MirrorNode): boolean {
    if (node.isStyle) return false
    for (const parent of this.ancestors(node)) {
      if (parent.type === NodeType.Element && INVISIBLE_TEXT_PARENTS.has(parent.tag)) return false
    }
    return true
  }

  /** The node's ancestors, nearest first, at most MAX_DEPTH. */
  *ancestors(node: MirrorNode): Generator<MirrorNode> {
    let parent = node.parent
    for (let depth = 0; parent && depth < MAX_DEPTH; depth++, parent = parent.parent) yield parent
  }

  private elementFrom(start: MirrorNode | null | undefined): MirrorNode | undefined {
    let node = start
    for (let depth = 0; node && depth < MAX_DEPTH; depth++) {
      if (node.type === NodeType.Element) return node
      node = node.parent
    }
    return undefined
  }

  private setAttributes(node: MirrorNode, changes: Record<string, unknown>): void {
    if (!node.ownAttributes) {
      // The recorded object belongs to the event (the replayer reads it): copy before the first write.
      node.attributes = { ...node.attributes }
      node.ownAttributes = true
    }
    const own = node.attributes!
    for (const name in changes) {
      const value = changes[name]
      if (value === null) delete own[name]
      // An object is rrweb's style diff ({property: value}); the mirror keeps no styles.
      else if (typeof value !== 'object') {
        own[name] = value as AttributeValue
        this.onAttribute?.(node, name)
      }
    }
  }

  private applyAdds(adds: PendingAdd[]): void {
    let batch = adds
    for (;;) {
      this.placeAll(batch)
      if (this.released.length === 0) return
      batch = this.released
      this.released = []
    }
  }

  /** rrweb's replayer: an add whose parent or next sibling is missing waits; retry while anything moves. */
  private placeAll(adds: PendingAdd[]): void {
    let queue: PendingAdd[] = []
    for (const add of adds) if (!this.tryAdd(add)) queue.push(add)
    while (queue.length > 0) {
      const next: PendingAdd[] = []
      for (const add of queue) if (!this.tryAdd(add)) next.push(add)
      if (next.length === queue.length) {
        // No progress: the next siblings will not come; place those whose parent exists at the end, and
        // keep the rest until their parent is added by a later mutation.
        for (const add of next) {
          const parent = this.nodes.get(add.parentId)
          if (parent) this.attach(add, parent, false)
          else this.wait(add)
        }
        return
      }
      queue = next
    }
  }

  private tryAdd(add: PendingAdd): boolean {
    const parent = this.nodes.get(add.parentId)
    if (!parent) return false
    if (add.nextId !== null && add.nextId !== -1 && !this.nodes.has(add.nextId)) return false
    this.attach(add, parent, true)
    return true
  }

  /** Places an added (or moved) node under `parent`, unless that would make a cycle or go too deep. */
  private attach(add: PendingAdd, parent: MirrorNode, useSiblings: boolean): void {
    const id = add.node.id as number
    const depth = this.depthBelow(parent, id)
    if (depth === 'cycle') {
      this.anomalies.cycles++
      return
    }
    if (depth === 'too-deep') {
      this.anomalies.tooDeep++
      return
    }
    // A node that is already here moves (its children travel with it); anything else is new.
    const existing = this.nodes.get(id)
    let node: MirrorNode
    if (existing) {
      unlink(existing)
      node = existing
      refresh(node, add.node)
      node.parent = parent
      this.adoptChildren(node, add.node, depth + 1)
    } else {
      const adopted = this.adoptTree(add.node, parent, depth + 1)
      if (!adopted) return
      node = adopted
    }
    const next = useSiblings && add.nextId !== null ? this.nodes.get(add.nextId) : undefined
    const previous = useSiblings && add.previousId !== null ? this.nodes.get(add.previousId) : undefined
    if (next && next.parent === parent && next !== node) insertBefore(parent, node, next)
    else if (previous && previous.parent === parent && previous !== node)
      insertBefore(parent, node, previous.nextSibling)
    else insertBefore(parent, node, null)
  }

  /**
   * How deep `parent` is (0 at the root), walking up from it: 'cycle' when node `id` is `parent` itself or
   * one of its ancestors (moving it there would put it under itself), 'too-deep' past MAX_DEPTH.
   */
  private depthBelow(parent: MirrorNode, id: number): number | 'cycle' | 'too-deep' {
    let depth = 0
    for (let node: MirrorNode | null = parent; node; node = node.parent) {
      if (node.id === id && this.nodes.get(id) === node) return 'cycle'
      if (++depth > MAX_DEPTH) return 'too-deep'
    }
    return depth - 1
  }

  private wait(add: PendingAdd): void {
    if (this.waitingCount >= MAX_WAITING_ADDS) {
      this.anomalies.orphans++
      return
    }
    const list = this.waiting.get(add.parentId)
    if (list) list.push(add)
    else this.waiting.set(add.parentId, [add])
    this.waitingCount++
  }

  /** Copies a serialized subtree into the mirror under `parent` (not into its child list); iterative. */
  private adoptTree(source: unknown, parent: MirrorNode | null, depth: number): MirrorNode | null {
    const root = this.copyNode(source, parent)
    if (!root) return null
    this.adoptChildren(root, source as SerializedNodeLike, depth)
    return root
  }

  /** Copies the serialized children of `source` below `node`, replacing what `node` had if it carries any. */
  private adoptChildren(node: MirrorNode, source: SerializedNodeLike, depth: number): void {
    const work: [SerializedNodeLike, MirrorNode, number][] = [[source, node, depth]]
    const adopted: MirrorNode[] = [node]
    while (work.length > 0) {
      const [from, into, level] = work.pop()!
      const kids = from.childNodes
      if (!Array.isArray(kids) || kids.length === 0) continue
      if (level >= MAX_DEPTH) {
        this.anomalies.tooDeep += kids.length
        continue
      }
      this.dropChildren(into)
      for (const kid of kids) {
        const child = this.copyNode(kid, into)
        if (!child) continue
        insertBefore(into, child, null)
        adopted.push(child)
        if (Array.isArray((kid as SerializedNodeLike).childNodes))
          work.push([kid as SerializedNodeLike, child, level + 1])
      }
    }
    // Text and attribute hooks and waiting adds once the subtree is complete (a waiting add may name any
    // node of it, a hook may walk up from any).
    const onAttribute = this.onAttribute
    for (const each of adopted) {
      if (each.type === NodeType.Text) this.onText?.(each)
      else if (onAttribute && each.attributes) for (const name in each.attributes) onAttribute(each, name)
      if (this.waitingCount > 0) this.release(each.id)
    }
  }

  /** A new mirror node for one serialized node (its children are the caller's), registered by id. */
  private copyNode(source: unknown, parent: MirrorNode | null): MirrorNode | null {
    if (!isRecord(source)) {
      this.anomalies.malformed++
      return null
    }
    const { id, type } = source as SerializedNodeLike
    if (typeof id !== 'number' || !Number.isInteger(id) || typeof type !== 'number' || !KNOWN_TYPES.has(type)) {
      this.anomalies.malformed++
      return null
    }
    const stale = this.nodes.get(id)
    if (stale) {
      // The same id twice (a malformed recording): a node that is this one's ancestor must stay where it is.
      if (parent && this.isAncestorOrSelf(stale, parent)) {
        this.anomalies.cycles++
        return null
      }
      unlink(stale)
      this.forget(stale)
    } else if (this.nodes.size >= MAX_NODES) {
      this.anomalies.tooMany++
      return null
    }
    const node: MirrorNode = {
      id,
      type: type as NodeType,
      tag: '',
      attributes: null,
      ownAttributes: false,
      text: null,
      isStyle: false,
      isShadow: false,
      parent,
      firstChild: null,
      lastChild: null,
      previousSibling: null,
      nextSibling: null
    }
    refresh(node, source as SerializedNodeLike)
    this.nodes.set(id, node)
    return node
  }

  private isAncestorOrSelf(candidate: MirrorNode, node: MirrorNode): boolean {
    let current: MirrorNode | null = node
    for (let depth = 0; current && depth <= MAX_DEPTH; depth++, current = current.parent) {
      if (current === candidate) return true
    }
    return false
  }

  private release(id: number): void {
    const waiting = this.waiting.get(id)
    if (!waiting) return
    this.waiting.delete(id)
    this.waitingCount -= waiting.length
    for (const add of waiting) this.released.push(add)
  }

  /** Removes a node and everything below it from the page. */
  private remove(id: unknown): void {
    if (typeof id !== 'number') return
    const node = this.nodes.get(id)
    if (!node) return
    unlink(node)
    this.forget(node)
  }

  /** Drops the children of `node` (and their subtrees): a re-serialized node brings its own. */
  private dropChildren(node: MirrorNode): void {
    for (let child = node.firstChild; child;) {
      const next: MirrorNode | null = child.nextSibling
      child.parent = null
      child.previousSibling = child.nextSibling = null
      this.forget(child)
      child = next
    }
    node.firstChild = node.lastChild = null
  }

  /** Drops `node` and its subtree from the id map, remembering removed elements for labels. */
  private forget(node: MirrorNode): void {
    const stack = [node]
    // Bounded by the map's size: even a corrupted child list cannot make this loop forever.
    let budget = this.nodes.size + 1
    while (stack.length > 0 && budget-- > 0) {
      const current = stack.pop()!
      if (this.nodes.get(current.id) === current) {
        this.nodes.delete(current.id)
        if (current.type === NodeType.Element) this.rememberRemoved(current)
      }
      for (let child = current.firstChild; child; child = child.nextSibling) stack.push(child)
    }
  }

  /**
   * Keeps a removed element's tag and attributes, detached (no parent, no children): enough for a label,
   * and it cannot keep a removed subtree alive in memory.
   */
  private rememberRemoved(node: MirrorNode): void {
    this.removed.delete(node.id)
    this.removed.set(node.id, {
      ...node,
      parent: null,
      firstChild: null,
      lastChild: null,
      previousSibling: null,
      nextSibling: null
    })
    if (this.removed.size > MAX_REMEMBERED_REMOVED) this.removed.delete(this.removed.keys().next().value!)
  }
}

/** Takes `node` out of its parent's child list (its own subtree stays with it). */
function unlink(node: MirrorNode): void {
  const parent = node.parent
  if (parent) {
    if (parent.firstChild === node) parent.firstChild = node.nextSibling
    if (parent.lastChild === node) parent.lastChild = node.previousSibling
  }
  if (node.previousSibling) node.previousSibling.nextSibling = node.nextSibling
  if (node.nextSibling) node.nextSibling.previousSibling = node.previousSibling
  node.previousSibling = node.nextSibling = null
}

/** Links `node` (not in any list) into `parent`'s children before `before` (null: at the end). */
function insertBefore(parent: MirrorNode, node: MirrorNode, before: MirrorNode | null): void {
  node.parent = parent
  if (!before || before.parent !== parent) {
    node.previousSibling = parent.lastChild
    if (parent.lastChild) parent.lastChild.nextSibling = node
    else parent.firstChild = node
    parent.lastChild = node
    return
  }
  node.nextSibling = before
  node.previousSibling = before.previousSibling
  if (before.previousSibling) before.previousSibling.nextSibling = node
  else parent.firstChild = node
  before.previousSibling = node
}

/** Takes the scalar fields of a serialized node (a move re-states them). */
function refresh(node: MirrorNode, source: SerializedNodeLike): void {
  if (node.type === NodeType.Element) {
    node.tag = typeof source.tagName === 'string' ? source.tagName.toLowerCase() : ''
    node.attributes = isRecord(source.attributes) ? source.attributes : null
    node.ownAttributes = false
  } else if (typeof source.textContent === 'string') {
    node.text = source.textContent
  }
  node.isStyle = source.isStyle === true
  node.isShadow = source.isShadow === true
}

function pendingAdd(raw: unknown): PendingAdd | null {
  if (!isRecord(raw) || typeof raw.parentId !== 'number' || !isRecord(raw.node)) return null
  if (typeof raw.node.id !== 'number') return null
  return {
    parentId: raw.parentId,
    nextId: typeof raw.nextId === 'number' ? raw.nextId : null,
    previousId: typeof raw.previousId === 'number' ? raw.previousId : null,
    node: raw.node as SerializedNodeLike
  }
}
