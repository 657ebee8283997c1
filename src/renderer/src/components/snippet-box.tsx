import { Fragment, useState } from 'react'

/** The script tag to paste, with a one-click copy. */
export function SnippetBox({ snippet }: { snippet: string }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard.writeText(snippet)
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  return (
    <div className="snippet">
      <code data-testid="snippet">
        {/* Each attribute in one piece (a hyphen is a break opportunity too): lines break only between them. */}
        {snippet.split(' ').map((part, i) => (
          <Fragment key={i}>
            {i > 0 && ' '}
            <span className="snippet-part">{part}</span>
          </Fragment>
        ))}
      </code>
      <button type="button" onClick={() => void copy()} aria-label="Copy the snippet">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}
