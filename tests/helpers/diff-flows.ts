// Flows for the session-diff tests, each recorded for real in Chromium: the to-do app (todo-site.ts) and a
// CSS-in-JS checkout whose class names and ids change on every load (tests/e2e/pages/styled-shop.html).
// A `seed` varies what must not matter to the diff: the mouse path and the pauses between steps.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { servePages, snippetTag, type PageServer, type SnippetReceiver } from './browser'
import { PROJECT_ROOT } from './test-core'

/** A mouse path of its own per seed (rrweb records it; the diff must not see it). */
export async function wiggle(page: Page, seed: number): Promise<void> {
  for (let step = 0; step < 6; step++) {
    await page.mouse.move(80 + ((seed * 97 + step * 61) % 500), 60 + ((seed * 53 + step * 37) % 300), { steps: 3 })
  }
}

/** A pause of its own per seed, 50–250 ms. */
const pause = (page: Page, seed: number, step: number) => page.waitForTimeout(50 + ((seed * 31 + step * 17) % 200))

export interface TodoFlow {
  seed?: number
  /** Click the "todos" heading after ticking the first to-do: one step more than the plain flow. */
  extraClick?: boolean
  /** Which filter link to follow (the plain flow follows Active). */
  filter?: 'active' | 'completed'
}

/** Two to-dos typed, the first ticked, a filter followed, the newsletter form sent with Enter. */
export function todoFlow({ seed = 1, extraClick = false, filter = 'active' }: TodoFlow = {}) {
  return async (page: Page): Promise<void> => {
    await wiggle(page, seed)
    const field = page.locator('.new-todo')
    await field.click()
    await field.pressSequentially('buy milk', { delay: 25 })
    await field.press('Enter')
    await pause(page, seed, 1)
    await field.pressSequentially('call mum', { delay: 25 })
    await field.press('Enter')
    await pause(page, seed, 2)
    await page.locator('.todo-list li').first().locator('.toggle').check()
    await pause(page, seed, 3)
    if (extraClick) {
      await page.click('h1')
      await pause(page, seed, 4)
    }
    await wiggle(page, seed + 1)
    await page.click(`a[href="#/${filter}"]`)
    await pause(page, seed, 5)
    await page.fill('.newsletter input[name="email"]', 'jane@example.com')
    await page.press('.newsletter input[name="email"]', 'Enter')
    await page.waitForSelector('.thanks:not([hidden])')
    await pause(page, seed, 6)
  }
}

const SHOP_PAGE = join(PROJECT_ROOT, 'tests', 'e2e', 'pages', 'styled-shop.html')

export function serveStyledShop(
  receiver: SnippetReceiver,
  attributes: Record<string, string> = {}
): Promise<PageServer> {
  const html = readFileSync(SHOP_PAGE, 'utf8').replace('<!--RECORDER-->', snippetTag(receiver, attributes))
  return servePages({ '/': html })
}

export const GOOD_CARD = '4242 4242 4242 4242'
/** Declined by the shop (it starts 4000): an error banner and an uncaught error. Same length as GOOD_CARD. */
export const DECLINED_CARD = '4000 0000 0000 0002'

/**
 * Two products into the cart (three with `extraProduct`), email and card typed, Pay now clicked; then a
 * second and a half to settle.
 */
export function shopFlow({ seed = 1, card = GOOD_CARD, extraProduct = false } = {}) {
  return async (page: Page): Promise<void> => {
    await wiggle(page, seed)
    const add = page.getByRole('button', { name: 'Add to cart' })
    await add.nth(0).click()
    await pause(page, seed, 1)
    await add.nth(2).click()
    await pause(page, seed, 2)
    if (extraProduct) await add.nth(1).click()
    await page.getByLabel('Email').fill('jane@example.com')
    await page.getByLabel('Card number').pressSequentially(card, { delay: 15 })
    await wiggle(page, seed + 1)
    await page.getByRole('button', { name: 'Pay now' }).click()
    await page.waitForSelector(card === DECLINED_CARD ? '[role="alert"]' : 'text=Thanks!')
    await page.waitForTimeout(1500)
  }
}
