// CSS selectors evaluated by css-select (a maintained selector engine) against a recorded path: the clicked
// element and its ancestors as they were at click time, plus their preceding siblings. css-select walks the
// path through the adapter below; it never sees the live page, only what the index recorded.
//
// What a path can answer: tags, ids, classes and the selectable attributes of the element, its ancestors and
// their preceding siblings; descendant, child, adjacent and general-sibling combinators; :not(), :is(),
// :nth-child() and the other structural pseudo-classes. Descendants other than the path itself were not
// recorded, so :has() and :empty see only the path.
import { compile, type Options } from 'css-select'
import { parse, type Selector } from 'css-what'
import { valueToken, type PathElement, type PathSibling, type RecordedPath } from '../../../shared/events/recorded-path'

/** One element of the tree css-select walks; siblings not recorded are placeholders with tag ''. */
interface PathNode {
  tag: string
  attributes: Record<string, string>
  parent: PathNode | null
  children: PathNode[]
}

type Adapter = NonNullable<Options<PathNode, PathNode>['adapter']>

export class SelectorError extends Error {}

const placeholder = (parent: PathNode | null): PathNode => ({ tag: '', attributes: {}, parent, children: [] })

/** The attributes in spelling `view`: 0 as recorded, n > 0 with the n-th other spelling of href. */
function attributesIn(element: PathSibling, view: number): Record<string, string> {
  const spelling = view > 0 ? element.h?.[view - 1] : undefined
  return spelling === undefined ? (element.a ?? {}) : { ...element.a, href: spelling }
}

/** How many spellings of the path to test: 1 + the most other href spellings any element has. */
function viewCount(path: RecordedPath): number {
  let most = 0
  for (const element of path) {
    most = Math.max(most, element.h?.length ?? 0)
    for (const sibling of element.p ?? []) most = Math.max(most, sibling.h?.length ?? 0)
  }
  return 1 + most
}

/** Builds the tree for one path; returns its nodes target first (the order `clicked:` tests them in). */
function pathTree(path: RecordedPath, view = 0): PathNode[] {
  const chain: PathNode[] = new Array<PathNode>(path.length)
  let parent: PathNode | null = null
  for (let level = path.length - 1; level >= 0; level--) {
    const element: PathElement = path[level]!
    const node: PathNode = { tag: element.t, attributes: attributesIn(element, view), parent, children: [] }
    const siblings: PathNode[] = []
    for (let i = 0; i < (element.o ?? 0); i++) siblings.push(placeholder(parent))
    for (const sibling of element.p ?? []) {
      siblings.push({ tag: sibling.t, attributes: attributesIn(sibling, view), parent, children: [] })
    }
    siblings.push(node)
    for (let i = 0; i < (element.f ?? 0); i++) siblings.push(placeholder(parent))
    if (parent) parent.children = siblings
    chain[level] = node
    parent = node
  }
  return chain
}

function findAll(test: (node: PathNode) => boolean, nodes: PathNode[], out: PathNode[] = []): PathNode[] {
  for (const node of nodes) {
    if (test(node)) out.push(node)
    findAll(test, node.children, out)
  }
  return out
}

function findOne(test: (node: PathNode) => boolean, nodes: PathNode[]): PathNode | null {
  for (const node of nodes) {
    if (test(node)) return node
    const found = findOne(test, node.children)
    if (found) return found
  }
  return null
}

const isAncestor = (ancestor: PathNode, node: PathNode): boolean => {
  for (let current = node.parent; current; current = current.parent) if (current === ancestor) return true
  return false
}

const siblingsOf = (node: PathNode): PathNode[] => node.parent?.children ?? [node]

const adapter: Adapter = {
  isTag: (_node): _node is PathNode => true,
  existsOne: (test, nodes) => findOne(test, nodes) !== null,
  getAttributeValue: (element, name) =>
    Object.hasOwn(element.attributes, name) ? element.attributes[name] : undefined,
  getChildren: (node) => node.children,
  getName: (element) => element.tag,
  getParent: (element) => element.parent,
  getSiblings: siblingsOf,
  prevElementSibling: (node) => {
    const siblings = siblingsOf(node)
    return siblings[siblings.indexOf(node) - 1] ?? null
  },
  getText: () => '',
  hasAttrib: (element, name) => Object.hasOwn(element.attributes, name),
  removeSubsets: (nodes) =>
    nodes.filter((node, i) => nodes.indexOf(node) === i && !nodes.some((o) => isAncestor(o, node))),
  findAll: (test, nodes) => findAll(test, nodes),
  findOne
}

/**
 * For each alternative of a selector list, the tokens (recorded-path.ts pathTokens) a path must have for the
 * alternative to match anywhere in it; null when some alternative requires nothing we index (`*`, `:not(.a)`),
 * so every path has to be tested. Only compounds that must match an element of the path count: the subject
 * and what it reaches through descendant and child combinators, not the siblings left of `+` and `~`.
 */
function requiredTokens(selectors: Selector[][]): string[][] | null {
  const alternatives: string[][] = []
  for (const alternative of selectors) {
    const tokens: string[] = []
    let onPath = true
    for (let i = alternative.length - 1; i >= 0; i--) {
      const part = alternative[i]!
      if (part.type === 'adjacent' || part.type === 'sibling') onPath = false
      else if (part.type === 'descendant' || part.type === 'child' || part.type === 'parent') onPath = true
      if (!onPath) continue
      if (part.type === 'tag') tokens.push(`t:${part.name.toLowerCase()}`)
      else if (part.type === 'attribute') {
        const name = part.name.toLowerCase()
        const exact =
          part.ignoreCase !== true && (part.action === 'equals' || (name === 'class' && part.action === 'element'))
        if (part.action === 'not') continue // [a!=b] also matches elements without the attribute
        if (!exact) tokens.push(`a:${name}`)
        else if (name === 'class')
          for (const word of part.value.split(/\s+/)) tokens.push(word ? `c:${word}` : 'a:class')
        else if (name === 'id') tokens.push(`i:${part.value}`)
        else tokens.push(valueToken(name, part.value))
      }
      // Pseudo-classes (:not, :is, :has, ...) and combinators add no requirement: the prefilter only narrows.
    }
    if (tokens.length === 0) return null
    alternatives.push(tokens)
  }
  return alternatives
}

export interface CompiledSelector {
  source: string
  /** Whether the path's target or one of its ancestors matches. */
  matchesPath(path: RecordedPath): boolean
  /** Index tokens that narrow the candidate paths (any alternative, all of its tokens), or null for "test all". */
  requirements: string[][] | null
}

/** Parses and compiles a selector; a SelectorError says what is wrong with it. */
export function compileSelector(source: string): CompiledSelector {
  let requirements: string[][] | null
  let test: (node: PathNode) => boolean
  try {
    const selectors = parse(source)
    // Before compiling: css-select reorders the parsed selector in place.
    requirements = requiredTokens(selectors)
    test = compile<PathNode, PathNode>(selectors, { adapter, relativeSelector: false, cacheResults: false })
  } catch (error) {
    throw new SelectorError((error as Error).message)
  }
  return {
    source,
    requirements,
    matchesPath(path) {
      const views = viewCount(path)
      for (let view = 0; view < views; view++) {
        for (const node of pathTree(path, view)) if (test(node)) return true
      }
      return false
    }
  }
}
