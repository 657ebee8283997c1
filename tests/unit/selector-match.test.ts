// css-select over recorded paths: paths recorded from a mirror of a known page, matched like `clicked:` does
// (the element or one of its ancestors), with the index prefilter checked against the real matcher.
import { describe, expect, it } from 'vitest'
import { DomMirror } from '../../src/shared/events/dom-mirror'
import { pathTokens, recordPath, type RecordedPath } from '../../src/shared/events/recorded-path'
import type { Node as SerializedNode } from '../helpers/rrweb-events'
import { compileSelector } from '../../src/main/core/analysis/selector-match'

let nextId = 1
const text = (textContent: string): SerializedNode => ({ id: nextId++, type: 3, textContent })
const el = (tagName: string, attributes: Record<string, string> = {}, childNodes: SerializedNode[] = []) =>
  ({ id: nextId++, type: 2, tagName, attributes, childNodes }) as SerializedNode

// A page with known structure; `ids` names the nodes the tests click.
const ids: Record<string, number> = {}
const named = (name: string, node: SerializedNode) => ((ids[name] = node.id), node)
const tree: SerializedNode = {
  id: nextId++,
  type: 0,
  childNodes: [
    el('html', {}, [
      el('body', {}, [
        el('nav', { class: 'filters' }, [
          el('ul', {}, [
            el('li', {}, [named('all', el('a', { href: '#/', class: 'selected' }, [text('All')]))]),
            el('li', {}, [named('active', el('a', { href: '#/active' }, [text('Active')]))]),
            el('li', {}, [named('completed', el('a', { href: '#/completed' }, [text('Completed')]))])
          ])
        ]),
        el('form', { class: 'checkout', id: 'pay-form' }, [
          el('h2', {}, [text('Pay')]),
          el('label', { for: 'email' }, [text('Email')]),
          named('email', el('input', { id: 'email', type: 'email', name: 'email' })),
          el('div', { class: 'actions' }, [
            named('secondary', el('button', { class: 'btn secondary', type: 'button' }, [text('Back')])),
            named(
              'pay',
              el('button', { class: 'btn primary checkout-btn', type: 'submit' }, [
                named('paySpan', el('span', { class: 'label' }, [text('Pay now')]))
              ])
            )
          ])
        ]),
        named(
          'outside',
          el('button', { class: 'btn primary', 'data-testid': 'product-7', 'aria-label': 'Add' }, [text('Add')])
        )
      ])
    ])
  ]
}
const mirror = new DomMirror()
mirror.loadSnapshot(tree)
const path = (name: string): RecordedPath => recordPath(mirror, ids[name]!)!

/** Which of the named clicks a selector finds (in node id order: inner elements were numbered first), asserting the prefilter keeps every one it finds. */
function found(selector: string): string[] {
  const compiled = compileSelector(selector)
  const names = Object.keys(ids).sort((a, b) => ids[a]! - ids[b]!)
  return names.filter((name) => {
    const recorded = path(name)
    const matches = compiled.matchesPath(recorded)
    if (matches && compiled.requirements) {
      const tokens = pathTokens(recorded)
      expect(compiled.requirements.some((all) => all.every((token) => tokens.has(token)))).toBe(true)
    }
    return matches
  })
}

describe('selectors over recorded paths', () => {
  it('ancestor selectors: the element or any ancestor matches', () => {
    expect(found('form.checkout button')).toEqual(['secondary', 'paySpan', 'pay'])
    expect(found('.checkout-btn')).toEqual(['paySpan', 'pay'])
    expect(found('#pay-form')).toEqual(['email', 'secondary', 'paySpan', 'pay'])
    expect(found('nav.filters')).toEqual(['all', 'active', 'completed'])
  })

  it('attribute selectors', () => {
    expect(found('a[href="#/active"]')).toEqual(['active'])
    expect(found('a[href^="#/"]')).toEqual(['all', 'active', 'completed'])
    expect(found('[data-testid="product-7"]')).toEqual(['outside'])
    expect(found('[data-testid^=product]')).toEqual(['outside'])
    expect(found('[aria-label=Add]')).toEqual(['outside'])
    expect(found('input[type=email][name=email]')).toEqual(['email'])
    expect(found('[href="#/ACTIVE" i]')).toEqual(['active'])
  })

  it(':not() and combinators', () => {
    expect(found('button:not(.secondary)')).toEqual(['paySpan', 'pay', 'outside'])
    expect(found('form button.btn:not(.primary)')).toEqual(['secondary'])
    expect(found('a:not([href="#/"])')).toEqual(['active', 'completed'])
    expect(found('form > button')).toEqual([])
    expect(found('form > div > button.primary > span')).toEqual(['paySpan'])
    expect(found('label + input')).toEqual(['email'])
    expect(found('h2 ~ input')).toEqual(['email'])
    expect(found('h2 + input')).toEqual([])
    expect(found('.secondary + .primary')).toEqual(['paySpan', 'pay'])
    expect(found('li:nth-child(2) a')).toEqual(['active'])
    expect(found('li:last-child > a')).toEqual(['completed'])
    expect(found('li:first-child a')).toEqual(['all'])
    expect(found('form ~ button')).toEqual(['outside'])
    expect(found(':is(nav, form) a')).toEqual(['all', 'active', 'completed'])
    expect(found('BUTTON.checkout-btn')).toEqual(['paySpan', 'pay'])
  })

  it('no false matches', () => {
    expect(found('.checkout-btn span.other')).toEqual([])
    expect(found('nav button')).toEqual([])
    expect(found('form.checkout [data-testid]')).toEqual([])
    expect(found('a[href="#/activ"]')).toEqual([])
    expect(found('.Checkout-btn')).toEqual([]) // class names are case-sensitive
    expect(found('button[value]')).toEqual([]) // field values are never recorded
    expect(found('form.checkout + button.secondary')).toEqual([])
  })

  it('links recorded as absolute URLs also match as the page source spells them', () => {
    const page = new DomMirror()
    page.loadSnapshot({
      id: 1,
      type: 0,
      childNodes: [
        el('html', {}, [
          el('body', {}, [
            named('hashLink', el('a', { href: 'http://shop.test/app?x=1#/active' })),
            named('pathLink', el('a', { href: 'http://shop.test/cart' })),
            named('external', el('a', { href: 'https://other.test/app?x=1#/active' }))
          ])
        ])
      ]
    })
    const recorded = (name: string) => recordPath(page, ids[name]!, 'http://shop.test/app?x=1')!
    const matches = (selector: string, name: string) => {
      const compiled = compileSelector(selector)
      const tokens = pathTokens(recorded(name))
      const kept = compiled.requirements!.some((all) => all.every((token) => tokens.has(token)))
      const matched = compiled.matchesPath(recorded(name))
      if (matched) expect(kept).toBe(true)
      return matched
    }
    expect(recorded('hashLink')[0]!.h).toEqual(['/app?x=1#/active', '#/active'])
    expect(matches('a[href="#/active"]', 'hashLink')).toBe(true)
    expect(matches('a[href="/app?x=1#/active"]', 'hashLink')).toBe(true)
    expect(matches('a[href="http://shop.test/app?x=1#/active"]', 'hashLink')).toBe(true)
    expect(matches('a[href="/cart"]', 'pathLink')).toBe(true)
    expect(matches('a[href^="/"]', 'pathLink')).toBe(true)
    expect(matches('a[href="#/active"]', 'external')).toBe(false)
    expect(matches('a[href="/app?x=1#/active"]', 'external')).toBe(false)
  })

  it('derives the index tokens a match needs (null when a selector needs none)', () => {
    const sorted = (selector: string) => compileSelector(selector).requirements!.map((tokens) => [...tokens].sort())
    expect(sorted('form.checkout button')).toEqual([['c:checkout', 't:button', 't:form']])
    expect(sorted('a[href="#/active"], #pay-form')).toEqual([['t:a', 'v:href=#/active'], ['i:pay-form']])
    expect(sorted('[href="#/X" i]')).toEqual([['a:href']])
    expect(compileSelector('*').requirements).toBeNull()
    expect(compileSelector(':not(.a)').requirements).toBeNull()
  })
})
