// What the index keeps of a clicked element or an input field: the element and its ancestors as the DOM was
// at that moment (tag, id, classes and the attributes people select on), with enough about their siblings
// for sibling combinators and :nth-child. Paths are stored once per distinct path (see search-index store)
// and matched against CSS selectors at query time (selector-match.ts).
import { attributeOf, NodeType, PARENT, tagOf, type DomMirror, type MirrorNode } from './dom-mirror'

export interface PathSibling {
  /** Tag name, lower case. */
  t: string
  /** The selectable attributes (see SELECTABLE_ATTRIBUTES), when there are any. */
  a?: Record<string, string>
  /**
   * Other spellings of `href`: rrweb records links as absolute URLs, but a selector is written against the
   * page source (a[href="#/active"], a[href="/cart"]). Same-origin links also match as root-relative
   * (/path?query#hash) and, on the page they point into, as the bare #hash.
   */
  h?: string[]
}

export interface PathElement extends PathSibling {
  /**
   * Preceding element siblings, nearest last, with only the attributes sibling selectors use
   * (SIBLING_ATTRIBUTES): enough for `label + input` or `.active ~ li`. Kept for the target and its nearest
   * ancestors (SIBLING_LEVELS), at most MAX_PRECEDING_SIBLINGS each; higher up only their number (`o`).
   */
  p?: PathSibling[]
  /** How many earlier siblings were left out before `p` (so :nth-child and :first-child still count right). */
  o?: number
  /** How many element siblings follow. */
  f?: number
  /** This element is a direct child of a shadow root (its parent in the path is the shadow host). */
  s?: 1
}

/** The target first, then each ancestor up to the root element. */
export type RecordedPath = PathElement[]

/** Attributes people write selectors with. Values (user data) of form fields are never part of a path. */
const SELECTABLE_ATTRIBUTES = new Set([
  'id',
  'class',
  'name',
  'type',
  'role',
  'href',
  'for',
  'title',
  'alt',
  'placeholder',
  'disabled',
  'checked',
  'selected',
  'hidden',
  'open',
  'target',
  'rel',
  'action',
  'method',
  'contenteditable',
  'tabindex'
])
/** What a preceding sibling keeps: less than a path element (siblings would otherwise dominate paths). */
const SIBLING_ATTRIBUTES = new Set(['id', 'class', 'type', 'name', 'role'])
const MAX_ATTRIBUTE_LENGTH = 200
const MAX_PRECEDING_SIBLINGS = 8
/** Path elements (target first) whose preceding siblings are recorded. */
const SIBLING_LEVELS = 3
const MAX_DEPTH = 64

const isSelectableAttribute = (name: string): boolean =>
  SELECTABLE_ATTRIBUTES.has(name) || name.startsWith('data-') || name.startsWith('aria-')
const isSiblingAttribute = (name: string): boolean => SIBLING_ATTRIBUTES.has(name)

const spellingCache = new Map<string, string[]>()
const SPELLING_CACHE_SIZE = 2000

/** The spellings of an absolute same-origin `href` as page source would write it (see PathSibling.h). */
function hrefSpellings(href: string, pageUrl: string | null): string[] {
  if (!pageUrl || !/^https?:/i.test(href)) return []
  const key = `${pageUrl}\u0000${href}`
  let spellings = spellingCache.get(key)
  if (!spellings) {
    spellings = computeSpellings(href, pageUrl)
    if (spellingCache.size >= SPELLING_CACHE_SIZE) spellingCache.clear()
    spellingCache.set(key, spellings)
  }
  return spellings
}

function computeSpellings(href: string, pageUrl: string): string[] {
  let link: URL
  let page: URL
  try {
    link = new URL(href)
    page = new URL(pageUrl)
  } catch {
    return []
  }
  if (link.origin !== page.origin) return []
  const spellings = [`${link.pathname}${link.search}${link.hash}`]
  if (link.hash && link.pathname === page.pathname && link.search === page.search) spellings.push(link.hash)
  return spellings.filter((spelling) => spelling !== href && spelling.length <= MAX_ATTRIBUTE_LENGTH)
}

function summarize(node: MirrorNode, pageUrl: string | null, keep = isSelectableAttribute): PathSibling {
  const tag = tagOf(node)
  let attributes: Record<string, string> | undefined
  for (const name in node.attributes) {
    const lower = name.toLowerCase()
    if (!keep(lower)) continue
    const value = attributeOf(node, name)
    if (value === undefined) continue
    attributes ??= {}
    attributes[lower] = value.length > MAX_ATTRIBUTE_LENGTH ? value.slice(0, MAX_ATTRIBUTE_LENGTH) : value
  }
  if (!attributes) return { t: tag }
  const spellings = attributes.href === undefined ? [] : hrefSpellings(attributes.href, pageUrl)
  return spellings.length > 0 ? { t: tag, a: attributes, h: spellings } : { t: tag, a: attributes }
}

/**
 * The path of the element at `nodeId` (a text node resolves to its parent), or null when the mirror lacks it.
 * `pageUrl` is the page's address, for the source spellings of links.
 */
export function recordPath(mirror: DomMirror, nodeId: number, pageUrl: string | null = null): RecordedPath | null {
  let node: MirrorNode | null | undefined = mirror.elementAt(nodeId)
  if (!node) return null
  const path: RecordedPath = []
  while (node && path.length < MAX_DEPTH) {
    const element: PathElement = summarize(node, pageUrl)
    const parent: MirrorNode | null = mirror.parentElement(node)
    const direct = node[PARENT]
    // Siblings only within the same parent node (a document or shadow root has its own child list).
    if (direct) {
      const siblings = mirror.elementChildren(direct)
      const index = siblings.indexOf(node)
      if (index > 0) {
        const from = path.length < SIBLING_LEVELS ? Math.max(0, index - MAX_PRECEDING_SIBLINGS) : index
        if (from < index)
          element.p = siblings.slice(from, index).map((sibling) => summarize(sibling, null, isSiblingAttribute))
        if (from > 0) element.o = from
      }
      if (index !== -1 && index < siblings.length - 1) element.f = siblings.length - 1 - index
      if (direct.type === NodeType.Element && node.isShadow) element.s = 1
    }
    path.push(element)
    node = parent
  }
  return path
}

const compound = (element: PathSibling): string => {
  const id = element.a?.id
  const classes = (element.a?.class ?? '').split(/\s+/).filter(Boolean).slice(0, 3)
  return `${element.t}${id ? `#${id}` : ''}${classes.map((name) => `.${name}`).join('')}`
}

/** A short readable selector for display: the target and up to two ancestors, e.g. `form.checkout > button.pay`. */
export function pathLabel(path: RecordedPath): string {
  return path.slice(0, 3).reverse().map(compound).join(' > ')
}

/**
 * What a selector could require of the path's elements (not of their siblings), as tokens: `t:tag`,
 * `c:class`, `i:id`, `a:attribute` and `v:attribute=value`. A path can only match a selector whose required
 * tokens (selector-match.ts) it has.
 */
export function pathTokens(path: RecordedPath): Set<string> {
  const tokens = new Set<string>()
  for (const element of path) {
    tokens.add(`t:${element.t}`)
    for (const [name, value] of Object.entries(element.a ?? {})) {
      tokens.add(`a:${name}`)
      if (name === 'class') {
        for (const className of value.split(/\s+/)) if (className) tokens.add(`c:${className}`)
      } else if (name === 'id') tokens.add(`i:${value}`)
      else tokens.add(valueToken(name, value))
    }
    for (const spelling of element.h ?? []) tokens.add(valueToken('href', spelling))
  }
  return tokens
}

const MAX_TOKEN_VALUE = 100
export const valueToken = (name: string, value: string): string => `v:${name}=${value.slice(0, MAX_TOKEN_VALUE)}`
