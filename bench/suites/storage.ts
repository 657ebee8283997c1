// Stored bytes against raw JSON and against @rrweb/packer (rrweb's own per-event compression) for the
// same events: a real recording made by the recorder in Chromium, and a long synthetic session.
import { ReplayCompactor } from '../../src/main/core/store/compactor'
import { pack } from '@rrweb/packer'
import type { Page } from 'playwright-core'
import { launchChromium } from '../../tests/helpers/browser'
import { recordDemoVisit } from '../../tests/helpers/demo-site'
import { gzipBatch, syntheticBatches } from '../../tests/helpers/synthetic'
import { postBatch, startTestCore, type TestCore } from '../../tests/helpers/test-core'
import { ratioRow, type BenchRow } from '../table'

interface Sizes {
  stored: number
  compacted: number
  raw: number
  packed: number
  events: number
}

const storedBytes = (core: TestCore, sessionId: string) =>
  core.store.getBatches(sessionId).reduce((sum, batch) => sum + batch.data.byteLength, 0)

async function sizesOf(core: TestCore, sessionId: string): Promise<Sizes> {
  const events = core.store.getEvents(sessionId)
  const stored = storedBytes(core, sessionId)
  // What idle-time compaction makes of the same batches (store/compactor.ts).
  const compactor = new ReplayCompactor(core.store)
  await compactor.compactAll()
  await compactor.close()
  const compacted = storedBytes(core, sessionId)
  const raw = Buffer.byteLength(JSON.stringify(events))
  // packer returns a binary string: one char per byte.
  const packed = events.reduce((sum, event) => sum + pack(event as Parameters<typeof pack>[0]).length, 0)
  return { stored, compacted, raw, packed, events: events.length }
}

/** A person browsing the demo shop: mouse paths, clicks, typing, scrolling, a second page. */
async function browse(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`)
  for (let round = 0; round < 3; round++) {
    for (let step = 0; step < 40; step++) await page.mouse.move(100 + step * 20, 150 + ((step * 37) % 400))
    for (const product of [1, 2, 3]) await page.click(`[data-testid="product-${product}"] .add-to-cart`)
    await page.mouse.wheel(0, 300)
    await page.mouse.wheel(0, -300)
  }
  await page.type('#name', 'Some Person', { delay: 20 })
  await page.type('#email', 'someone@example.com', { delay: 20 })
  await page.click('#subscribe')
  await page.click('#to-checkout')
  await page.waitForURL(`${origin}/checkout.html`)
  await page.type('#card', '4242 4242 4242 4242', { delay: 20 })
  await page.click('#pay')
}

async function realRecording(core: TestCore): Promise<Sizes> {
  const browser = await launchChromium()
  try {
    return sizesOf(core, await recordDemoVisit(core, await browser.newPage(), browse))
  } finally {
    await browser.close()
  }
}

/** A long synthetic session posted through the real receiver. */
async function syntheticRecording(core: TestCore): Promise<Sizes> {
  const sessionId = 'bench-storage-synthetic'
  for (const batch of syntheticBatches({ seed: 99, sessionId, events: 20_000, pageLoads: 4 })) {
    const response = await postBatch(core, gzipBatch(batch))
    if (response.status !== 200) throw new Error(`ingest failed: ${response.body}`)
  }
  return sizesOf(core, sessionId)
}

export async function run(): Promise<BenchRow[]> {
  const core = await startTestCore()
  try {
    const rows: BenchRow[] = []
    const cases: [string, Sizes][] = [['real Chromium recording of the demo shop', await realRecording(core)]]
    cases.push(['synthetic session', await syntheticRecording(core)])
    for (const [name, sizes] of cases) {
      const label = `stored bytes after idle compaction, ${name} (${sizes.events} events)`
      rows.push(ratioRow(label, sizes.compacted, 'B', 'raw JSON', sizes.raw, { atMost: 0.15 }))
      rows.push(ratioRow(label, sizes.compacted, 'B', '@rrweb/packer', sizes.packed, { atMost: 0.35 }))
      rows.push(
        ratioRow(`stored bytes as received (client gzip), ${name}`, sizes.stored, 'B', 'raw JSON', sizes.raw, null)
      )
    }
    return rows
  } finally {
    await core.dispose()
  }
}
