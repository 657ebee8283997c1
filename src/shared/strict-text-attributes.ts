// The attributes `strict` masks besides text nodes: the browser shows them as text (placeholder, tooltip, alt
// text) or reads them aloud. One list for the recorder that masks them, the audit that suggests `strict` for
// them, the redaction that masks them as `strict` would have, and the overlay that shows what `strict` would
// hide.
export const STRICT_TEXT_ATTRIBUTES: readonly string[] = [
  'placeholder',
  'title',
  'alt',
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext'
]

export const isStrictTextAttribute = (name: string): boolean => STRICT_TEXT_ATTRIBUTES.includes(name.toLowerCase())
