// A finding's value as people may see it: enough to recognise which value it was (the start of an email's
// name and its top-level domain, a card's issuer digits and last four), never the value. This is all the UI,
// the CLI, the API and the logs ever show of a finding; the value itself is never stored.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { PiiKind } from '../../../../shared/audit'
import { detect, type DetectOptions } from './detectors'

const GAP = '…'
const digitsOf = (value: string) => value.replace(/\D/g, '')

/** `jane.d…@…com`, `4111 …1111`, `+44 …58`, `DE89 …3000`, `…-6789`, `eyJhbGci…`, `sk_live_…`, `192.168.…`. */
export function redactedExcerpt(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'email': {
      const at = value.lastIndexOf('@')
      const local = value.slice(0, at)
      const tld = value.slice(value.lastIndexOf('.') + 1)
      // At most 6 characters of the name and always at least 2 of it hidden.
      return `${local.slice(0, Math.max(0, Math.min(6, local.length - 2)))}${GAP}@${GAP}${tld}`
    }
    case 'card': {
      const digits = digitsOf(value)
      return `${digits.slice(0, 4)} ${GAP}${digits.slice(-4)}`
    }
    case 'phone': {
      const digits = digitsOf(value)
      const code = value.startsWith('+') ? parsePhoneNumberFromString(value)?.countryCallingCode : undefined
      const country = code ? `+${code}` : undefined
      // A number of 7 digits keeps only its last one visible.
      const tail = digits.slice(-(digits.length >= 9 ? 2 : 1))
      return country ? `${country} ${GAP}${tail}` : `${GAP}${tail}`
    }
    case 'iban': {
      const compact = value.replace(/\s/g, '')
      return `${compact.slice(0, 4)} ${GAP}${compact.slice(-4)}`
    }
    case 'ssn':
      return `${GAP}-${digitsOf(value).slice(-4)}`
    case 'jwt':
      return `${value.slice(0, 8)}${GAP}`
    case 'secret': {
      const prefix =
        /^(?:[a-z]+_(?:live|test)_|gh[pousr]_|github_pat_|AKIA|ASIA|xox[abprs]-|AIza|sk-proj-|sk-|glpat-|npm_|SG\.)/.exec(
          value
        )?.[0]
      return `${prefix ?? value.slice(0, 3)}${GAP}`
    }
    case 'ipv4': {
      const [a, b] = value.split('.')
      return `${a}.${b}.${GAP}`
    }
  }
}

/**
 * `text` with every detected value replaced by its excerpt: what an error message (from analysis of a hostile
 * recording, or JSON.parse quoting what it read) may say in a log or the quarantine table.
 */
export function scrubbed(text: string, options: DetectOptions = {}): string {
  const found = detect(text, options)
  let out = ''
  let at = 0
  for (const detection of found) {
    out += text.slice(at, detection.start) + redactedExcerpt(detection.kind, detection.value)
    at = detection.end
  }
  return out + text.slice(at)
}
