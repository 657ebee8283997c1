/** An error message announced to screen readers; renders nothing without one. */
export function ErrorLine({ error }: { error: string | null | undefined }) {
  if (!error) return null
  return (
    <p className="error" role="alert">
      {error}
    </p>
  )
}
