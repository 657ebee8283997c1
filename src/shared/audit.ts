// The privacy audit's shared vocabulary: what a finding is, how the recorder's masking of a session is
// reported, and the snippet a site is advised to use. Types and constants only (every runtime imports this).
import type { MaskLevel, RecorderConfig } from './types'

/** What a detector found (the rules: src/main/core/analysis/audit/detectors.ts). */
export type PiiKind = 'email' | 'card' | 'phone' | 'iban' | 'ssn' | 'jwt' | 'secret' | 'ipv4'

export const PII_KINDS: readonly PiiKind[] = ['email', 'card', 'phone', 'iban', 'ssn', 'jwt', 'secret', 'ipv4']

export const PII_KIND_LABELS: Record<PiiKind, string> = {
  email: 'Email address',
  card: 'Payment card number',
  phone: 'Phone number',
  iban: 'IBAN',
  ssn: 'US social security number',
  jwt: 'JSON web token',
  secret: 'API key or secret',
  ipv4: 'IPv4 address'
}

/** Where in the recording a person could read it. */
export type FindingWhere = 'text' | 'attribute' | 'input' | 'url' | 'custom' | 'error' | 'console' | 'network'

export const FINDING_WHERES: readonly FindingWhere[] = [
  'text',
  'attribute',
  'input',
  'url',
  'custom',
  'error',
  'console',
  'network'
]

/**
 * The smallest change that would have kept a finding out of the recording: a selector to add to the snippet's
 * data-mask-selector or data-block-selector, a stricter data-mask-level, or — where no snippet setting
 * reaches (URLs, the page's own custom events) — a change to the page's code.
 */
export type FixKind = 'mask-selector' | 'block-selector' | 'mask-level' | 'page-code'

export interface FindingFix {
  kind: FixKind
  /** The selector to add, or the mask level ('moderate' | 'strict'); null for page-code. */
  value: string | null
  /** For people: `data-mask-selector=".todo-list label"`, "this page needs data-mask-level="strict"". */
  text: string
}

export interface Finding {
  sessionId: string
  kind: PiiKind
  where: FindingWhere
  /**
   * The attribute's name, the custom event's tag, 'message' or 'stack' of an error, a console message's level,
   * which part of a request ('url', 'request body', 'response header content-type', …); null otherwise.
   */
  name: string | null
  /** A short selector of the element (`div.view > label`); null for URLs, custom events and errors. */
  selector: string | null
  /** When it was first readable (epoch ms, client clock). */
  timestamp: number
  /** The page load, and the node's rrweb id in it (to outline it in the replay); null without an element. */
  segment: number
  nodeId: number | null
  /** The value redacted (`jane.d…@…com`, `4111 …1111`): never the value itself. */
  excerpt: string
  /** How often the same value was readable on the same element in the session (snapshots repeat it). */
  occurrences: number
  fix: FindingFix
}

/** An element the recorder replaced by a placeholder (data-block-selector). */
export interface BlockedElement {
  segment: number
  nodeId: number
  selector: string | null
  /** The placeholder's size as recorded (CSS px). */
  width: number | null
  height: number | null
  firstSeen: number
}

/** What the recorder hid in a session, and the configuration that made it hide it. */
export interface MaskingReport {
  config: RecorderConfig
  /** Where the configuration came from, for people. */
  configSource: string
  /** Distinct input fields whose value was recorded masked. */
  maskedInputs: number
  /** Distinct text nodes recorded masked (only `*`). */
  maskedTexts: number
  blockedElements: number
  /** The first MAX_BLOCKED_LISTED blocked elements, in order of appearance. */
  blocked: BlockedElement[]
}

export const MAX_BLOCKED_LISTED = 200

/** The counts of a masking report, as the audit index stores them (the configuration is the session's). */
export type MaskingCensus = Omit<MaskingReport, 'config' | 'configSource'>

/** One suggested snippet per site (origin), merged from the fixes of every finding in its sessions. */
export interface SiteSuggestion {
  site: string
  sessionIds: string[]
  findings: number
  maskLevel: MaskLevel
  maskSelector: string | null
  blockSelector: string | null
  /** Changes no snippet setting can make (URLs, custom events), for people. */
  pageChanges: string[]
  /** The script tag to paste, with the changes applied. */
  snippet: string
}

export interface SessionAuditView {
  sessionId: string
  /** false while batches of the session wait to be audited (the background audit catches up shortly). */
  upToDate: boolean
  findings: Finding[]
  masking: MaskingReport | null
  suggestion: SiteSuggestion | null
}

export interface AuditReport {
  findings: Finding[]
  suggestions: SiteSuggestion[]
}

export type RedactionMode = 'copy' | 'in-place'

export interface RedactionOptions {
  mode: RedactionMode
  /** Also mask every text node and text-bearing attribute (as `strict` would have). */
  maskAllText: boolean
}

export interface RedactionResult {
  /** The redacted session: the new copy, or the same id for in-place. */
  sessionId: string
  mode: RedactionMode
  /** Distinct values replaced (each by one `*` per character). */
  values: number
  /** Strings of the recording that changed. */
  replacements: number
  /** For in-place: whether the write-ahead log was emptied (false: another process held it; run again). */
  walTruncated: boolean
}
