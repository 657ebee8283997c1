import {
  DEFAULT_MAX_DURATION_MS,
  MAX_NETWORK_BODY_PATTERN_CHARS,
  MAX_NETWORK_BODY_PATTERNS,
  ROUTES
} from '../shared/limits'
import { CONSOLE_CAPTURES, MASK_LEVELS, type RecorderConfig } from '../shared/types'

/** The script tag's data-* attributes as `HTMLScriptElement.dataset` exposes them (camelCase keys). */
export type ScriptAttributes = Readonly<Record<string, string | undefined>>

export interface ConfigParsingDeps {
  /** False when the browser cannot parse the selector (document.querySelector would throw). */
  isValidSelector: (selector: string) => boolean
  warn: (message: string) => void
}

/**
 * Turns the snippet's attributes into the effective configuration.
 * A developer's typo must never break their page or silently record more than asked: every invalid value
 * falls back to a documented default with a warning, and unknown mask levels fall back to a masking level.
 */
export function parseRecorderConfig(attributes: ScriptAttributes, deps: ConfigParsingDeps): RecorderConfig {
  return {
    maskLevel: parseChoice('data-mask-level', attributes.maskLevel, MASK_LEVELS, 'moderate', deps.warn),
    blockSelector: parseSelector('data-block-selector', attributes.blockSelector, deps),
    maskSelector: parseSelector('data-mask-selector', attributes.maskSelector, deps),
    sampleRate: parseSampleRate(attributes.sampleRate, deps.warn),
    maxDurationMs: parseMaxDuration(attributes.maxDuration, deps.warn),
    console: parseChoice('data-console', attributes.console, CONSOLE_CAPTURES, 'errors', deps.warn),
    networkBodies: parseUrlPatterns(attributes.networkBodies, deps.warn),
    version: __RECORDER_VERSION__
  }
}

/** One of a fixed set of words, case-insensitively: someone who wrote "STRICT" wants strict, not the default. */
function parseChoice<T extends string>(
  attribute: string,
  raw: string | undefined,
  choices: readonly T[],
  fallback: T,
  warn: (message: string) => void
): T {
  if (raw === undefined) return fallback
  const normalized = raw.trim().toLowerCase()
  const choice = choices.find((candidate) => candidate === normalized)
  if (choice) return choice
  warn(`${attribute} "${raw}" is not one of ${choices.join(', ')}; using ${fallback}`)
  return fallback
}

/** data-network-bodies: comma-separated URL patterns (see matchesUrlPattern in src/shared/devtools-events.ts). */
function parseUrlPatterns(raw: string | undefined, warn: (message: string) => void): string[] {
  const patterns = (raw ?? '')
    .split(',')
    .map((pattern) => pattern.trim())
    .filter(Boolean)
  const kept = patterns.filter((pattern) => pattern.length <= MAX_NETWORK_BODY_PATTERN_CHARS)
  if (kept.length < patterns.length) {
    warn(`data-network-bodies: ignoring patterns longer than ${MAX_NETWORK_BODY_PATTERN_CHARS} characters`)
  }
  if (kept.length > MAX_NETWORK_BODY_PATTERNS) {
    warn(`data-network-bodies: using the first ${MAX_NETWORK_BODY_PATTERNS} patterns only`)
  }
  return kept.slice(0, MAX_NETWORK_BODY_PATTERNS)
}

function parseSelector(attribute: string, raw: string | undefined, deps: ConfigParsingDeps): string | null {
  const selector = raw?.trim()
  if (!selector) return null
  if (deps.isValidSelector(selector)) return selector
  deps.warn(`${attribute} "${selector}" is not a valid CSS selector; ignoring it`)
  return null
}

function parseSampleRate(raw: string | undefined, warn: (message: string) => void): number {
  if (raw === undefined) return 1
  const rate = parseNumber(raw)
  if (rate !== null && rate >= 0 && rate <= 1) return rate
  warn(`data-sample-rate "${raw}" is not a number from 0 to 1; using 1`)
  return 1
}

function parseMaxDuration(raw: string | undefined, warn: (message: string) => void): number {
  if (raw === undefined) return DEFAULT_MAX_DURATION_MS
  const ms = parseNumber(raw)
  if (ms !== null && ms > 0) return Math.round(ms)
  warn(`data-max-duration "${raw}" is not a positive number of milliseconds; using ${DEFAULT_MAX_DURATION_MS}`)
  return DEFAULT_MAX_DURATION_MS
}

/** Number() alone would read "" and "  " as 0, which would silently turn recording off. */
function parseNumber(raw: string): number | null {
  if (raw.trim() === '') return null
  const value = Number(raw)
  return Number.isFinite(value) ? value : null
}

/**
 * Where batches go: the receiver that served the script, unless data-host-url names another.
 * Returns null when neither gives a usable absolute URL (nothing can be sent, so nothing should be recorded).
 */
export function resolveIngestEndpoint(
  scriptSrc: string | undefined,
  hostUrl: string | undefined,
  warn: (message: string) => void
): string | null {
  const override = hostUrl?.trim()
  if (override) {
    if (isAbsoluteHttpUrl(override)) return override.replace(/\/+$/, '') + ROUTES.ingest
    warn(`data-host-url "${hostUrl}" is not an absolute http(s) URL; using the script's origin`)
  }
  if (scriptSrc && isAbsoluteHttpUrl(scriptSrc)) return new URL(scriptSrc).origin + ROUTES.ingest
  warn('cannot tell where to send recordings: the script has no http(s) src and no data-host-url')
  return null
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}
