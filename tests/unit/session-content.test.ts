// The shared model's additions for the privacy audit on hand-written rrweb payloads: the mirror's
// onAttribute hook, SessionContent (what a person could read, what the recorder hid), the bounded walk of
// payload strings, and the event redactor. None of them may change the events they read.
import { describe, expect, it } from 'vitest'
import { DomMirror } from '../../src/shared/events/dom-mirror'
import { pathLabel } from '../../src/shared/events/recorded-path'
import { createEventRedactor } from '../../src/shared/events/redact-events'
import {
  SessionContent,
  urlQueryPart,
  type ContentItem,
  type HiddenItem
} from '../../src/shared/events/session-content'
import { stringLeaves } from '../../src/shared/events/string-leaves'
import type { RecordedEvent } from '../../src/shared/types'
import { consoleError, custom, documentWith, el, input, meta, mutation, snapshot, text } from '../helpers/rrweb-events'

const T = 1_700_000_000_000

function read(events: RecordedEvent[]) {
  const content: (Omit<ContentItem, 'segment'> & { selector: string | null })[] = []
  const hidden: (Pick<HiddenItem, 'kind' | 'nodeId' | 'width' | 'height'> & { selector: string | null })[] = []
  const reader = new SessionContent({
    content: (item, locate) => {
      const { segment: _segment, ...rest } = item
      const path = locate()
      content.push({ ...rest, selector: path ? pathLabel(path) : null })
    },
    hidden: (item, locate) => {
      const path = locate()
      hidden.push({
        kind: item.kind,
        nodeId: item.nodeId,
        width: item.width,
        height: item.height,
        selector: path ? pathLabel(path) : null
      })
    }
  })
  const before = JSON.stringify(events)
  reader.feed(events, 0)
  reader.finish()
  expect(JSON.stringify(events)).toBe(before)
  return { content, hidden }
}

describe('DomMirror.onAttribute', () => {
  it('reports every attribute entering the mirror and every one a mutation sets, not removals or style diffs', () => {
    const mirror = new DomMirror()
    const seen: string[] = []
    mirror.onAttribute = (node, name) => seen.push(`${node.id}:${name}`)
    mirror.loadSnapshot(documentWith(el(5, 'a', { href: '/x', title: 't' }, [text(6, 'link')])))
    expect(seen).toEqual(['5:href', '5:title'])
    seen.length = 0
    const change = mutation(T, { attributes: [{ id: 5, attributes: { title: 'new', href: null } }] }).data
    mirror.applyMutation({
      ...(change as object),
      attributes: [{ id: 5, attributes: { title: 'new', href: null, style: { color: 'red' } } }]
    })
    expect(seen).toEqual(['5:title'])
  })
})

describe('SessionContent', () => {
  it('reports visible texts, readable attributes and link query strings with their node and element', () => {
    const page = documentWith(
      el(5, 'ul', { class: 'list' }, [
        el(6, 'li', { title: 'Jane', 'data-user': 'u-42', class: 'item' }, [text(7, 'first')])
      ]),
      el(8, 'a', { href: 'http://x.test/p?email=a%40b.c#top' }, [text(9, '  ')]),
      el(10, 'a', { href: 'http://x.test/plain' }),
      el(11, 'script', {}, [text(12, 'var secret = 1')])
    )
    const { content } = read([
      meta(T, 'http://x.test/'),
      snapshot(T + 1, page),
      mutation(T + 2, { texts: [{ id: 7, value: 'second' }] })
    ])
    expect(
      content.map(({ where, text: value, name, nodeId, selector }) => [where, value, name, nodeId, selector])
    ).toEqual([
      // Within one snapshot, in the order the mirror adopts nodes (one level at a time).
      ['url', 'http://x.test/', null, null, null],
      ['attribute', '?email=a%40b.c#top', 'href', 8, 'body > a'],
      ['attribute', 'Jane', 'title', 6, 'ul.list > li.item'],
      ['attribute', 'u-42', 'data-user', 6, 'ul.list > li.item'],
      ['text', 'first', null, 7, 'ul.list > li.item'],
      ['text', 'second', null, 7, 'ul.list > li.item']
    ])
    expect(urlQueryPart('data:image/png;base64,AAAA?x')).toBe('')
    expect(urlQueryPart('mailto:jane@x.test')).toBe('mailto:jane@x.test')
    expect(urlQueryPart('http://x.test/a/b')).toBe('')
  })

  it('reports what was hidden: masked fields and texts, blocked placeholders with their size', () => {
    const page = documentWith(
      el(5, 'input', { value: '****' }),
      el(6, 'p', {}, [text(7, '**** **')]),
      el(8, 'div', { class: 'ad', rr_width: '300px', rr_height: '50.5px' })
    )
    const { content, hidden } = read([meta(T, 'http://x.test/'), snapshot(T + 1, page), input(T + 10, 5, '*****')])
    expect(content.map((item) => item.where)).toEqual(['url'])
    expect(hidden).toEqual([
      { kind: 'masked-input', nodeId: 5, width: null, height: null, selector: 'body > input' },
      { kind: 'blocked', nodeId: 8, width: 300, height: 50.5, selector: 'body > div.ad' },
      { kind: 'masked-text', nodeId: 7, width: null, height: null, selector: 'body > p' },
      { kind: 'masked-input', nodeId: 5, width: null, height: null, selector: 'body > input' }
    ])
  })

  it('reads a typing burst once it is over, custom payload strings, and error messages and stacks', () => {
    const page = documentWith(el(5, 'input', { name: 'q' }))
    const { content } = read([
      meta(T, 'http://x.test/'),
      snapshot(T + 1, page),
      input(T + 10, 5, 'he'),
      input(T + 20, 5, 'hello'),
      custom(T + 30, 'analytics', { user: { name: 'Jane', tags: ['a', 'b'] }, n: 3 }),
      input(T + 5000, 5, 'again'),
      consoleError(T + 6000, 'failed for', 'jane'),
      custom(T + 7000, 'navigation', { href: 'http://x.test/next', via: 'pushState' })
    ])
    expect(content.map(({ where, text: value, name, ts }) => [where, value, name, ts - T])).toEqual([
      ['url', 'http://x.test/', null, 0],
      ['custom', 'Jane', 'analytics', 30],
      ['custom', 'a', 'analytics', 30],
      ['custom', 'b', 'analytics', 30],
      // The first burst is over when the next input comes more than 3 s later.
      ['input', 'hello', null, 10],
      ['error', 'failed for jane', 'message', 6000],
      ['url', 'http://x.test/next', null, 7000],
      // The recording ends: the open burst is read as it is.
      ['input', 'again', null, 5000]
    ])
  })
})

describe('SessionContent on devtools steps', () => {
  it('reads console messages with their level, and a request’s URL, headers and bodies where recorded', () => {
    const request = {
      initiator: 'fetch',
      method: 'POST',
      url: 'http://x.test/api/users/jane@example.com?token=**',
      status: 500,
      error: null,
      start: T + 20,
      duration: 12,
      requestSize: 20,
      responseSize: null,
      request: { headers: { 'content-type': 'application/json' }, body: '{"email":"a@b.test"}', truncated: false },
      response: { headers: { 'x-user': 'jane' }, body: null, truncated: false }
    }
    const { content } = read([
      meta(T, 'http://x.test/'),
      snapshot(T + 1, documentWith()),
      custom(T + 10, 'console', {
        level: 'warn',
        message: 'retrying for jane@example.com',
        truncated: false,
        source: null,
        line: null,
        column: null,
        repeats: 0
      }),
      custom(T + 40, 'network', request),
      // Without bodies (the default), only the URL is there to read.
      custom(T + 50, 'network', { ...request, url: 'http://x.test/ok', request: undefined, response: undefined })
    ])
    expect(content.map(({ where, text: value, name, ts }) => [where, value, name, ts - T])).toEqual([
      ['url', 'http://x.test/', null, 0],
      ['console', 'retrying for jane@example.com', 'warn', 10],
      ['network', 'http://x.test/api/users/jane@example.com?token=**', 'url', 40],
      ['network', 'application/json', 'request header content-type', 40],
      ['network', '{"email":"a@b.test"}', 'request body', 40],
      ['network', 'jane', 'response header x-user', 40],
      ['network', 'http://x.test/ok', 'url', 50]
    ])
  })
})

describe('bounded walks of hostile payloads', () => {
  it('stringLeaves reads at most its bounds of a payload nested 30,000 deep or holding a million strings', () => {
    let deep: unknown = 'bottom'
    for (let i = 0; i < 30_000; i++) deep = { next: deep }
    expect(stringLeaves(deep)).toEqual([])
    const wide = Array.from({ length: 1_000_000 }, (_, i) => `s${i}`)
    const leaves = stringLeaves({ wide }, 200, 10)
    expect(leaves).toHaveLength(200)
    expect(leaves[0]).toEqual({ path: 'wide.0', text: 's0' })
    expect(stringLeaves({ long: 'x'.repeat(10_000) }, 5, 100)[0]!.text).toHaveLength(100)
  })

  it('the redactor masks values, their URL spellings and typed parts, and all text when asked', () => {
    const events = [
      snapshot(
        T,
        documentWith(
          el(5, 'p', { title: 'mail jane@x.test' }, [text(6, 'Hi jane@x.test')]),
          el(7, 'input', { value: 'jane@x' })
        )
      ),
      input(T + 1, 7, 'jane@x.te'),
      meta(T + 2, 'http://x.test/?to=jane%40x.test'),
      custom(T + 3, 'form', { note: 'style text stays' })
    ]
    const redactor = createEventRedactor(['jane@x.test'], { maskAllText: false })
    expect(redactor.redact(events)).toBe(5)
    const json = JSON.stringify(events)
    expect(json).not.toContain('jane')
    expect(json).toContain('Hi ***********')
    expect(json).toContain('style text stays')
    expect(redactor.holdsValue(json)).toBe(false)
    const all = createEventRedactor([], { maskAllText: true })
    const page = [snapshot(T, documentWith(el(5, 'p', { placeholder: 'Your name' }, [text(6, 'Hello there')])))]
    all.redact(page)
    expect(JSON.stringify(page)).toContain('"textContent":"***** *****"')
    expect(JSON.stringify(page)).toContain('"placeholder":"**** ****"')
  })
})
