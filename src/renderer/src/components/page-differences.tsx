// The two pages at the selected row, compared: what differs (the URL, a control's state, what one page
// shows that the other does not), in the words the CLI and the docs use (shared/diff/page-compare.ts).
import type { PageComparison, PageDifference } from '../../../shared/diff/diff-types'
import { describePageDifference } from '../../../shared/diff/page-compare'
import { formatClock } from '../format'

const KIND_CLASS: Record<PageDifference['kind'], string> = {
  url: 'pd-url',
  state: 'pd-state',
  'only-a': 'pd-only-a',
  'only-b': 'pd-only-b'
}

interface PageDifferencesProps {
  pages: PageComparison | null
  error: string | null
  startedAt: { a: number; b: number }
}

export function PageDifferences({ pages, error, startedAt }: PageDifferencesProps) {
  if (error) return <p className="error-text pad">{error}</p>
  if (!pages) return <p className="muted pad">Reading both pages…</p>
  const { differences } = pages
  const truncated = pages.a.page?.truncated || pages.b.page?.truncated
  return (
    <section className="page-differences" aria-label="The two pages at this row" data-testid="page-differences">
      <header className="pd-head">
        <strong>Pages at this row</strong>
        <span className="muted mono">
          A {formatClock(pages.a.at - startedAt.a, true)} · B {formatClock(pages.b.at - startedAt.b, true)}
        </span>
      </header>
      {differences.length === 0 ? (
        <p className="muted pd-same">Both pages show the same controls, states and text.</p>
      ) : (
        <ul className="pd-list">
          {differences.map((difference, index) => (
            <li key={index} className={KIND_CLASS[difference.kind]} data-kind={difference.kind}>
              {describePageDifference(difference)}
            </li>
          ))}
        </ul>
      )}
      {truncated && (
        <p className="muted pd-note">A page is larger than the comparison reads: its end is not compared.</p>
      )}
    </section>
  )
}
