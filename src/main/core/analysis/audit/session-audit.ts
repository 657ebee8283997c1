// The audit of one session, in memory: the shared model's readable content (SessionContent) run through the
// detectors, each distinct value on each element one finding (full snapshots repeat the page every 30 s),
// with its first time, a redacted excerpt and its fix; and the masking census (what the recorder hid).
//
// The values themselves stay in this object (redaction needs them to replace them) and are never written
// anywhere: rows, API answers and logs carry the excerpt.
import type { BlockedElement, Finding, FindingFix, MaskingCensus } from '../../../../shared/audit'
import { MAX_BLOCKED_LISTED } from '../../../../shared/audit'
import { pathLabel, type RecordedPath } from '../../../../shared/events/recorded-path'
import { SessionContent, type ContentItem, type HiddenItem } from '../../../../shared/events/session-content'
import type { RecordedEvent, RecorderConfig } from '../../../../shared/types'
import { detect, type Detection, type DetectOptions } from './detectors'
import { redactedExcerpt } from './excerpt'
import { fixFor } from './fixes'
import type { CountryCode } from 'libphonenumber-js/max'

/** A finding with its value (in memory only) and its row once stored. */
export interface AuditFinding extends Omit<Finding, 'sessionId'> {
  value: string
  rowId: number | null
}

/** Detection results remembered per distinct string (snapshots and clocks repeat the same texts). */
const MAX_CACHED_STRINGS = 20_000
/** Distinct masked fields, masked text nodes and blocked elements counted per session. */
const MAX_COUNTED = 1_000_000

/** `jane%40example.com` and `a+b` as a person reads them in a query string. */
function urlDecoded(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced.replace(/%[0-9A-Fa-f]{2}/g, (hex) => {
      const code = Number.parseInt(hex.slice(1), 16)
      return code < 0x80 ? String.fromCharCode(code) : hex
    })
  }
}

/** The country of a language tag's region (`en-GB` → GB), for national phone numbers. */
export function countryOfLanguage(language: string | null | undefined): CountryCode | undefined {
  const region = /[-_]([A-Za-z]{2})\b/.exec(language ?? '')?.[1]
  return region ? (region.toUpperCase() as CountryCode) : undefined
}

export interface SessionAuditOptions {
  config: RecorderConfig
  language?: string | null
}

export class SessionAudit {
  private readonly content: SessionContent
  private readonly findings = new Map<string, AuditFinding>()
  /** Findings added or changed (occurrences) since the last takeChanges(). */
  private changed = new Set<AuditFinding>()
  private cache = new Map<string, Detection[]>()
  private readonly maskedInputs = new Set<string>()
  private readonly maskedTexts = new Set<string>()
  private readonly blocked = new Map<string, BlockedElement>()
  private readonly detectOptions: DetectOptions

  constructor(private readonly options: SessionAuditOptions) {
    this.detectOptions = { defaultCountry: countryOfLanguage(options.language) }
    this.content = new SessionContent({
      content: (item, locate) => this.read(item, locate),
      hidden: (item, locate) => this.hidden(item, locate)
    })
  }

  feed(events: readonly RecordedEvent[], segment: number): void {
    this.content.feed(events, segment)
  }

  /** The recording ends here (open typing bursts are read). */
  finish(): void {
    this.content.finish()
  }

  /** Reads the typing bursts still open as they are now (a recording may stop without closing them). */
  peekOpen(): void {
    this.content.peekOpen()
  }

  /** Nodes in the DOM mirror of the page load being read (what this audit holds in memory). */
  get mirrorSize(): number {
    return this.content.segment?.mirror.size ?? 0
  }

  /** Every finding so far, in order of first appearance. */
  all(): AuditFinding[] {
    return [...this.findings.values()]
  }

  /** Findings that are new or changed since the last call (what a store must write). */
  takeChanges(): AuditFinding[] {
    const changes = [...this.changed]
    this.changed = new Set()
    return changes
  }

  get findingCount(): number {
    return this.findings.size
  }

  /** What the recorder hid so far. */
  census(): MaskingCensus {
    return {
      maskedInputs: this.maskedInputs.size,
      maskedTexts: this.maskedTexts.size,
      blockedElements: this.blocked.size,
      blocked: this.firstBlocked()
    }
  }

  private firstBlocked(): BlockedElement[] {
    const listed: BlockedElement[] = []
    for (const element of this.blocked.values()) {
      if (listed.length >= MAX_BLOCKED_LISTED) break
      listed.push(element)
    }
    return listed
  }

  /** `isUrl`: a URL's host is a server, not a person, so IPv4 addresses count only outside URLs. */
  private detections(text: string, isUrl: boolean): Detection[] {
    const key = `${isUrl ? 'u' : 'c'}${text}`
    let found = this.cache.get(key)
    if (!found) {
      found = detect(text, { ...this.detectOptions, ipv4: !isUrl })
      if (this.cache.size >= MAX_CACHED_STRINGS) this.cache = new Map()
      this.cache.set(key, found)
    }
    return found
  }

  private read(item: ContentItem, locate: () => RecordedPath | null): void {
    const isUrl =
      item.where === 'url' ||
      (item.where === 'network' && item.name === 'url') ||
      (item.where === 'attribute' && (item.name === 'href' || item.name === 'src'))
    const text = isUrl ? urlDecoded(item.text) : item.text
    const found = this.detections(text, item.where === 'url' || (item.where === 'network' && item.name === 'url'))
    if (found.length === 0) return
    const path = item.nodeId === null ? null : locate()
    const selector = path ? pathLabel(path) : null
    // A field's value is one finding whether read from its input step or its value attribute.
    const whereKey =
      item.where === 'input' || (item.where === 'attribute' && item.name === 'value')
        ? 'field'
        : `${item.where}:${item.name}`
    for (const detection of found) {
      const key = `${detection.kind}\u0000${whereKey}\u0000${selector ?? ''}\u0000${detection.value}`
      const known = this.findings.get(key)
      if (known) {
        known.occurrences++
        this.changed.add(known)
        continue
      }
      const fix: FindingFix = fixFor({
        kind: detection.kind,
        where: item.where,
        name: item.name,
        path,
        config: this.options.config
      })
      const finding: AuditFinding = {
        kind: detection.kind,
        where: item.where,
        name: item.name,
        selector,
        timestamp: item.ts,
        segment: item.segment,
        nodeId: item.nodeId,
        excerpt: redactedExcerpt(detection.kind, detection.value),
        occurrences: 1,
        fix,
        value: detection.value,
        rowId: null
      }
      this.findings.set(key, finding)
      this.changed.add(finding)
    }
  }

  private hidden(item: HiddenItem, locate: () => RecordedPath | null): void {
    const key = `${item.segment}:${item.nodeId}`
    if (item.kind === 'masked-input') {
      if (this.maskedInputs.size < MAX_COUNTED) this.maskedInputs.add(key)
    } else if (item.kind === 'masked-text') {
      if (this.maskedTexts.size < MAX_COUNTED) this.maskedTexts.add(key)
    } else if (!this.blocked.has(key) && this.blocked.size < MAX_COUNTED) {
      const path = this.blocked.size < MAX_BLOCKED_LISTED ? locate() : null
      this.blocked.set(key, {
        segment: item.segment,
        nodeId: item.nodeId,
        selector: path ? pathLabel(path) : null,
        width: item.width,
        height: item.height,
        firstSeen: item.ts
      })
    }
  }
}
