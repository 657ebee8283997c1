import type { ReactNode } from 'react'

// Per-session issue marks for the list: recorded JavaScript errors, rage clicks and privacy findings.
// Icons are inline SVG in currentColor: no icon font, nothing to load, the same on every system.

function ErrorIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <rect x="7" y="3.5" width="2" height="6" rx="1" fill="var(--panel)" />
      <circle cx="8" cy="12" r="1.1" fill="var(--panel)" />
    </svg>
  )
}

function RageIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path d="M9.5 0.5 2.5 9h4.2L5.8 15.5 13.5 6.5H9.1z" fill="currentColor" />
    </svg>
  )
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

function Issue({ kind, count, label, icon }: { kind: string; count: number; label: string; icon: ReactNode }) {
  return (
    <span className={`issue issue-${kind}`} title={label} data-issue={kind}>
      {icon}
      <span aria-hidden="true">{count}</span>
      <span className="sr-only">{label}</span>
    </span>
  )
}

function FindingIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path d="M8 0.8 14.5 3.3v4.4c0 3.8-2.7 6.6-6.5 7.6C4.2 14.3 1.5 11.5 1.5 7.7V3.3z" fill="currentColor" />
      <rect x="7" y="4" width="2" height="5" rx="1" fill="var(--panel)" />
      <circle cx="8" cy="11.3" r="1.1" fill="var(--panel)" />
    </svg>
  )
}

/** `findings`: the privacy audit's count, null while the session is not audited yet. */
export function IssueBadges({ errors, rage, findings }: { errors: number; rage: number; findings: number | null }) {
  if (!errors && !rage && !findings) return null
  return (
    <span className="issues">
      {errors > 0 && (
        <Issue
          kind="error"
          count={errors}
          label={plural(errors, 'recorded error', 'recorded errors')}
          icon={<ErrorIcon />}
        />
      )}
      {rage > 0 && (
        <Issue kind="rage" count={rage} label={plural(rage, 'rage click', 'rage clicks')} icon={<RageIcon />} />
      )}
      {!!findings && (
        <Issue
          kind="finding"
          count={findings}
          label={plural(findings, 'privacy finding', 'privacy findings')}
          icon={<FindingIcon />}
        />
      )}
    </span>
  )
}
