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

/** The element's text, else the nearest ancestor's, else a label attribute; masked text stays masked. */
function excerpt(mirror: DomMirror, id: number): string | null {
  let element: MirrorNode | null | undefined = mirror.elementAt(id)
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
