// rrweb's event vocabulary as the app reads it. The enums are rrweb's own (@rrweb/types), never copies; the
// shapes below are deliberately loose: every field of a recorded event is read as `unknown` first, because
// any web page can post anything to the receiver (a batch is hostile until proven otherwise).
import { EventType, IncrementalSource, MouseInteractions, NodeType, PointerTypes } from '@rrweb/types'

export { EventType, IncrementalSource, MouseInteractions, NodeType, PointerTypes }

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A finite number, or null. */
export const finiteOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null

/**
 * rrweb's own rule for user activity (Replayer `isUserInteraction`): the incremental sources from MouseMove
 * through Input. Inactive stretches are gaps between these.
 */
export function isUserInteractionSource(source: unknown): boolean {
  return typeof source === 'number' && source > IncrementalSource.Mutation && source <= IncrementalSource.Input
}

/** An attribute value as rrweb serialises it (a style diff is an object; the mirror keeps no styles). */
export type AttributeValue = string | number | boolean | null

/** rrweb-snapshot's serializedNodeWithId, as read from hostile JSON: check every field before use. */
export interface SerializedNodeLike {
  id?: unknown
  type?: unknown
  tagName?: unknown
  attributes?: unknown
  childNodes?: unknown
  textContent?: unknown
  isStyle?: unknown
  isShadow?: unknown
}

/** One entry of a mutation's `adds`. */
export interface AddedNodeLike {
  parentId?: unknown
  nextId?: unknown
  previousId?: unknown
  node?: unknown
}

/** rrweb's mutation payload (IncrementalSource.Mutation), unchecked. */
export interface MutationLike {
  adds?: unknown
  removes?: unknown
  texts?: unknown
  attributes?: unknown
}
