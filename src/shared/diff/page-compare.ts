// Two pages side by side (page digests, events/page-digest.ts): what one shows that the other does not (an
// error banner present only in B), controls whose state differs (a button disabled only in A), another URL.
// Items are matched by their selector with generated names normalised (step-keys.ts) and their text, so a
// CSS-in-JS page whose class names change on every load still matches itself.
import { clip } from '../events/preview'
import type { PageDifference, PageDigest, PageItem } from './diff-types'
import { normalizeSelector } from './step-keys'

/** Differences listed at most: a page that changed entirely says so in its first lines. */
export const MAX_PAGE_DIFFERENCES = 60

const identity = (item: PageItem) =>
  `${item.control ? 'c' : 't'}\u0000${normalizeSelector(item.label)}\u0000${item.text}`

/** The URL without its origin (two copies of one site differ there), or null. */
function localUrl(url: string | null): string | null {
  if (url === null) return null
  try {
    const parsed = new URL(url)
    return `${parsed.pathname}${parsed.search}${parsed.hash}`
  } catch {
    return url
  }
}

/** Items of `from` not matched in `other` (counting repeats), in page order. */
function unmatched(from: readonly PageItem[], other: readonly PageItem[]): PageItem[] {
  const counts = new Map<string, number>()
  for (const item of other) counts.set(identity(item), (counts.get(identity(item)) ?? 0) + 1)
  const out: PageItem[] = []
  for (const item of from) {
    const key = identity(item)
    const left = counts.get(key) ?? 0
    if (left > 0) counts.set(key, left - 1)
    else out.push(item)
  }
  return out
}

/** State differences of items on both pages (the first of each identity on each side). */
function stateDifferences(a: readonly PageItem[], b: readonly PageItem[]): PageDifference[] {
  const bByIdentity = new Map<string, PageItem>()
  for (const item of b) if (!bByIdentity.has(identity(item))) bByIdentity.set(identity(item), item)
  const seen = new Set<string>()
  const out: PageDifference[] = []
  for (const item of a) {
    const key = identity(item)
    const twin = bByIdentity.get(key)
    if (!twin || seen.has(key)) continue
    seen.add(key)
    for (const attribute of new Set([...Object.keys(item.state), ...Object.keys(twin.state)])) {
      const inA = item.state[attribute] ?? null
      const inB = twin.state[attribute] ?? null
      if (inA !== inB) out.push({ kind: 'state', item, attribute, a: inA, b: inB })
    }
  }
  return out
}

/** What differs between page A and page B (either may be missing: before a session's first snapshot). */
export function comparePages(a: PageDigest | null, b: PageDigest | null): PageDifference[] {
  const out: PageDifference[] = []
  const aUrl = localUrl(a?.url ?? null)
  const bUrl = localUrl(b?.url ?? null)
  if (aUrl !== bUrl) out.push({ kind: 'url', a: aUrl, b: bUrl })
  const aItems = a?.items ?? []
  const bItems = b?.items ?? []
  out.push(...stateDifferences(aItems, bItems))
  for (const item of unmatched(aItems, bItems)) out.push({ kind: 'only-a', item })
  for (const item of unmatched(bItems, aItems)) out.push({ kind: 'only-b', item })
  return out.slice(0, MAX_PAGE_DIFFERENCES)
}

/** An item as people read it: `form > button.pay “Pay now”`, `main > div.banner[role=alert] “Card declined”`. */
export function itemLabel(item: PageItem): string {
  const label = item.role ? `${item.label}[role=${item.role}]` : item.label
  return item.text ? `${label} “${clip(item.text, 80)}”` : label
}

const stateValue = (value: string | null) => (value === null ? 'absent' : value === '' ? 'present' : value)

/** A difference in one line: `only in B: div.banner[role=alert] “Card declined”`, `disabled only in A: …`. */
export function describePageDifference(difference: PageDifference): string {
  switch (difference.kind) {
    case 'url':
      return `URL: ${difference.a ?? '(no page)'} in A, ${difference.b ?? '(no page)'} in B`
    case 'only-a':
      return `only in A: ${itemLabel(difference.item)}`
    case 'only-b':
      return `only in B: ${itemLabel(difference.item)}`
    case 'state': {
      const { attribute, a, b, item } = difference
      // A bare attribute (disabled, required) on one side only reads as "disabled only in A".
      if (a === null || b === null) {
        const value = (a ?? b)!
        const name = value === '' || value === 'true' ? attribute : `${attribute}="${value}"`
        return `${name} only in ${a !== null ? 'A' : 'B'}: ${itemLabel(item)}`
      }
      return `${attribute}: ${stateValue(a)} in A, ${stateValue(b)} in B: ${itemLabel(item)}`
    }
  }
}
