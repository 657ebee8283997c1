import { EventType, IncrementalSource, NodeType } from '@rrweb/types'
import { STRICT_TEXT_ATTRIBUTES } from '../shared/strict-text-attributes'

/**
 * rrweb's text masking covers text nodes only. Under `strict` ("all text masked") these attributes must be
 * masked too, because the browser shows them as text (placeholder, tooltip, alt text, button labels) or reads
 * them aloud. Values keep their length and whitespace, like rrweb's own text mask.
 */
/** <input type=submit value="Pay 120 € to Jane"> shows its value as the button label. */
const LABEL_INPUT_TYPES = new Set(['button', 'submit', 'reset'])

type Loose = Record<string, unknown>

const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
/** rrweb's text mask: every non-whitespace character becomes `*`. */
export const maskText = (text: string): string => text.replace(/\S/g, '*')

/**
 * Masks text-bearing attributes in a full snapshot or a DOM mutation event, in place (rrweb hands each event
 * over once, freshly built). Known gap: a script changing a button's `value` later arrives as an attribute
 * mutation that does not say what element it is for, so that one value is not masked.
 */
export function maskTextAttributes(event: unknown): void {
  if (!isObject(event) || !isObject(event.data)) return
  const { data } = event
  if (event.type === EventType.FullSnapshot) {
    maskNodeTree(data.node)
  } else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Mutation) {
    for (const added of asArray(data.adds)) if (isObject(added)) maskNodeTree(added.node)
    for (const change of asArray(data.attributes)) {
      if (isObject(change) && isObject(change.attributes)) maskAttributes(change.attributes, false)
    }
  }
}

/** Iterative, so a very deep DOM cannot overflow the stack (nor a very wide one: children are pushed one by one). */
function maskNodeTree(root: unknown): void {
  const pending = [root]
  while (pending.length > 0) {
    const node = pending.pop()
    if (!isObject(node)) continue
    if (node.type === NodeType.Element && isObject(node.attributes)) {
      maskAttributes(node.attributes, node.tagName === 'input' && LABEL_INPUT_TYPES.has(String(node.attributes.type)))
    }
    for (const child of asArray(node.childNodes)) pending.push(child)
  }
}

function maskAttributes(attributes: Loose, valueIsLabel: boolean): void {
  for (const name of STRICT_TEXT_ATTRIBUTES) {
    const value = attributes[name]
    if (typeof value === 'string') attributes[name] = maskText(value)
  }
  if (valueIsLabel && typeof attributes.value === 'string') attributes.value = maskText(attributes.value)
}
