// What the index keeps of a clicked element or an input field: the element and its ancestors as the DOM was
// at that moment (tag, id, classes and the attributes people select on), with enough about their siblings
// for sibling combinators and :nth-child. Paths are stored once per distinct path (see search-index store)
// and matched against CSS selectors at query time (selector-match.ts).
import { attributeOf, type DomMirror, type MirrorNode } from './dom-mirror'
import { NodeType } from './rrweb'

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
  const tag = node.tag
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
    // Siblings only within the same parent node (a document or shadow root has its own child list).
    if (node.parent) {
      const { preceding, skipped, following } = elementSiblings(node, path.length < SIBLING_LEVELS)
      if (preceding.length) element.p = preceding.map((sibling) => summarize(sibling, null, isSiblingAttribute))
      if (skipped > 0) element.o = skipped
      if (following > 0) element.f = following
      if (node.parent.type === NodeType.Element && node.isShadow) element.s = 1
    }
    path.push(element)
    node = parent
  }
  return path
}

/** Siblings walked at most, each way: a list of 100,000 items still costs a bounded walk per click. */
const MAX_SIBLING_WALK = 10_000

/**
 * The element siblings before `node` (the nearest MAX_PRECEDING_SIBLINGS when `keep`), how many earlier
 * ones were left out, and how many follow.
 */
function elementSiblings(
  node: MirrorNode,
  keep: boolean
): { preceding: MirrorNode[]; skipped: number; following: number } {
  const before: MirrorNode[] = []
  let count = 0
  for (let s = node.previousSibling; s && count < MAX_SIBLING_WALK; s = s.previousSibling) {
    if (s.type !== NodeType.Element) continue
    count++
    if (keep && before.length < MAX_PRECEDING_SIBLINGS) before.push(s)
  }
  let following = 0
  for (let s = node.nextSibling; s && following < MAX_SIBLING_WALK; s = s.nextSibling) {
    if (s.type === NodeType.Element) following++
  }
  return { preceding: before.reverse(), skipped: count - before.length, following }
}

const compound = (element: PathSibling): string => {
  const id = element.a?.id
  const classes = (element.a?.class ?? '').split(/\s+/).filter(Boolean).slice(0, 3)
  let label = `${element.t}${id ? `#${id}` : ''}${classes.map((name) => `.${name}`).join('')}`
  if (!id && element.a?.name) label += `[name="${element.a.name}"]`
  return label
}

/** Elements people think of as what they clicked: a click on the <svg> inside a <button> names the button. */
const INTERACTIVE_TAGS = new Set(['a', 'button', 'input', 'select', 'textarea', 'label', 'summary', 'option'])
const INTERACTIVE_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'tab', 'menuitem', 'option', 'switch'])
/** How far up a path the interactive element is looked for. */
const INTERACTIVE_LEVELS = 6

const isInteractive = (element: PathSibling): boolean =>
  INTERACTIVE_TAGS.has(element.t) || INTERACTIVE_ROLES.has(element.a?.role ?? '')

/** Where in the path the element a person would name sits: the nearest interactive one, else the target. */
export function displayIndex(path: RecordedPath): number {
  for (let i = 0; i < Math.min(path.length, INTERACTIVE_LEVELS); i++) {
    const element = path[i]!
    if (element.t === 'body' || element.t === 'html') break
    if (isInteractive(element)) return i
  }
  return 0
}

/**
 * A short readable selector for display: the element a person would name and its parent, e.g.
 * `li > button.destroy`. The search hits, the event list and the diff all label targets with this.
 */
export function pathLabel(path: RecordedPath): string {
  const at = displayIndex(path)
  return path
    .slice(at, at + 2)
    .reverse()
    .map(compound)
    .join(' > ')
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
