// Seeded synthetic sessions for the search bench: a shop page (nav links, product cards with per-product
// data-id, filters, a checkout form) recorded as rrweb would record it: full snapshots at load and every
// 30 s, mouse moves, scrolls, clicks (some in rage bursts, some on things that do nothing), inputs (masked),
// DOM mutations (toasts, counters, class changes), viewport changes, custom events and console errors.
// Heavier than tests/helpers/synthetic.ts on purpose: indexing cost depends on mutations and snapshots.
import type { IngestBatch, RecordedEvent } from '../src/shared/types'
import { clientMeta, seededRandom } from '../tests/helpers/synthetic'

interface SerializedNode {
  id: number
  type: number
  tagName?: string
  attributes?: Record<string, string>
  childNodes?: SerializedNode[]
  textContent?: string
}

const ADJECTIVES = ['Blue', 'Oak', 'Linen', 'Steel', 'Velvet', 'Copper', 'Walnut', 'Cotton', 'Glass', 'Amber']
const NOUNS = ['Lamp', 'Chair', 'Table', 'Mug', 'Scarf', 'Shelf', 'Rug', 'Vase', 'Clock', 'Bench', 'Stool', 'Desk']
const PAGES = ['/', '/products', '/cart', '/account', '/help']

interface Page {
  root: SerializedNode
  bodyId: number
  statusId: number
  cartCountTextId: number
  /** Elements people click, by role. */
  addButtons: number[]
  cardIds: number[]
  links: number[]
  filters: number[]
  fields: number[]
  pay: number
  back: number
  dead: number
  nextId: number
}

function buildPage(random: () => number, path: string): Page {
  let id = 1
  const text = (content: string): SerializedNode => ({ id: id++, type: 3, textContent: content })
  const el = (tagName: string, attributes: Record<string, string>, childNodes: SerializedNode[] = []) => ({
    id: id++,
    type: 2,
    tagName,
    attributes,
    childNodes
  })
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const links = PAGES.map((href) =>
    el('a', { href: `http://shop.test${href}`, class: href === path ? 'nav-link active' : 'nav-link' }, [
      text(href === '/' ? 'Home' : href.slice(1))
    ])
  )
  const cartCountText = text('0')
  const cards = Array.from({ length: 8 + Math.floor(random() * 16) }, (_, i) => {
    const productId = String(1 + Math.floor(random() * 50_000))
    const name = `${pick(ADJECTIVES)} ${pick(NOUNS)}`
    const add = el('button', { class: 'btn add-to-cart', type: 'button' }, [text('Add to cart')])
    const card = el(
      'li',
      { class: random() < 0.2 ? 'card featured' : 'card', 'data-id': productId, 'data-testid': `product-${i}` },
      [
        el('h3', { class: 'title' }, [text(name)]),
        el('span', { class: 'price' }, [text(`${(random() * 200).toFixed(2)} EUR`)]),
        add,
        el('a', { class: 'details', href: `http://shop.test/products/${productId}` }, [text('Details')])
      ]
    )
    return { card, add }
  })
  const filters = ['in-stock', 'on-sale', 'new'].map((name) =>
    el('input', { type: 'checkbox', name: `filter-${name}` })
  )
  const email = el('input', { type: 'email', name: 'email', id: 'email' })
  const fullName = el('input', { type: 'text', name: 'name', id: 'name' })
  const back = el('button', { class: 'btn secondary', type: 'button' }, [text('Back')])
  const pay = el('button', { class: 'btn primary checkout-btn', type: 'submit' }, [text('Pay now')])
  const dead = el('span', { class: 'badge' }, [text('Free shipping')])
  const status = el('div', { class: 'status', role: 'status' })
  const body = el('body', {}, [
    el('header', { class: 'site-header' }, [
      el('nav', { class: 'main-nav' }, links),
      el('span', { class: 'cart-count' }, [cartCountText]),
      dead
    ]),
    el('main', { id: 'content' }, [
      el('section', { class: 'product-list' }, [
        el(
          'ul',
          { class: 'products' },
          cards.map((c) => c.card)
        )
      ]),
      el(
        'aside',
        { class: 'filters' },
        filters.map((input) => el('label', {}, [input, text(input.attributes.name!)]))
      ),
      el('form', { class: 'checkout', id: 'checkout' }, [
        el('label', { for: 'email' }, [text('Email')]),
        email,
        el('label', { for: 'name' }, [text('Name')]),
        fullName,
        el('div', { class: 'actions' }, [back, pay])
      ]),
      status
    ]),
    el('footer', {}, [el('p', {}, [text('© 2024 Shop')])])
  ])
  const head = el('head', {}, [el('title', {}, [text('Shop')]), el('style', {}, [text('body { margin: 0 }')])])
  const root = { id: id++, type: 0, childNodes: [el('html', { lang: 'en' }, [head, body])] }
  return {
    root,
    bodyId: body.id,
    statusId: status.id,
    cartCountTextId: cartCountText.id,
    addButtons: cards.map((c) => c.add.id),
    cardIds: cards.map((c) => c.card.id),
    links: links.map((link) => link.id),
    filters: filters.map((input) => input.id),
    fields: [email.id, fullName.id],
    pay: pay.id,
    back: back.id,
    dead: dead.id,
    nextId: id
  }
}

export interface SearchSessionOptions {
  seed: number
  sessionId: string
  startAt: number
  events: number
}

/** One session as the recorder would send it: batches of 100 events, one segment per page load. */
export function searchSessionBatches(options: SearchSessionOptions): IngestBatch[] {
  const random = seededRandom(options.seed)
  const chance = (p: number) => random() < p
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
  const pageLoads = 1 + Math.floor(random() * 3)
  const perPage = Math.ceil(options.events / pageLoads)
  const batches: IngestBatch[] = []
  let time = options.startAt
  let seq = 0
  for (let segment = 0; segment < pageLoads; segment++) {
    const href = `http://shop.test${pick(PAGES)}`
    const page = buildPage(random, new URL(href).pathname)
    let nextId = page.nextId
    let toasts: number[] = []
    let cartCount = 0
    let lastCheckout = time
    const events: RecordedEvent[] = []
    const push = (type: number, data: unknown) => events.push({ type, timestamp: time, data })
    const mutation = (change: Record<string, unknown>) =>
      push(3, { source: 0, adds: [], removes: [], texts: [], attributes: [], ...change })
    const clickOn = (id: number, x: number, y: number) => push(3, { source: 2, type: 2, id, x, y, pointerType: 0 })
    push(4, { href, width: 1280, height: 800 })
    push(2, { node: page.root, initialOffset: { top: 0, left: 0 } })
    while (events.length < perPage) {
      time += Math.floor(random() * 140)
      if (time - lastCheckout > 30_000) {
        // rrweb's checkout: Meta and a full snapshot of the page as it is now (toasts gone).
        lastCheckout = time
        toasts = []
        push(4, { href, width: 1280, height: 800 })
        push(2, { node: page.root, initialOffset: { top: 0, left: 0 } })
        continue
      }
      const roll = random()
      const x = Math.floor(random() * 1280)
      const y = Math.floor(random() * 800)
      if (roll < 0.55) {
        const positions = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => ({
          x: x + i,
          y,
          id: page.bodyId,
          timeOffset: -i * 20
        }))
        push(3, { source: 1, positions })
      } else if (roll < 0.65) {
        push(3, { source: 3, id: 1, x: 0, y: Math.floor(random() * 3000) })
      } else if (roll < 0.73) {
        const which = random()
        if (which < 0.35) {
          const button = pick(page.addButtons)
          clickOn(button, x, y)
          time += 30 + Math.floor(random() * 200)
          const toast = nextId++
          const toastText = nextId++
          toasts.push(toast)
          cartCount++
          mutation({
            adds: [
              {
                parentId: toast,
                nextId: null,
                node: { id: toastText, type: 3, textContent: `Added ${pick(ADJECTIVES)} ${pick(NOUNS)} to the cart` }
              },
              {
                parentId: page.statusId,
                nextId: null,
                node: { id: toast, type: 2, tagName: 'div', attributes: { class: 'toast' }, childNodes: [] }
              }
            ],
            texts: [{ id: page.cartCountTextId, value: String(cartCount) }]
          })
        } else if (which < 0.55) {
          clickOn(pick(page.cardIds), x, y)
          mutation({
            attributes: [{ id: pick(page.cardIds), attributes: { class: chance(0.5) ? 'card selected' : 'card' } }]
          })
        } else if (which < 0.7) {
          clickOn(pick(page.links), x, y)
        } else if (which < 0.8) {
          clickOn(pick(page.filters), x, y)
          push(3, { source: 5, id: pick(page.filters), text: 'on', isChecked: chance(0.5), userTriggered: true })
        } else if (which < 0.88) {
          clickOn(page.pay, x, y)
          if (chance(0.3))
            push(6, {
              plugin: 'rrweb/console@1',
              payload: { level: 'error', payload: ['"payment failed: card declined"'], trace: [] }
            })
        } else if (which < 0.93) {
          clickOn(page.back, x, y)
        } else {
          // A rage burst on something that does nothing.
          for (let i = 0; i < 3 + Math.floor(random() * 2); i++) {
            clickOn(page.dead, x + i * 3, y + i * 2)
            time += 80 + Math.floor(random() * 120)
          }
        }
      } else if (roll < 0.78) {
        const field = pick(page.fields)
        push(3, {
          source: 5,
          id: field,
          text: '*'.repeat(1 + Math.floor(random() * 20)),
          isChecked: false,
          userTriggered: true
        })
      } else if (roll < 0.97) {
        if (toasts.length > 0 && chance(0.5)) {
          mutation({ removes: [{ parentId: page.statusId, id: toasts.shift()! }] })
        } else {
          mutation({ attributes: [{ id: pick(page.cardIds), attributes: { 'data-hover': String(chance(0.5)) } }] })
        }
      } else if (roll < 0.985) {
        push(3, { source: 4, width: 1280 - Math.floor(random() * 400), height: 800 })
      } else {
        push(5, { tag: 'cart-viewed', payload: { items: cartCount } })
      }
    }
    for (let start = 0; start < events.length; start += 100) {
      batches.push({
        v: 1,
        sessionId: options.sessionId,
        seq: seq++,
        segment,
        sentAt: time,
        meta: clientMeta({ url: href }),
        events: events.slice(start, start + 100)
      })
    }
    time += 1500
  }
  return batches
}
