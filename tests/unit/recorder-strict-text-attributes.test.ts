import { describe, expect, it } from 'vitest'
import type { RecorderConfig } from '../../src/shared/types'
import { buildRecordOptions } from '../../src/recorder/record-options'
import { maskTextAttributes } from '../../src/recorder/strict-text-attributes'

// Serialized nodes as rrweb builds them: Document 0, Element 2, Text 3.
const element = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = [], id = 1) => ({
  type: 2,
  tagName,
  attributes,
  childNodes,
  id
})

const fullSnapshot = (...children: unknown[]) => ({
  type: 2,
  timestamp: 1,
  data: { node: { type: 0, childNodes: [element('html', {}, [element('body', {}, children)])], id: 0 } }
})

describe('maskTextAttributes', () => {
  it('masks text-bearing attributes anywhere in a full snapshot, one * per character, keeping spaces', () => {
    const input = element('input', { placeholder: 'Jane Doe', title: 'Your name', class: 'field', type: 'text' })
    const image = element('img', { alt: 'Photo of Jane', src: '/jane.png' })
    const button = element('button', { 'aria-label': 'Delete Jane', 'data-id': '42' })
    const event = fullSnapshot(element('form', {}, [input, element('div', {}, [image, button])]))
    maskTextAttributes(event)
    expect(input.attributes).toEqual({ placeholder: '**** ***', title: '**** ****', class: 'field', type: 'text' })
    expect(image.attributes).toEqual({ alt: '***** ** ****', src: '/jane.png' })
    expect(button.attributes).toEqual({ 'aria-label': '****** ****', 'data-id': '42' })
  })

  it('masks the label of button-like inputs but leaves other values to rrweb input masking', () => {
    const submit = element('input', { type: 'submit', value: 'Pay Jane' })
    const reset = element('input', { type: 'reset', value: 'Clear' })
    const checkbox = element('input', { type: 'checkbox', value: 'on' })
    maskTextAttributes(fullSnapshot(submit, reset, checkbox))
    expect(submit.attributes.value).toBe('*** ****')
    expect(reset.attributes.value).toBe('*****')
    expect(checkbox.attributes.value).toBe('on')
  })

  it('masks added nodes and changed attributes in a mutation event', () => {
    const added = element('abbr', { title: 'Jane' }, [element('img', { alt: 'Jane' })])
    const changed = { id: 7, attributes: { title: 'Now Jane', style: { color: 'red' }, placeholder: null } }
    const event = {
      type: 3,
      timestamp: 1,
      data: {
        source: 0,
        adds: [{ parentId: 1, nextId: null, node: added }],
        attributes: [changed],
        texts: [],
        removes: []
      }
    }
    maskTextAttributes(event)
    expect(added.attributes.title).toBe('****')
    expect((added.childNodes[0] as { attributes: Record<string, unknown> }).attributes.alt).toBe('****')
    expect(changed.attributes).toEqual({ title: '*** ****', style: { color: 'red' }, placeholder: null })
  })

  it('leaves every other kind of event untouched', () => {
    const meta = { type: 4, timestamp: 1, data: { href: 'https://x.example/?title=Jane', width: 1, height: 1 } }
    const input = { type: 3, timestamp: 1, data: { source: 5, text: '****', id: 3, title: 'Jane' } }
    const before = JSON.stringify([meta, input])
    maskTextAttributes(meta)
    maskTextAttributes(input)
    maskTextAttributes(null)
    maskTextAttributes({ type: 2 })
    expect(JSON.stringify([meta, input])).toBe(before)
  })

  it('handles a DOM far deeper than the call stack', () => {
    let node = element('span', { title: 'deep' })
    const leaf = node
    for (let depth = 0; depth < 50_000; depth++) node = element('div', {}, [node])
    maskTextAttributes(fullSnapshot(node))
    expect(leaf.attributes.title).toBe('****')
  })

  it('handles an element with more children than a call can take as arguments', () => {
    const children = Array.from({ length: 300_000 }, (_, i) => element('li', { title: 'x' }, [], i + 2))
    maskTextAttributes(fullSnapshot(element('ul', {}, children)))
    expect(children.every((child) => child.attributes.title === '*')).toBe(true)
  })
})

describe('strict masking plugin', () => {
  const config: RecorderConfig = {
    maskLevel: 'strict',
    blockSelector: null,
    maskSelector: null,
    sampleRate: 1,
    maxDurationMs: 1,
    console: 'errors',
    networkBodies: [],
    version: 'test'
  }

  it('is installed for strict only, and masks the events rrweb passes through it', () => {
    const [plugin] = buildRecordOptions(config).plugins ?? []
    const image = element('img', { alt: 'Jane' })
    plugin!.eventProcessor!(fullSnapshot(image) as never)
    expect(image.attributes.alt).toBe('****')
    expect(buildRecordOptions({ ...config, maskLevel: 'moderate' }).plugins).toEqual([])
    expect(buildRecordOptions({ ...config, maskLevel: 'lax' }).plugins).toEqual([])
  })
})
