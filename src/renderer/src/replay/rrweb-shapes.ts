// The parts of rrweb's event format the workspace reads (mirrors @rrweb/types; kept as plain constants
// and narrow interfaces so the renderer's analysis code has no runtime dependency on rrweb internals).
export { RrwebEventType as EventType } from '../../../shared/types'

export const IncrementalSource = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
  TouchMove: 6,
  MediaInteraction: 7,
  StyleSheetRule: 8,
  CanvasMutation: 9,
  Font: 10,
  Log: 11,
  Drag: 12,
  StyleDeclaration: 13,
  Selection: 14,
  AdoptedStyleSheet: 15
} as const

export const MouseInteraction = {
  MouseUp: 0,
  MouseDown: 1,
  Click: 2,
  ContextMenu: 3,
  DblClick: 4,
  Focus: 5,
  Blur: 6,
  TouchStart: 7,
  TouchEnd: 9
} as const

/** rrweb-snapshot's NodeType. */
export const NodeType = {
  Document: 0,
  DocumentType: 1,
  Element: 2,
  Text: 3,
  CDATA: 4,
  Comment: 5
} as const

export type AttributeValue = string | number | boolean | null | undefined

/** A serialized DOM node (rrweb-snapshot's serializedNodeWithId), loosely typed. */
export interface SerializedNode {
  type: number
  id: number
  tagName?: string
  attributes?: Record<string, AttributeValue>
  childNodes?: SerializedNode[]
  textContent?: string
  isStyle?: boolean
  rootId?: number
}

export interface MutationData {
  source: 0
  texts?: { id: number; value: string | null }[]
  attributes?: { id: number; attributes: Record<string, AttributeValue | Record<string, unknown>> }[]
  removes?: { parentId: number; id: number }[]
  adds?: { parentId: number; nextId: number | null; node: SerializedNode }[]
}

/** rrweb's inactivity rule (replayer `isUserInteraction`): sources MouseMove…Input are user activity. */
export function isUserInteractionSource(source: number): boolean {
  return source > IncrementalSource.Mutation && source <= IncrementalSource.Input
}
