// A fix for every finding — the smallest change to the snippet that would have kept it out of the recording —
// and one suggested snippet per site, merged from the fixes of all its sessions' findings.
//
// What the recorder can hide (src/recorder/record-options.ts): data-mask-selector masks the text of matching
// elements and everything inside them (rrweb's maskTextSelector looks at ancestors too); `moderate` masks
// every input value; `strict` masks all text, the text-bearing attributes and error messages;
// data-block-selector replaces an element by a placeholder. Nothing masks a URL or the page's own custom
// events: those fixes are changes to the page.
import type { FindingFix, FindingWhere, PiiKind, SiteSuggestion } from '../../../../shared/audit'
import { PII_KIND_LABELS } from '../../../../shared/audit'
import type { RecordedPath, PathSibling } from '../../../../shared/events/recorded-path'
import type { MaskLevel, RecorderConfig } from '../../../../shared/types'
import { isStrictTextAttribute } from '../../../../shared/strict-text-attributes'

const FIELD_TAGS = new Set(['input', 'textarea', 'select'])
/** Ancestors that make a good anchor for a selector: lists, tables, forms and page regions. */
const CONTAINER_TAGS = new Set([
  'ul',
  'ol',
  'dl',
  'table',
  'tbody',
  'form',
  'fieldset',
  'section',
  'article',
  'aside',
  'nav',
  'main',
  'header',
  'footer',
  'dialog'
])
const ANCESTOR_LEVELS = 6
const LEVEL_ORDER: MaskLevel[] = ['lax', 'moderate', 'strict']

/** A class or id usable in a selector as written (anything needing escapes is skipped). */
const plainName = (name: string | undefined): string | null => (name && /^-?[A-Za-z_][\w-]*$/.test(name) ? name : null)
const firstClass = (element: PathSibling): string | null =>
  (element.a?.class ?? '')
    .split(/\s+/)
    .map(plainName)
    .find((name) => name !== null) ?? null
const compoundOf = (element: PathSibling): string => {
  const className = firstClass(element)
  return className ? `${element.t}.${className}` : element.t
}
const anchorOf = (element: PathSibling): string | null => {
  const id = plainName(element.a?.id)
  if (id) return `#${id}`
  const className = firstClass(element)
  return className ? `.${className}` : null
}

/**
 * A selector for the element at the head of `path` that holds across list items and page loads: its own id,
 * else the nearest list, table, form or region with an id or class, else the nearest ancestor with one,
 * followed by the element's tag (and first class): `.todo-list label`.
 */
export function stableSelector(path: RecordedPath): string | null {
  const element = path[0]
  if (!element) return null
  const ownId = plainName(element.a?.id)
  if (ownId) return `#${ownId}`
  const ancestors = path.slice(1, 1 + ANCESTOR_LEVELS).filter((each) => each.t !== 'html' && each.t !== 'body')
  const anchor =
    ancestors
      .filter((each) => CONTAINER_TAGS.has(each.t))
      .map(anchorOf)
      .find(Boolean) ?? ancestors.map(anchorOf).find(Boolean)
  return anchor ? `${anchor} ${compoundOf(element)}` : compoundOf(element)
}

const stricter = (a: MaskLevel, b: MaskLevel): MaskLevel => (LEVEL_ORDER.indexOf(a) >= LEVEL_ORDER.indexOf(b) ? a : b)

const maskLevelFix = (level: MaskLevel, why: string): FindingFix => ({
  kind: 'mask-level',
  value: level,
  text: `data-mask-level="${level}" (${why})`
})
const selectorFix = (kind: 'mask-selector' | 'block-selector', selector: string): FindingFix => ({
  kind,
  value: selector,
  text: `data-${kind}="${selector}"`
})
const pageFix = (text: string): FindingFix => ({ kind: 'page-code', value: null, text })

export interface FixContext {
  kind: PiiKind
  where: FindingWhere
  name: string | null
  path: RecordedPath | null
  config: RecorderConfig
}

/** The smallest snippet change that would have hidden this finding (or the page change, where none can). */
export function fixFor({ kind, where, name, path, config }: FixContext): FindingFix {
  const level = config.maskLevel
  const label = PII_KIND_LABELS[kind].toLowerCase()
  const selector = path ? stableSelector(path) : null
  const element = path?.[0]
  const block = () =>
    selector ? selectorFix('block-selector', selector) : pageFix(`keep the ${label} out of this element`)
  switch (where) {
    case 'text':
      if (level === 'strict' || !selector) return pageFix(`keep the ${label} out of the page text`)
      return selectorFix('mask-selector', selector)
    case 'input':
      return level === 'lax' ? maskLevelFix('moderate', 'masks every input value') : block()
    case 'attribute': {
      const isLabelValue =
        name === 'value' && element?.t === 'input' && /^(button|submit|reset)$/i.test(element.a?.type ?? '')
      if ((isStrictTextAttribute(name ?? '') || isLabelValue) && level !== 'strict')
        return maskLevelFix('strict', `masks the ${name} attribute; nothing else does`)
      if (name === 'value' && element && FIELD_TAGS.has(element.t) && level === 'lax')
        return maskLevelFix('moderate', 'masks every input value')
      return block()
    }
    case 'error':
      if (level !== 'strict') return maskLevelFix('strict', 'masks the messages of the page’s errors')
      return pageFix(`keep the ${label} out of the page’s error messages`)
    case 'url':
      return pageFix(
        `keep the ${label} out of page URLs (no snippet setting masks URLs; a form sent with GET puts its fields in the query string: use POST)`
      )
    case 'custom':
      return pageFix(`leave the ${label} out of the page’s custom event “${name ?? ''}” (recorded as sent)`)
    case 'console':
      if (level !== 'strict') return maskLevelFix('strict', 'masks console messages like page text')
      return pageFix(`stop logging the ${label} to the console (or record it with data-console="errors" or "off")`)
    case 'network':
      if (name === 'url')
        return pageFix(`keep the ${label} out of request URLs’ paths (the recorder masks query values, never the path)`)
      if (level === 'lax') return maskLevelFix('moderate', 'masks the string values of recorded JSON bodies')
      return pageFix(`leave this request out of data-network-bodies (its ${name ?? 'body'} is recorded as sent)`)
  }
}

/** One session's part in a site's suggestion. */
export interface SessionFixes {
  sessionId: string
  site: string
  config: RecorderConfig
  startedAt: number
  fixes: FindingFix[]
}

const joinSelectors = (existing: string | null, added: Iterable<string>): string | null => {
  const all = existing ? [existing] : []
  for (const selector of added) if (!all.includes(selector) && selector !== existing) all.push(selector)
  return all.length ? all.join(', ') : null
}

/** The snippet tag with a configuration applied (the attributes of the README's table). */
export function snippetFor(receiverUrl: string, config: Omit<RecorderConfig, 'version'>): string {
  const attributes: [string, string | null][] = [
    ['data-mask-level', config.maskLevel],
    ['data-mask-selector', config.maskSelector],
    ['data-block-selector', config.blockSelector],
    ['data-sample-rate', String(config.sampleRate)],
    ['data-max-duration', String(config.maxDurationMs)]
  ]
  const written = attributes
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([name, value]) => `\n  ${name}="${value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
  return `<script\n  src="${receiverUrl}/recorder.js"${written.join('')}\n></script>`
}

/** One suggestion per site with findings, sites in order of their newest session. */
export function suggestSnippets(sessions: readonly SessionFixes[], receiverUrl: string): SiteSuggestion[] {
  const bySite = new Map<string, SessionFixes[]>()
  for (const session of [...sessions].sort((a, b) => b.startedAt - a.startedAt)) {
    if (session.fixes.length === 0) continue
    const list = bySite.get(session.site)
    if (list) list.push(session)
    else bySite.set(session.site, [session])
  }
  return [...bySite].map(([site, list]) => {
    // The newest session's configuration is the snippet as it is now.
    const current = list[0]!.config
    let maskLevel = current.maskLevel
    const masks = new Set<string>()
    const blocks = new Set<string>()
    const pageChanges = new Set<string>()
    for (const fix of list.flatMap((session) => session.fixes)) {
      if (fix.kind === 'mask-level') maskLevel = stricter(maskLevel, fix.value as MaskLevel)
      else if (fix.kind === 'mask-selector') masks.add(fix.value!)
      else if (fix.kind === 'block-selector') blocks.add(fix.value!)
      else pageChanges.add(fix.text)
    }
    // Under strict all text is masked: added mask selectors would change nothing.
    const maskSelector = joinSelectors(current.maskSelector, maskLevel === 'strict' ? [] : masks)
    const blockSelector = joinSelectors(current.blockSelector, blocks)
    const config = { ...current, maskLevel, maskSelector, blockSelector }
    return {
      site,
      sessionIds: list.map((session) => session.sessionId),
      findings: list.reduce((sum, session) => sum + session.fixes.length, 0),
      maskLevel,
      maskSelector,
      blockSelector,
      pageChanges: [...pageChanges],
      snippet: snippetFor(receiverUrl, config)
    }
  })
}
