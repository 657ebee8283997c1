// A seeded generator of rrweb-shaped sessions: deterministic input for store, receiver and bench tests
// (real recordings come from Chromium in the e2e tests; these cover volume and edge cases).
import { gzipSync } from 'node:zlib'
import type { ClientMeta, IngestBatch, RecordedEvent } from '../../src/shared/types'
import { clientMeta } from './client-meta'

export { CHROME_UA, clientMeta } from './client-meta'

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A small serialized DOM like rrweb's full snapshot: html > body > (nav, main with n product cards). */
function snapshotTree(random: () => number, cards: number) {
  let id = 1
  const text = (content: string) => ({ type: 3, textContent: content, id: id++ })
  const element = (tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({
    type: 2,
    tagName,
    attributes,
    childNodes,
    id: id++
  })
  const products = Array.from({ length: cards }, (_, i) =>
    element('div', { class: 'card', 'data-testid': `product-${i}` }, [
      element('h3', {}, [text(`Product ${i} ${Math.floor(random() * 1000)}`)]),
      element('p', { class: 'price' }, [text(`${(random() * 100).toFixed(2)} EUR`)]),
      element('button', { class: 'btn add-to-cart', type: 'button' }, [text('Add to cart')])
    ])
  )
  const body = element('body', {}, [
    element('nav', { class: 'top' }, [element('a', { href: '/' }, [text('Home')])]),
    element('main', {}, products),
    element('form', { class: 'checkout' }, [
      element('input', { type: 'email', name: 'email', value: '*****' }),
      element('button', { class: 'checkout-btn', type: 'submit' }, [text('Pay')])
    ])
  ])
  const html = element('html', { lang: 'en' }, [element('head', {}, []), body])
  return { type: 0, childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: id++ }, html], id: id++ }
}

export interface SyntheticSessionOptions {
  seed: number
  sessionId: string
  startAt?: number
  events: number
  /** Events per batch (the recorder flushes at 100). */
  batchSize?: number
  pageLoads?: number
  meta?: Partial<ClientMeta>
}

/** A whole session as batches, the way the recorder would send them. */
export function syntheticBatches(options: SyntheticSessionOptions): IngestBatch[] {
  const random = seededRandom(options.seed)
  const batchSize = options.batchSize ?? 100
  const pageLoads = options.pageLoads ?? 1
  const perPage = Math.ceil(options.events / pageLoads)
  let time = options.startAt ?? 1_700_000_000_000
  const batches: IngestBatch[] = []
  let seq = 0
  for (let segment = 0; segment < pageLoads; segment++) {
    const href = `http://localhost:3000/page-${segment}`
    const events: RecordedEvent[] = [
      { type: 4, timestamp: time, data: { href, width: 1280, height: 800 } },
      { type: 2, timestamp: time + 1, data: { node: snapshotTree(random, 20), initialOffset: { top: 0, left: 0 } } }
    ]
    while (events.length < perPage) {
      time += Math.floor(random() * 120)
      const roll = random()
      if (roll < 0.7) {
        events.push({
          type: 3,
          timestamp: time,
          data: {
            source: 1,
            positions: [{ x: Math.floor(random() * 1280), y: Math.floor(random() * 800), id: 5, timeOffset: -20 }]
          }
        })
      } else if (roll < 0.85) {
        events.push({ type: 3, timestamp: time, data: { source: 3, id: 1, x: 0, y: Math.floor(random() * 3000) } })
      } else if (roll < 0.95) {
        events.push({
          type: 3,
          timestamp: time,
          data: { source: 2, type: 2, id: 10 + Math.floor(random() * 40), x: 100, y: 200, pointerType: 0 }
        })
      } else {
        events.push({ type: 3, timestamp: time, data: { source: 5, text: '*'.repeat(8), isChecked: false, id: 70 } })
      }
    }
    for (let start = 0; start < events.length; start += batchSize) {
      batches.push({
        v: 1,
        sessionId: options.sessionId,
        seq: seq++,
        segment,
        sentAt: time,
        meta: clientMeta({ url: href, ...options.meta }),
        events: events.slice(start, start + batchSize)
      })
    }
    time += 1000
  }
  return batches
}

export function gzipBatch(batch: unknown): Buffer {
  return gzipSync(JSON.stringify(batch))
}
