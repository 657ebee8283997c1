// A key per step that survives what differs between two visits of the same flow, so that the session diff
// (align.ts) can line two sessions up step by step. Two steps with the same key are "the same step"; their
// tokens say how near two different steps are (a click on another link of the same menu is near, a click
// on another page is not).
//
// What a key keeps, per kind (scrolls, resizes and the page's own value changes are no steps of a flow: they
// get no key, and mouse moves never were steps):
// - page load, navigation: the URL's path and its query keys (not their values) and the hash route, with
//   generated ids normalised (normalizeToken); never the origin (a staging and a local copy are one site).
// - click: the element a person would name (recorded-path.ts displayIndex) and three ancestors, each as tag,
//   id, classes, name, type, role and data-testid, normalised; a link's href; the element's text with
//   digits normalised. A tap and a click are one kind (the same flow on a phone and a laptop).
// - input: the field (as a click's target) and its kind; the value's length (masked or not: the value itself
//   is user data and differs between visits); checkboxes and radios checked or not; a select's option.
// - form submit: the form; custom event: its tag; error: where it came from, its type and its message's
//   shape (numbers, quoted strings, URLs and generated names normalised).
import { displayIndex, type PathElement, type RecordedPath } from '../events/recorded-path'
import type { Step, StepTarget } from '../events/steps'

/** A step as the diff compares it. */
export interface StepKey {
  /** Steps of one kind can be paired as `changed`; of different kinds never. */
  kind: string
  /** What must be equal for two steps to be the same step. */
  key: string
  /** The parts of the key, for how near two steps of one kind are (similarity). */
  tokens: readonly string[]
}

/** Ancestors above the named element that take part in a target's key. */
const KEY_ANCESTORS = 3
/** Classes of one element kept in a key (after normalisation, sorted). */
const MAX_KEY_CLASSES = 6
const MAX_TEXT = 40
const MAX_MESSAGE = 160

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
/** React's useId: `:r3:` (18), `«r3»` (19.0), `_r_3_` (19.1+); all become `:r:`. */
const REACT_ID = /:r[0-9a-z]+:|«r[0-9a-z]+»|_r_[0-9a-z]+_/g
/**
 * Prefixes whose next part is always a hash: emotion's `css-1x2y3z`, styled-components' `sc-bdVaJa`,
 * Svelte's `svelte-1ab2cd3`, Astro's `astro-J7PV25F6`, styled-jsx's `jsx-2811547209`.
 */
const HASH_PREFIX = /(^|[^A-Za-z0-9])(css|sc|svelte|astro|jsx)-[A-Za-z0-9]+/g
/** CSS modules' hashed suffix: `Button_primary__3xY7z`. */
const MODULE_SUFFIX = /__[A-Za-z0-9_-]{5,}$/
/** A styled-components style class: letters only (see elementToken). */
const STYLED_CLASS = /^[A-Za-z]{5,8}$/
/** Maximal runs of letters and digits (the parts between `-`, `_`, `:` and the like). */
const ALNUM_RUN = /[A-Za-z0-9]+/g

/**
 * Whether one run of letters and digits looks generated rather than written by a person:
 * - letters and digits mixed, 5+ characters with 2+ digits (`1x2y3z`, `3f9a2b7c`, `J7PV25F6`);
 * - hex only, 8+ characters with a digit (`deadbeef1`);
 * - letters only, 5 to 10 of them with 2+ capitals, that are not words in camelCase, PascalCase or capitals
 *   (styled-components' `kCmPnW`, `bcCCNc`; not `navItem`, `iPhone`, `PrimaryButton`, `BUTTON`).
 */
export function isGeneratedRun(run: string): boolean {
  const digits = run.replace(/\D/g, '').length
  if (digits > 0 && digits < run.length) {
    if (run.length >= 5 && digits >= 2) return true
    if (run.length >= 8 && /^[0-9a-f]+$/i.test(run)) return true
    return false
  }
  if (digits > 0 || run.length < 5 || run.length > 10) return false
  if (run.replace(/[^A-Z]/g, '').length < 2) return false
  return !/^([a-z]+|[A-Z])[a-z]*([A-Z][a-z]+)*$/.test(run) && !/^[A-Z]+$/.test(run)
}

/**
 * A generated id or class name as the same token in every visit: React ids become `:r:`, hashes `*`, digit
 * runs `#`. `css-1x2y3z-Button` → `css-*-Button`, `sc-bdVaJa` → `sc-*`, `todo-17` → `todo-#`,
 * `item-3f2504e0-4f89-11d3-9a0c-0305e82c3301` → `item-*`.
 */
export function normalizeToken(token: string): string {
  // The same class names and ids come back on every step of a page: remember the answers (bounded).
  let normal = tokenCache.get(token)
  if (normal === undefined) {
    normal = token
      .replace(UUID, '*')
      .replace(REACT_ID, ':r:')
      .replace(HASH_PREFIX, '$1$2-*')
      .replace(MODULE_SUFFIX, '__*')
      .replace(ALNUM_RUN, (run) => (run === '*' ? run : isGeneratedRun(run) ? '*' : run.replace(/\d+/g, '#')))
    if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.clear()
    tokenCache.set(token, normal)
  }
  return normal
}

const TOKEN_CACHE_SIZE = 10_000
const tokenCache = new Map<string, string>()

/** Every `#id` and `.class` of a short selector (`li > button.css-1x2y3z`) normalised. */
export function normalizeSelector(selector: string): string {
  return selector.replace(/([#.])([^\s.#>[\]]+)/g, (_all, sign: string, name: string) => sign + normalizeToken(name))
}

/** A path or hash route, segment by segment: `/orders/12345/edit` → `/orders/#/edit`. */
function normalizePath(path: string): string {
  return path
    .split('/')
    .map((segment) => normalizeToken(safeDecode(segment)))
    .join('/')
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The parts of a URL a key keeps: path, query keys (sorted, no values) and hash route; never the origin. */
export function urlTokens(href: string): string[] {
  let tokens = urlCache.get(href)
  if (!tokens) {
    tokens = parseUrlTokens(href)
    if (urlCache.size >= TOKEN_CACHE_SIZE) urlCache.clear()
    urlCache.set(href, tokens)
  }
  return [...tokens]
}

const urlCache = new Map<string, string[]>()

function parseUrlTokens(href: string): string[] {
  let url: URL
  try {
    url = new URL(href, 'http://relative.invalid')
  } catch {
    return [`url:${normalizeToken(href.slice(0, 200))}`]
  }
  const keys = [...new Set(url.searchParams.keys())].sort()
  const tokens = [`path:${normalizePath(url.pathname)}`]
  if (keys.length) tokens.push(`query:${keys.map(normalizeToken).join('&')}`)
  if (url.hash.length > 1) tokens.push(`hash:${normalizePath(url.hash.slice(1))}`)
  return tokens
}

/** The URL as a key shows it: `/orders/#/edit?coupon#/step-#` (what urlTokens keeps). */
export function normalizeUrl(href: string): string {
  const parts = urlTokens(href)
  const get = (name: string) => parts.find((part) => part.startsWith(`${name}:`))?.slice(name.length + 1)
  const query = get('query')
  const hash = get('hash')
  return `${get('path') ?? get('url') ?? ''}${query ? `?${query}` : ''}${hash ? `#${hash}` : ''}`
}

/** Text as a key keeps it: whitespace collapsed, digit runs `#`, masked runs `*`, clipped. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\*+/g, '*').replace(/\d+/g, '#').slice(0, MAX_TEXT)
}

/**
 * An error message's shape: what stays the same when the same error happens on another visit. URLs,
 * numbers, generated names and long quoted strings (user data, more than 20 characters) are normalised;
 * short quoted names stay: `Cannot read 'x' of undefined` and `Cannot read 'y' of undefined` are two
 * shapes, `Order 4711 failed at 12:5` and `Order 4712 failed at 14:9` one.
 */
export function messageShape(message: string): string {
  return message
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>')
    .replace(/(["'`])(?:(?!\1).){21,}\1/g, '$1…$1')
    .replace(ALNUM_RUN, (run) => (isGeneratedRun(run) ? '*' : run.replace(/\d+/g, '#')))
    .slice(0, MAX_MESSAGE)
}

/** One element of a target's path as a key keeps it: `button#*.btn.css-*[type=submit]`. */
export function elementToken(element: PathElement): string {
  const attributes = element.a ?? {}
  const raw = (attributes.class ?? '').split(/\s+/).filter(Boolean)
  // styled-components gives an element its component's `sc-…` class and a style class of 5–8 letters
  // (`bcCCNc`, `hbVaJa`), which may look like camelCase: next to an `sc-` class, any such class is one.
  const styled = raw.some((name) => name.startsWith('sc-'))
  const classes = [
    ...new Set(
      raw.map((name) => (styled && STYLED_CLASS.test(name) && /[A-Z]/.test(name) ? '*' : normalizeToken(name)))
    )
  ]
    .sort()
    .slice(0, MAX_KEY_CLASSES)
  let token = element.t
  if (attributes.id) token += `#${normalizeToken(attributes.id)}`
  for (const name of classes) token += `.${name}`
  for (const name of ['name', 'type', 'role', 'data-testid']) {
    const value = attributes[name]
    if (value) token += `[${name}=${normalizeToken(value)}]`
  }
  return token
}

/** The tokens of a target: the named element, its ancestors, a link's href, its text. */
export function targetTokens(target: StepTarget): string[] {
  const tokens: string[] = []
  const path: RecordedPath | null = target.path
  if (!path || path.length === 0) {
    tokens.push(target.selector ? `el:${normalizeSelector(target.selector)}` : 'el:?')
  } else {
    const at = displayIndex(path)
    const named = path[at]!
    tokens.push(`el:${elementToken(named)}`)
    for (let level = 1; level <= KEY_ANCESTORS; level++) {
      const ancestor = path[at + level]
      if (!ancestor || ancestor.t === 'body' || ancestor.t === 'html') break
      tokens.push(`up${level}:${elementToken(ancestor)}`)
    }
    const href = named.a?.href
    if (href !== undefined) tokens.push(`href:${normalizeUrl(href)}`)
  }
  if (target.text) tokens.push(`text:${normalizeText(target.text)}`)
  return tokens
}

const keyOf = (kind: string, tokens: string[]): StepKey => ({
  kind,
  key: `${kind}\u0001${tokens.join('\u0001')}`,
  tokens
})

/** The diff's key of a step, or null for steps that are not steps of a flow (scroll, resize, page-input). */
export function stepKey(step: Step): StepKey | null {
  switch (step.kind) {
    case 'page-load':
    case 'navigation':
      return keyOf(step.kind, urlTokens(step.href))
    case 'click':
      // A tap is the click of a touch screen: the same step of the flow.
      return keyOf(step.button === 'touch' ? 'click' : step.button, targetTokens(step.target))
    case 'input': {
      const tokens = targetTokens(step.target)
      if (step.field === 'checkbox' || step.field === 'radio') tokens.push(step.checked ? 'checked' : 'unchecked')
      else if (step.field === 'select' && !step.masked) tokens.push(`option:${normalizeText(step.value ?? '')}`)
      else tokens.push(`length:${step.length}`)
      return keyOf(`input:${step.field}`, tokens)
    }
    case 'submit':
      return keyOf('submit', targetTokens(step.target))
    case 'custom':
      return keyOf('custom', [`tag:${step.tag}`])
    case 'error':
      return keyOf('error', [
        `origin:${step.origin}`,
        `name:${step.name ?? ''}`,
        `tag:${step.tag ?? ''}`,
        `message:${messageShape(step.message)}`
      ])
    // What went wrong is part of the flow ("B got a 500 from POST /api/checkout"); a request that went well,
    // and console output short of an error, are the page's business, not steps of the flow.
    case 'network':
      if (!step.failed) return null
      return keyOf('request-failed', [
        `method:${step.request.method ?? step.request.initiator}`,
        ...urlTokens(step.request.url),
        `outcome:${step.request.error ?? (step.request.status === null ? '' : Math.floor(step.request.status / 100))}`
      ])
    case 'console':
      return step.level === 'error' ? keyOf('console-error', [`message:${messageShape(step.message)}`]) : null
    case 'scroll':
    case 'resize':
    case 'page-input':
      return null
  }
}
