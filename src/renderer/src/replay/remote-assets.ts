// Privacy-first replay: a recording names the recorded site's images, stylesheets and fonts by URL,
// and replaying it as-is would fetch them (telling that site, or its CDN, that someone is watching).
// This transform rewrites every such URL to nothing before events reach the player and counts what it
// held back. Events without remote URLs pass through as the same objects (copy-on-write), so holding
// back costs no memory for most of a session. The workspace CSP is the second line of defence.
import type { DomMirror } from '../../../shared/events/dom-mirror'
import { EventType, IncrementalSource, NodeType, type AttributeValue } from '../../../shared/events/rrweb'
import type { RecordedEvent } from '../../../shared/types'

/** The serialized nodes and mutations the filter rewrites (rrweb's shapes, read loosely). */
interface SerializedNode {
  type: number
  id: number
  tagName?: string
  attributes?: Record<string, AttributeValue>
  childNodes?: SerializedNode[]
  textContent?: string
  isStyle?: boolean
}

interface MutationData {
  source: 0
  texts?: { id: number; value: string | null }[]
  attributes?: { id: number; attributes: Record<string, AttributeValue | Record<string, unknown>> }[]
  removes?: { parentId: number; id: number }[]
  adds?: { parentId: number; nextId: number | null; node: SerializedNode }[]
}

/** The DOM of a page load before the event being filtered: attribute changes are classified by tag. */
export interface TagLookup {
  /** The page load's mirror, or null when none was read yet. */
  mirrorOf(segment: number): DomMirror | null
}

/** An element's tag, '#style-text' for the text inside a <style> (its CSS), '' when unknown. */
function tagIn(mirror: DomMirror | null, id: number): string {
  const node = mirror?.get(id)
  if (!node) return ''
  if (node.type === NodeType.Element) return node.tag
  if (node.type === NodeType.Text && (node.isStyle || node.parent?.tag === 'style')) return '#style-text'
  return ''
}

/** URLs that never cause a request: inline data, in-page fragments, blank. */
function isInert(url: string): boolean {
  const trimmed = url.trim()
  return trimmed === '' || trimmed.startsWith('#') || /^(data|blob|about):/i.test(trimmed)
}

/** What a held-back CSS `url(…)` becomes: an inline empty resource, so nothing is requested. */
const INERT_CSS_URL = 'url("data:,")'

/** Attributes that load a resource whatever the element (`href` only on the elements listed below). */
const LOADING_ATTRIBUTES = new Set(['src', 'srcset', 'poster', 'background', 'data', 'imagesrcset', 'xlink:href'])
/** Elements whose `href` loads something (an <a href> only navigates, which the sandbox prevents anyway). */
const HREF_LOADS = new Set(['link', 'image', 'use', 'feimage'])

const CSS_URL = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)"'\s]*))\s*\)/gi
const CSS_IMPORT = /@import\s+(?:url\(\s*)?(?:"([^"]*)"|'([^']*)'|([^)"'\s;]+))[^;]*;?/gi
/** image-set("a.png" 1x) loads plain strings too. */
const CSS_IMAGE_SET = /(-webkit-)?image-set\(([^)]*)\)/gi

export class RemoteAssetFilter {
  /** Distinct URLs held back so far. */
  readonly heldBack = new Set<string>()

  constructor(private readonly dom: TagLookup) {}

  /**
   * Returns the event to give the player: the same object when it names no remote asset, a rewritten
   * copy otherwise, or null when the whole event only loads something (a remote font). Call before the
   * mirror reads the same event (attribute changes are classified by the element's known tag).
   */
  filter(event: RecordedEvent, segment: number): RecordedEvent | null {
    if (event.type === EventType.FullSnapshot) {
      const data = event.data as { node?: SerializedNode }
      if (!data.node) return event
      const node = this.node(data.node, null)
      return node === data.node ? event : { ...event, data: { ...data, node } }
    }
    if (event.type !== EventType.IncrementalSnapshot) return event
    const data = event.data as { source: number } & Record<string, unknown>
    switch (data.source) {
      case IncrementalSource.Mutation: {
        const changed = this.mutation(data as unknown as MutationData, segment)
        return changed ? { ...event, data: changed } : event
      }
      case IncrementalSource.StyleSheetRule: {
        const rules = data as { adds?: { rule: string; index?: unknown }[]; replace?: string; replaceSync?: string }
        const adds = this.list(rules.adds, (add) => this.withCss(add, 'rule'))
        const replace = typeof rules.replace === 'string' ? this.css(rules.replace) : rules.replace
        const replaceSync = typeof rules.replaceSync === 'string' ? this.css(rules.replaceSync) : rules.replaceSync
        if (adds === rules.adds && replace === rules.replace && replaceSync === rules.replaceSync) return event
        return { ...event, data: { ...data, adds, replace, replaceSync } }
      }
      case IncrementalSource.StyleDeclaration: {
        const declaration = data as { set?: { property: string; value: string | null; priority?: string } }
        if (!declaration.set || typeof declaration.set.value !== 'string') return event
        const value = this.css(declaration.set.value)
        return value === declaration.set.value
          ? event
          : { ...event, data: { ...data, set: { ...declaration.set, value } } }
      }
      case IncrementalSource.AdoptedStyleSheet: {
        const adopted = data as { styles?: { rules: { rule: string }[] }[] }
        const styles = this.list(adopted.styles, (style) => {
          const rules = this.list(style.rules, (rule) => this.withCss(rule, 'rule'))
          return rules === style.rules ? style : { ...style, rules }
        })
        return styles === adopted.styles ? event : { ...event, data: { ...data, styles } }
      }
      case IncrementalSource.Font: {
        const font = data as { fontSource?: string; buffer?: boolean }
        if (font.buffer || typeof font.fontSource !== 'string' || isInert(font.fontSource)) return event
        this.heldBack.add(font.fontSource)
        return null
      }
      default:
        return event
    }
  }

  private mutation(data: MutationData, segment: number): MutationData | null {
    // Nodes added by this same mutation are not in the node map yet: their tags come from here.
    const addedTags = new Map<number, string>()
    for (const add of data.adds ?? []) collectTags(add.node, addedTags)
    const mirror = this.dom.mirrorOf(segment)
    const tagOf = (id: number) => addedTags.get(id) ?? tagIn(mirror, id)
    const adds = this.list(data.adds, (add) => {
      const node = this.node(add.node, tagOf(add.parentId))
      return node === add.node ? add : { ...add, node }
    })
    const attributes = this.list(data.attributes, (change) => {
      const tag = tagOf(change.id)
      let copy: typeof change.attributes | null = null
      for (const [name, value] of Object.entries(change.attributes)) {
        const next =
          name === 'style' && value !== null && typeof value === 'object'
            ? this.styleObject(value)
            : this.attribute(tag, name, value as AttributeValue, change.attributes)
        if (next !== value) (copy ??= { ...change.attributes })[name] = next
      }
      return copy ? { ...change, attributes: copy } : change
    })
    const texts = this.list(data.texts, (text) =>
      tagOf(text.id) === '#style-text' && typeof text.value === 'string' ? this.withCss(text, 'value') : text
    )
    if (adds === data.adds && attributes === data.attributes && texts === data.texts) return null
    return { ...data, adds, attributes, texts }
  }

  /** A serialized subtree with remote URLs removed; the same object when there were none. */
  private node(node: SerializedNode, parentTag: string | null): SerializedNode {
    let result = node
    if (node.type === NodeType.Element && node.attributes) {
      const tag = (node.tagName ?? '').toLowerCase()
      let copy: Record<string, AttributeValue> | null = null
      for (const [name, value] of Object.entries(node.attributes)) {
        const next = this.attribute(tag, name, value, node.attributes)
        if (next !== value) (copy ??= { ...node.attributes })[name] = next
      }
      if (copy) result = { ...node, attributes: copy }
    } else if (node.type === NodeType.Text && (node.isStyle || parentTag === 'style') && node.textContent) {
      const textContent = this.css(node.textContent)
      if (textContent !== node.textContent) result = { ...node, textContent }
    }
    if (node.childNodes?.length) {
      const tag = node.type === NodeType.Element ? (node.tagName ?? '').toLowerCase() : null
      const childNodes = this.list(node.childNodes, (child) => this.node(child, tag))
      if (childNodes !== node.childNodes) result = { ...result, childNodes }
    }
    return result
  }

  private attribute(tag: string, name: string, value: AttributeValue, all: Record<string, unknown>): AttributeValue {
    if (typeof value !== 'string') return value
    const lower = name.toLowerCase()
    if (lower === 'style' || lower === '_csstext') return this.css(value)
    if (LOADING_ATTRIBUTES.has(lower) || (lower === 'href' && HREF_LOADS.has(tag))) {
      if (lower.endsWith('srcset')) return this.srcset(value)
      // Scripts never run or load in the replay frame (no allow-scripts): dropped, but not counted as an asset.
      if (tag === 'script') return isInert(value) ? value : ''
      return this.url(value)
    }
    // <meta http-equiv="refresh"> would reload or navigate the replay frame: never replayed.
    if (tag === 'meta' && lower === 'content' && String(all['http-equiv'] ?? '').toLowerCase() === 'refresh') {
      const target = /url\s*=\s*['"]?([^'"\s;]+)/i.exec(value)?.[1]
      if (target && !isInert(target)) this.heldBack.add(target)
      return ''
    }
    return value
  }

  private url(url: string): string {
    if (isInert(url)) return url
    this.heldBack.add(url.trim())
    return ''
  }

  private srcset(value: string): string {
    const candidates = value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    const remote = candidates.filter((url) => !isInert(url))
    if (!remote.length) return value
    for (const url of remote) this.heldBack.add(url)
    return ''
  }

  /** CSS text with every remote url(…), @import and image-set() string neutralised. */
  css(text: string): string {
    if (!/url\(|@import|image-set\(/i.test(text)) return text
    return text
      .replace(CSS_IMPORT, (rule, double?: string, single?: string, bare?: string) => {
        const url = double ?? single ?? bare ?? ''
        return isInert(url) ? rule : (this.heldBack.add(url), '')
      })
      .replace(CSS_URL, (whole, double?: string, single?: string, bare?: string) => {
        const url = double ?? single ?? bare ?? ''
        return isInert(url) ? whole : (this.heldBack.add(url), INERT_CSS_URL)
      })
      .replace(CSS_IMAGE_SET, (whole, _prefix, inner: string) => {
        const urls = [...inner.matchAll(/(["'])([^"']+)\1/g)].map((match) => match[2]!).filter((url) => !isInert(url))
        for (const url of urls) this.heldBack.add(url)
        return urls.length ? 'none' : whole
      })
  }

  private styleObject(style: Record<string, unknown>): Record<string, unknown> {
    let copy: Record<string, unknown> | null = null
    for (const [property, value] of Object.entries(style)) {
      if (typeof value === 'string') {
        const next = this.css(value)
        if (next !== value) (copy ??= { ...style })[property] = next
      } else if (Array.isArray(value) && typeof value[0] === 'string') {
        const next = this.css(value[0])
        if (next !== value[0]) (copy ??= { ...style })[property] = [next, ...value.slice(1)]
      }
    }
    return copy ?? style
  }

  private withCss<T extends object, K extends keyof T>(item: T, key: K): T {
    const value = item[key]
    if (typeof value !== 'string') return item
    const next = this.css(value)
    return next === value ? item : { ...item, [key]: next }
  }

  /** Maps a list copy-on-write: the same array when no item changed. */
  private list<T>(items: T[], map: (item: T) => T): T[]
  private list<T>(items: T[] | undefined, map: (item: T) => T): T[] | undefined
  private list<T>(items: T[] | undefined, map: (item: T) => T): T[] | undefined {
    if (!items) return items
    let copy: T[] | null = null
    for (let i = 0; i < items.length; i++) {
      const next = map(items[i]!)
      if (next !== items[i]) (copy ??= items.slice())[i] = next
    }
    return copy ?? items
  }
}

/** The tags of a serialized subtree by id (iterative: a recording can nest deep). */
function collectTags(root: SerializedNode, tags: Map<number, string>): void {
  const stack = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === NodeType.Element) tags.set(node.id, (node.tagName ?? '').toLowerCase())
    else if (node.type === NodeType.Text && node.isStyle) tags.set(node.id, '#style-text')
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push(child)
  }
}
