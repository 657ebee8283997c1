import { DEFAULT_MAX_DURATION_MS, ROUTES } from '../shared/limits'
import { MASK_LEVELS, type MaskLevel, type RecorderConfig } from '../shared/types'

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
    maskLevel: parseMaskLevel(attributes.maskLevel, deps.warn),
    blockSelector: parseSelector('data-block-selector', attributes.blockSelector, deps),
    maskSelector: parseSelector('data-mask-selector', attributes.maskSelector, deps),
    sampleRate: parseSampleRate(attributes.sampleRate, deps.warn),
    maxDurationMs: parseMaxDuration(attributes.maxDuration, deps.warn),
    version: __RECORDER_VERSION__
  }
}

function parseMaskLevel(raw: string | undefined, warn: (message: string) => void): MaskLevel {
  if (raw === undefined) return 'moderate'
  // Case-insensitive: someone who wrote "STRICT" wants strict, not the weaker default.
  const normalized = raw.trim().toLowerCase()
  const level = MASK_LEVELS.find((candidate) => candidate === normalized)
  if (level) return level
  warn(`data-mask-level "${raw}" is not one of ${MASK_LEVELS.join(', ')}; using moderate`)
  return 'moderate'
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
