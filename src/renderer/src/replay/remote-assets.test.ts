import { describe, expect, it } from 'vitest'
import type { RecordedEvent } from '../../../shared/types'
import { SessionSteps } from '../../../shared/events/session-steps'
import { RemoteAssetFilter } from './remote-assets'

let nextId = 1
const el = (tagName: string, attributes: Record<string, string> = {}, childNodes: unknown[] = []) => ({
  type: 2,
  id: nextId++,
  tagName,
  attributes,
  childNodes
})
const text = (textContent: string, isStyle = false) => ({ type: 3, id: nextId++, textContent, isStyle })

function snapshot(body: unknown[]): RecordedEvent {
  return {
    type: 2,
    timestamp: 1000,
    data: { node: { type: 0, id: nextId++, childNodes: [el('html', {}, [el('head'), el('body', {}, body)])] } }
  }
}

const mutation = (data: Record<string, unknown>): RecordedEvent => ({
  type: 3,
  timestamp: 2000,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data }
})

function setup() {
  const steps = new SessionSteps()
  const filter = new RemoteAssetFilter(steps)
  const run = (event: RecordedEvent) => {
    const out = filter.filter(event, 0)
    steps.feedEvent(event, 0)
    return out
  }
  return { filter, run }
}

const json = (value: unknown) => JSON.stringify(value)

describe('RemoteAssetFilter', () => {
  it('passes events without remote URLs through as the same objects', () => {
    const { filter, run } = setup()
    const event = snapshot([el('p', { class: 'x' }, [text('hello')]), el('img', { src: 'data:image/png;base64,AAAA' })])
    expect(run(event)).toBe(event)
    const move: RecordedEvent = { type: 3, timestamp: 1, data: { source: 1, positions: [] } }
    expect(run(move)).toBe(move)
    expect(filter.heldBack.size).toBe(0)
  })

  it('rewrites img src/srcset, link href, inline style url(), <style> url() and @import in a full snapshot', () => {
    const { filter, run } = setup()
    const event = snapshot([
      el('img', { src: 'https://cdn.example.com/a.png', srcset: 'https://cdn.example.com/a@2x.png 2x, b.png 1x' }),
      el('link', { rel: 'stylesheet', href: 'https://fonts.example.com/css' }),
      el('a', { href: 'https://example.com/page' }, [text('a link')]),
      el('div', { style: "background: url('https://cdn.example.com/bg.jpg') no-repeat" }),
      el('style', {}, [
        text(
          '@import url("https://cdn.example.com/more.css"); @font-face { src: url(https://fonts.example.com/f.woff2) }',
          true
        )
      ]),
      el('video', { poster: '//cdn.example.com/poster.jpg' })
    ])
    const out = run(event)!
    expect(out).not.toBe(event)
    const serialized = json(out)
    expect(serialized).not.toMatch(/cdn\.example\.com|fonts\.example\.com/)
    // <a href> only navigates (and the sandbox forbids that): kept, so the page still looks like itself.
    expect(serialized).toContain('https://example.com/page')
    expect(serialized).toContain('url(\\"data:,\\")')
    expect([...filter.heldBack].sort()).toEqual(
      [
        '//cdn.example.com/poster.jpg',
        'b.png',
        'https://cdn.example.com/a.png',
        'https://cdn.example.com/a@2x.png',
        'https://cdn.example.com/bg.jpg',
        'https://cdn.example.com/more.css',
        'https://fonts.example.com/css',
        'https://fonts.example.com/f.woff2'
      ].sort()
    )
    // The original event is untouched (the player can be rebuilt with remote assets allowed).
    expect(json(event)).toContain('https://cdn.example.com/a.png')
  })

  it('rewrites mutation adds, attribute changes (by the node tag it knows), style objects and style text', () => {
    const { filter, run } = setup()
    const img = el('img', { src: 'data:,' })
    const link = el('a', { href: '#top' })
    const style = el('style', {}, [text('p { color: red }', true)])
    const styleText = (style.childNodes[0] as { id: number }).id
    run(snapshot([img, link, style]))

    const added = el('img', { src: 'http://tracker.example.net/pixel.gif' })
    const out = run(
      mutation({
        adds: [{ parentId: 1, nextId: null, node: added }],
        attributes: [
          { id: img.id, attributes: { src: 'https://cdn.example.com/new.png', alt: 'x' } },
          { id: link.id, attributes: { href: 'https://example.com/elsewhere' } },
          { id: img.id, attributes: { style: { 'background-image': "url('https://cdn.example.com/s.png')" } } }
        ],
        texts: [{ id: styleText, value: 'body { background: url(https://cdn.example.com/t.png) }' }]
      })
    )!
    const serialized = json(out)
    expect(serialized).not.toMatch(/tracker\.example\.net|cdn\.example\.com/)
    expect(serialized).toContain('https://example.com/elsewhere')
    expect(filter.heldBack.size).toBe(4)
  })

  it('rewrites CSS in stylesheet-rule, declaration and adopted-stylesheet events, and drops remote fonts', () => {
    const { filter, run } = setup()
    const rule = run({
      type: 3,
      timestamp: 1,
      data: { source: 8, id: 5, adds: [{ rule: '.a { background: url(https://x.example/a.png) }', index: 0 }] }
    })
    const declaration = run({
      type: 3,
      timestamp: 2,
      data: { source: 13, id: 5, index: [0], set: { property: 'background', value: 'url("https://x.example/b.png")' } }
    })
    const adopted = run({
      type: 3,
      timestamp: 3,
      data: {
        source: 15,
        id: 1,
        styleIds: [1],
        styles: [{ styleId: 1, rules: [{ rule: '@import "https://x.example/c.css";' }] }]
      }
    })
    const font = run({
      type: 3,
      timestamp: 4,
      data: { source: 10, family: 'Brand', fontSource: 'https://x.example/brand.woff2', buffer: false }
    })
    expect(json([rule, declaration, adopted])).not.toContain('x.example')
    expect(font).toBeNull()
    expect(filter.heldBack.size).toBe(4)
  })

  it('never replays a meta refresh and drops script sources without counting them as assets', () => {
    const { filter, run } = setup()
    const out = run(
      snapshot([
        el('meta', { 'http-equiv': 'refresh', content: '0; url=https://evil.example/' }),
        el('script', { src: 'https://cdn.example.com/app.js' })
      ])
    )!
    const serialized = json(out)
    expect(serialized).not.toContain('evil.example')
    expect(serialized).not.toContain('app.js')
    expect([...filter.heldBack]).toEqual(['https://evil.example/'])
  })
})
