// Names the element a step acted on, as it was at that moment: its recorded path (for selector search), a
// short selector and a text or label for people. Read from the shared DOM mirror.
import { attributeOf, collapseWhitespace, type DomMirror, type MirrorNode } from './dom-mirror'
import { clip } from './preview'
import { pathLabel, recordPath } from './recorded-path'
import type { StepTarget } from './steps'

/** Longest text or label a target keeps. */
export const TARGET_TEXT_LENGTH = 80
/** Ancestors tried for a text when the target itself has none (an icon in a button). */
const TEXT_ANCESTORS = 3

/** The target of a step on node `nodeId` (a text node resolves to its element); `pageUrl` spells links. */
export function targetOf(mirror: DomMirror, nodeId: number, pageUrl: string | null): StepTarget {
  const path = recordPath(mirror, nodeId, pageUrl)
  if (!path) return { nodeId, selector: null, text: null, path: null }
  return { nodeId, selector: pathLabel(path), text: excerpt(mirror, nodeId), path }
}

/** Form fields: named by their label rather than by the text around them. */
const FIELD_TAGS = new Set(['input', 'select', 'textarea'])
/** Siblings looked at for a field's <label>. */
const LABEL_SIBLINGS = 3

/**
 * The element's text, else the nearest ancestor's, else a label attribute; a form field's own label first.
 * Masked text stays masked.
 */
function excerpt(mirror: DomMirror, id: number): string | null {
  let element: MirrorNode | null | undefined = mirror.elementAt(id)
  if (element && FIELD_TAGS.has(element.tag)) {
    const label = fieldLabel(mirror, element)
    if (label) return clip(collapseWhitespace(label), TARGET_TEXT_LENGTH)
  }
  for (let level = 0; element && level <= TEXT_ANCESTORS; level++) {
    const text = mirror.textOf(element.id, TARGET_TEXT_LENGTH)
    if (text) return text
    const label = labelAttribute(element)
    if (label) return clip(collapseWhitespace(label), TARGET_TEXT_LENGTH)
    element = mirror.parentElement(element)
  }
  return null
}

function labelAttribute(element: MirrorNode): string | undefined {
  const attribute = (name: string) => attributeOf(element, name)
  const type = attribute('type')?.toLowerCase()
  return (
    attribute('aria-label') ??
    attribute('title') ??
    attribute('alt') ??
    (type === 'submit' || type === 'button' || type === 'reset' ? attribute('value') : undefined) ??
    attribute('placeholder')
  )
}

/**
 * A form field's label, as a person reads it: aria-label, an enclosing <label>, a sibling <label> naming it
 * (for=id) or right after it (a checkbox and its text), else its placeholder or title.
 */
function fieldLabel(mirror: DomMirror, field: MirrorNode): string | null {
  const aria = attributeOf(field, 'aria-label')
  if (aria) return aria
  let ancestor = mirror.parentElement(field)
  for (let level = 0; ancestor && level < TEXT_ANCESTORS; level++, ancestor = mirror.parentElement(ancestor)) {
    if (ancestor.tag === 'label') return mirror.textOf(ancestor.id, TARGET_TEXT_LENGTH) || null
  }
  const id = attributeOf(field, 'id')
  const sibling = (start: MirrorNode | null, step: (node: MirrorNode) => MirrorNode | null) => {
    let node = start
    for (let i = 0; node && i < LABEL_SIBLINGS; i++, node = step(node)) {
      if (node.tag === 'label' && ((id && attributeOf(node, 'for') === id) || (i === 0 && start === field.nextSibling)))
        return mirror.textOf(node.id, TARGET_TEXT_LENGTH) || null
    }
    return null
  }
  return (
    sibling(field.nextSibling, (node) => node.nextSibling) ??
    sibling(field.previousSibling, (node) => node.previousSibling) ??
    attributeOf(field, 'placeholder') ??
    attributeOf(field, 'title') ??
    null
  )
}
