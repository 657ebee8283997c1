// The shared DOM mirror on hand-written rrweb payloads: the cases that break naive mirrors, and the hostile
// ones (cycles, self-parenting, absurd depth) that must be refused without hanging or overflowing the stack.
import { describe, expect, it } from 'vitest'
import { attributesOf, DomMirror, MAX_DEPTH, type MirrorNode } from '../../src/shared/events/dom-mirror'
import { pathLabel, recordPath } from '../../src/shared/events/recorded-path'

interface SerializedNode {
  id: number
  type: number
  tagName?: string
  attributes?: Record<string, unknown>
  childNodes?: SerializedNode[]
  textContent?: string
  isShadow?: boolean
}

const text = (id: number, textContent: string): SerializedNode => ({ id, type: 3, textContent })
const el = (id: number, tagName: string, attributes: Record<string, unknown> = {}, childNodes: SerializedNode[] = []) =>
  ({ id, type: 2, tagName, attributes, childNodes }) as SerializedNode

/** html(2) > head(3), body(4) > main(5) > ul(6) > li(7) "one"(8) */
function page(): SerializedNode {
  return {
    id: 1,
    type: 0,
    childNodes: [
      el(2, 'html', {}, [
        el(3, 'head', {}, [el(30, 'title', {}, [text(31, 'Title text')])]),
        el(4, 'body', {}, [
          el(5, 'main', { class: 'content' }, [el(6, 'ul', { class: 'list' }, [el(7, 'li', {}, [text(8, 'one')])])])
        ])
      ])
    ]
  }
}

const tags = (mirror: DomMirror, id: number) =>
  mirror.elementChildren(mirror.get(id)!).map((child) => {
    const { id: elementId } = attributesOf(child)
    return `${child.tag}${elementId ? `#${elementId}` : ''}`
  })
/** A node as the tests compare it: tag, attributes, parent id, child ids. */
const shape = (mirror: DomMirror, node: MirrorNode) => ({
  tag: node.tag,
  attributes: attributesOf(node),
  parentId: node.parent?.id ?? null,
  childIds: mirror.children(node).map((child) => child.id)
})

describe('DomMirror', () => {
  it('loads a full snapshot: tags lower-cased, text collected, head text invisible', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    expect(shape(mirror, mirror.get(5)!)).toEqual({
      tag: 'main',
      attributes: { class: 'content' },
      parentId: 4,
      childIds: [6]
    })
    expect(mirror.textOf(4, 80)).toBe('one')
    expect(mirror.isVisibleText(mirror.get(31)!)).toBe(false)
    expect(mirror.isVisibleText(mirror.get(8)!)).toBe(true)
    expect(pathLabel(recordPath(mirror, 8)!)).toBe('ul.list > li')
  })

  it('applies adds that arrive before their parent and before their next sibling, in the right order', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({
      adds: [
        // rrweb lists children before parents; #b names #c as its next sibling before #c exists.
        { parentId: 10, nextId: null, node: text(11, 'inside a') },
        { parentId: 6, nextId: 13, node: el(12, 'li', { id: 'b' }) },
        { parentId: 6, nextId: 12, node: el(10, 'li', { id: 'a' }) },
        { parentId: 6, nextId: null, node: el(13, 'li', { id: 'c' }) }
      ]
    })
    expect(tags(mirror, 6)).toEqual(['li', 'li#a', 'li#b', 'li#c'])
    expect(mirror.textOf(10, 80)).toBe('inside a')
  })

  it('keeps an add whose parent comes in a later mutation, and attaches it then', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ adds: [{ parentId: 20, nextId: null, node: el(21, 'button', { class: 'late' }) }] })
    expect(mirror.get(21)).toBeUndefined()
    mirror.applyMutation({ adds: [{ parentId: 5, nextId: null, node: el(20, 'form', { class: 'checkout' }) }] })
    expect(pathLabel(recordPath(mirror, 21)!)).toBe('form.checkout > button.late')
  })

  it('removes a subtree, and a re-add with the same id brings the node back with its new attributes', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ removes: [{ parentId: 5, id: 6 }] })
    expect(mirror.get(6)).toBeUndefined()
    expect(mirror.get(7)).toBeUndefined() // the whole subtree went
    expect(shape(mirror, mirror.get(5)!).childIds).toEqual([])
    // Gone from the page; its last known tag still names it.
    expect(recordPath(mirror, 7)).toEqual([{ t: 'li' }])
    mirror.applyMutation({
      adds: [
        { parentId: 5, nextId: null, node: el(6, 'ul', { class: 'list again' }) },
        { parentId: 6, nextId: null, node: el(7, 'li', { class: 'new' }) }
      ]
    })
    expect(pathLabel(recordPath(mirror, 7)!)).toBe('ul.list.again > li.new')
  })

  it('moves a node that is added again without a remove, keeping its children', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ adds: [{ parentId: 4, nextId: 5, node: el(6, 'ul', { class: 'moved' }) }] })
    expect(tags(mirror, 4)).toEqual(['ul', 'main'])
    expect(shape(mirror, mirror.get(5)!).childIds).toEqual([])
    expect(mirror.textOf(6, 80)).toBe('one')
  })

  it('applies attribute changes (null removes, style diffs ignored) and text changes', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({
      attributes: [
        { id: 6, attributes: { class: 'list open', 'data-state': 'x', style: { color: 'red' } } },
        { id: 5, attributes: { class: null } }
      ],
      texts: [{ id: 8, value: 'changed' }]
    })
    expect(attributesOf(mirror.get(6)!)).toEqual({ class: 'list open', 'data-state': 'x' })
    expect(attributesOf(mirror.get(5)!)).toEqual({})
    expect(mirror.textOf(7, 80)).toBe('changed')
  })

  it('follows shadow roots: the host is the parent of the shadow children in paths', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({
      adds: [
        {
          parentId: 5,
          nextId: null,
          node: { ...el(40, 'my-widget', { class: 'widget' }), isShadowHost: true } as SerializedNode
        },
        { parentId: 40, nextId: null, node: { ...el(41, 'button', { part: 'go' }), isShadow: true } }
      ]
    })
    const path = recordPath(mirror, 41)!
    expect(path[0]).toMatchObject({ t: 'button', s: 1 })
    expect(pathLabel(path)).toBe('my-widget.widget > button')
  })

  it('a new full snapshot replaces the mirror: ids of the old DOM are gone, waiting adds dropped', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ adds: [{ parentId: 99, nextId: null, node: el(100, 'p') }] })
    mirror.loadSnapshot({ id: 1, type: 0, childNodes: [el(2, 'html', {}, [el(4, 'body', { class: 'v2' })])] })
    expect(mirror.get(6)).toBeUndefined()
    expect(mirror.size).toBe(3)
    mirror.applyMutation({ adds: [{ parentId: 4, nextId: null, node: el(99, 'div') }] })
    expect(mirror.get(100)).toBeUndefined()
  })

  it('never changes the events it reads (the replayer gets the same objects)', () => {
    const mirror = new DomMirror()
    const root = page()
    const changes = {
      adds: [{ parentId: 6, nextId: null, node: el(70, 'li', { class: 'x' }, [text(71, 'added')]) }],
      attributes: [{ id: 6, attributes: { class: 'changed' } }],
      texts: [{ id: 8, value: 'new text' }],
      removes: [{ parentId: 4, id: 99 }]
    }
    const before = JSON.stringify([root, changes])
    mirror.loadSnapshot(root)
    mirror.applyMutation(changes)
    expect(JSON.stringify([root, changes])).toBe(before)
    expect(attributesOf(mirror.get(6)!)).toEqual({ class: 'changed' })
    expect(mirror.textOf(6, 80)).toBe('new text added')
  })

  it('remembers a removed element, so a later event still has a label for it', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ removes: [{ parentId: 5, id: 6 }] })
    expect(mirror.get(7)).toBeUndefined()
    expect(mirror.getOrRemembered(6)).toMatchObject({ tag: 'ul', parent: null })
    expect(pathLabel(recordPath(mirror, 6)!)).toBe('ul.list')
  })

  it('reports every text that enters, and masked text stays masked in excerpts', () => {
    const mirror = new DomMirror()
    const seen: string[] = []
    mirror.onText = (node) => seen.push(node.text ?? '')
    mirror.loadSnapshot(page())
    mirror.applyMutation({
      adds: [{ parentId: 7, nextId: null, node: text(50, '*****') }],
      texts: [{ id: 8, value: 'two' }]
    })
    expect(seen.sort()).toEqual(['*****', 'Title text', 'one', 'two'])
    expect(mirror.textOf(7, 80)).toBe('two *****')
  })

  it('records preceding siblings and the count of following ones for each path element', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({
      adds: [
        { parentId: 6, nextId: null, node: el(60, 'li', { class: 'second', 'data-id': '42', value: 'secret' }) },
        { parentId: 6, nextId: null, node: el(61, 'li', { class: 'third' }) }
      ]
    })
    const [target] = recordPath(mirror, 60)!
    expect(target).toEqual({ t: 'li', a: { class: 'second', 'data-id': '42' }, p: [{ t: 'li' }], f: 1 })
  })
})

describe('DomMirror: hostile recordings', () => {
  it('refuses to move a node under its own descendant, then a text added inside the would-be loop is harmless', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    // ul(6) > li(7): move ul under li.
    mirror.applyMutation({ adds: [{ parentId: 7, nextId: null, node: el(6, 'ul', { class: 'list' }) }] })
    expect(mirror.anomalies.cycles).toBe(1)
    mirror.applyMutation({ adds: [{ parentId: 7, nextId: null, node: text(90, 'inside') }] })
    expect(shape(mirror, mirror.get(6)!).parentId).toBe(5)
    expect(mirror.textOf(4, 80)).toBe('one inside')
    expect(mirror.isVisibleText(mirror.get(90)!)).toBe(true)
    expect(mirror.elementAt(90)?.id).toBe(7)
    expect(recordPath(mirror, 90)!.map((element) => element.t)).toEqual(['li', 'ul', 'main', 'body', 'html'])
  })

  it('refuses a node added as its own child, whether it exists already or arrives so', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ adds: [{ parentId: 7, nextId: null, node: el(7, 'li') }] })
    mirror.applyMutation({ adds: [{ parentId: 80, nextId: null, node: el(80, 'div') }] })
    mirror.applyMutation({ adds: [{ parentId: 5, nextId: null, node: el(80, 'div') }] })
    expect(mirror.anomalies.cycles).toBe(2)
    expect(shape(mirror, mirror.get(80)!).parentId).toBe(5)
    expect(shape(mirror, mirror.get(7)!).parentId).toBe(6)
  })

  it('refuses a serialized child that repeats an ancestor id', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ adds: [{ parentId: 7, nextId: null, node: el(81, 'span', {}, [el(4, 'body')]) }] })
    expect(mirror.anomalies.cycles).toBe(1)
    expect(mirror.get(4)!.parent?.id).toBe(2)
    expect(mirror.textOf(1, 80)).toBe('one')
  })

  it('reads a snapshot nested 30,000 levels deep without overflowing the stack, cut at MAX_DEPTH', () => {
    let deepest: SerializedNode = text(100_000, 'bottom')
    for (let i = 0; i < 30_000; i++) deepest = el(10 + i, 'div', {}, [deepest])
    const mirror = new DomMirror()
    mirror.loadSnapshot({ id: 1, type: 0, childNodes: [deepest] })
    expect(mirror.size).toBe(MAX_DEPTH + 1)
    expect(mirror.anomalies.tooDeep).toBeGreaterThan(0)
    expect(mirror.textOf(1, 80)).toBe('')
    // The deepest node kept still answers bounded walks.
    const bottom = [...Array(MAX_DEPTH).keys()].reduce<MirrorNode>((node) => node.firstChild!, mirror.get(1)!)
    expect(recordPath(mirror, bottom.id)!.length).toBeLessThanOrEqual(64)
    expect(mirror.isVisibleText(bottom)).toBe(true)
  })

  it('releases a chain of 9,000 adds that each waited for the one before, without recursion', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    const adds = []
    for (let i = 9_000; i > 0; i--) adds.push({ parentId: 1000 + i - 1, nextId: null, node: el(1000 + i, 'i') })
    mirror.applyMutation({ adds })
    expect(mirror.get(1001)).toBeUndefined()
    mirror.applyMutation({ adds: [{ parentId: 4, nextId: null, node: el(1000, 'section') }] })
    // Kept down to MAX_DEPTH under body; the rest of the chain is refused as too deep.
    expect(mirror.get(1001)?.parent?.id).toBe(1000)
    expect(mirror.anomalies.tooDeep).toBeGreaterThan(0)
  })

  it('builds a list of 100,000 items in linear time, in order, inserting before known siblings', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    // rrweb's order for a new list: last item first, each naming the one after it.
    const adds = [{ parentId: 6, nextId: null as number | null, node: el(200_000, 'li') }]
    for (let i = 199_999; i > 100_000; i--) adds.push({ parentId: 6, nextId: i + 1, node: el(i, 'li') })
    mirror.applyMutation({ adds })
    const ids = mirror.children(mirror.get(6)!).map((node) => node.id)
    expect(ids.length).toBe(100_001)
    expect(ids.slice(0, 3)).toEqual([7, 100_001, 100_002])
    expect(ids.at(-1)).toBe(200_000)
  })

  it('skips malformed adds and nodes and counts them', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({
      adds: [
        null,
        { parentId: 'x' },
        { parentId: 6, node: { id: 'y', type: 2 } },
        { parentId: 6, node: { id: 9, type: 99 } }
      ],
      removes: [null, { id: {} }],
      texts: [{ id: 'z', value: 1 }],
      attributes: [{ id: 6, attributes: null }]
    })
    expect(mirror.anomalies.malformed).toBeGreaterThanOrEqual(3)
    expect(mirror.textOf(1, 80)).toBe('one')
  })
})
