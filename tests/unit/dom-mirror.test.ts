// The DOM mirror on hand-written rrweb payloads: the cases that break naive mirrors.
import { describe, expect, it } from 'vitest'
import {
  attributesOf,
  DomMirror,
  PARENT,
  tagOf,
  type MirrorNode,
  type SerializedNode
} from '../../src/main/core/analysis/dom-mirror'
import { pathLabel, recordPath } from '../../src/main/core/analysis/recorded-path'

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
    return `${tagOf(child)}${elementId ? `#${elementId}` : ''}`
  })
/** A node as the tests compare it: tag, attributes, parent id, child ids. */
const shape = (node: MirrorNode) => ({
  tag: tagOf(node),
  attributes: attributesOf(node),
  parentId: node[PARENT]?.id ?? null,
  childIds: (node.childNodes ?? []).map((child) => child.id)
})

describe('DomMirror', () => {
  it('loads a full snapshot: tags lower-cased, text collected, head text invisible', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    expect(shape(mirror.get(5)!)).toEqual({ tag: 'main', attributes: { class: 'content' }, parentId: 4, childIds: [6] })
    expect(mirror.textOf(4, 80)).toBe('one')
    expect(mirror.isVisibleText(mirror.get(31)!)).toBe(false)
    expect(mirror.isVisibleText(mirror.get(8)!)).toBe(true)
    expect(pathLabel(recordPath(mirror, 8)!)).toBe('main.content > ul.list > li')
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
    expect(pathLabel(recordPath(mirror, 21)!)).toBe('main.content > form.checkout > button.late')
  })

  it('removes a subtree, and a re-add with the same id brings the node back with its new attributes', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ removes: [{ parentId: 5, id: 6 }] })
    expect(mirror.get(6)).toBeUndefined()
    expect(mirror.get(7)).toBeUndefined() // the whole subtree went
    expect(shape(mirror.get(5)!).childIds).toEqual([])
    expect(recordPath(mirror, 7)).toBeNull()
    mirror.applyMutation({
      adds: [
        { parentId: 5, nextId: null, node: el(6, 'ul', { class: 'list again' }) },
        { parentId: 6, nextId: null, node: el(7, 'li', { class: 'new' }) }
      ]
    })
    expect(pathLabel(recordPath(mirror, 7)!)).toBe('main.content > ul.list.again > li.new')
  })

  it('moves a node that is added again without a remove, keeping its children', () => {
    const mirror = new DomMirror()
    mirror.loadSnapshot(page())
    mirror.applyMutation({ adds: [{ parentId: 4, nextId: 5, node: el(6, 'ul', { class: 'moved' }) }] })
    expect(tags(mirror, 4)).toEqual(['ul', 'main'])
    expect(shape(mirror.get(5)!).childIds).toEqual([])
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
    expect(pathLabel(path)).toBe('main.content > my-widget.widget > button')
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

  it('adopts the parsed nodes, and the events still serialize', () => {
    const mirror = new DomMirror()
    const root = page()
    mirror.loadSnapshot(root)
    const li = root.childNodes![0]!.childNodes![1]!.childNodes![0]!.childNodes![0]!.childNodes![0]!
    expect(mirror.get(7)).toBe(li)
    expect(JSON.parse(JSON.stringify(root))).toEqual(page())
  })

  it('reports every text that enters, and masked text stays masked in excerpts', () => {
    const mirror = new DomMirror()
    const seen: string[] = []
    mirror.onText = (node) => seen.push(node.textContent ?? '')
    mirror.loadSnapshot(page())
    mirror.applyMutation({
      adds: [{ parentId: 7, nextId: null, node: text(50, '*****') }],
      texts: [{ id: 8, value: 'two' }]
    })
    expect(seen).toEqual(['Title text', 'one', '*****', 'two'])
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
