import { useState } from 'react'

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
      <code data-testid="snippet">{snippet}</code>
      <button type="button" onClick={() => void copy()} aria-label="Copy the snippet">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  )
}
