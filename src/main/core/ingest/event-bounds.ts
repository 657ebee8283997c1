// Size bounds inside rrweb events (README "Limits at the door"): nodes per snapshot, attributes per node,
// string lengths, mutation list sizes, custom payloads. Every walk is iterative (an explicit stack), so
// no shape of input can overflow the call stack here. Shapes beyond these bounds are analysis's business:
// this module only refuses what is too big to be a real page.
import { EventType, IncrementalSource } from '@rrweb/types'
import {
  MAX_ATTRIBUTE_VALUE_CHARS,
  MAX_ATTRIBUTES_PER_NODE,
  MAX_CUSTOM_PAYLOAD_CHARS,
  MAX_CUSTOM_TAG_CHARS,
  MAX_MUTATION_ENTRIES_PER_BATCH,
  MAX_SNAPSHOT_NODES,
  MAX_TEXT_CHARS
} from '../../../shared/limits'

type Json = Record<string, unknown>
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0)

/** What the events of one batch have used so far of the per-batch budgets. */
export interface BatchBudget {
  mutationEntries: number
}

/** Why an attribute map is out of bounds, or null. Values are strings, null (removed) or style objects. */
function attributesProblem(attributes: unknown): string | null {
  if (!isRecord(attributes)) return null
  let count = 0
  for (const name in attributes) {
    if (++count > MAX_ATTRIBUTES_PER_NODE) return `has a node with more than ${MAX_ATTRIBUTES_PER_NODE} attributes`
    const value = attributes[name]
    const values = isRecord(value) ? Object.values(value) : [value]
    for (const part of values) {
      if (typeof part === 'string' && part.length > MAX_ATTRIBUTE_VALUE_CHARS) {
        return `has an attribute value of ${part.length} characters (at most ${MAX_ATTRIBUTE_VALUE_CHARS})`
      }
    }
  }
  return null
}

function textProblem(text: unknown): string | null {
  return typeof text === 'string' && text.length > MAX_TEXT_CHARS
    ? `has a text of ${text.length} characters (at most ${MAX_TEXT_CHARS})`
    : null
}

/**
 * Walks serialized node trees (rrweb's `childNodes`), checking each node's attributes and text. Returns the
 * problem, or the number of nodes seen (Infinity once past `maxNodes`: the walk stops there).
 */
function walkNodes(roots: unknown[], maxNodes: number): string | number {
  const stack = roots.slice()
  let nodes = 0
  while (stack.length > 0) {
    const node = stack.pop()
    if (!isRecord(node)) continue
    if (++nodes > maxNodes) return Infinity
    const problem = attributesProblem(node.attributes) ?? textProblem(node.textContent)
    if (problem) return problem
    const children = node.childNodes
    if (Array.isArray(children)) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
  }
  return nodes
}

function mutationProblem(data: Json, budget: BatchBudget): string | null {
  const tooMany = `makes more than ${MAX_MUTATION_ENTRIES_PER_BATCH} DOM changes in one batch`
  budget.mutationEntries += lengthOf(data.removes) + lengthOf(data.texts) + lengthOf(data.attributes)
  if (budget.mutationEntries > MAX_MUTATION_ENTRIES_PER_BATCH) return tooMany
  const adds = Array.isArray(data.adds) ? data.adds : []
  const addedNodes = adds.map((add: unknown) => (isRecord(add) ? add.node : undefined))
  const added = walkNodes(addedNodes, MAX_MUTATION_ENTRIES_PER_BATCH - budget.mutationEntries)
  if (typeof added === 'string') return added
  if (added === Infinity) return tooMany
  budget.mutationEntries += added
  for (const text of Array.isArray(data.texts) ? data.texts : []) {
    const problem = isRecord(text) ? textProblem(text.value) : null
    if (problem) return problem
  }
  for (const change of Array.isArray(data.attributes) ? data.attributes : []) {
    const problem = isRecord(change) ? attributesProblem(change.attributes) : null
    if (problem) return problem
  }
  return null
}

function customProblem(data: Json): string | null {
  if (typeof data.tag === 'string' && data.tag.length > MAX_CUSTOM_TAG_CHARS) {
    return `is a custom event with a tag of ${data.tag.length} characters (at most ${MAX_CUSTOM_TAG_CHARS})`
  }
  let size: number
  try {
    // Safe: the body's nesting depth was bounded before it was parsed (validate-batch.ts).
    size = JSON.stringify(data.payload ?? null).length
  } catch {
    return 'is a custom event whose payload cannot be serialised'
  }
  return size > MAX_CUSTOM_PAYLOAD_CHARS
    ? `is a custom event with a payload of ${size} characters as JSON (at most ${MAX_CUSTOM_PAYLOAD_CHARS})`
    : null
}

/** Why the event's contents are out of bounds, or null. `data` is the event's (already checked) data object. */
export function eventBoundsProblem(type: number, data: Json, budget: BatchBudget): string | null {
  switch (type) {
    case EventType.FullSnapshot: {
      const nodes = walkNodes([data.node], MAX_SNAPSHOT_NODES)
      if (typeof nodes === 'string') return nodes
      return nodes === Infinity ? `is a full snapshot of more than ${MAX_SNAPSHOT_NODES} nodes` : null
    }
    case EventType.IncrementalSnapshot:
      return data.source === IncrementalSource.Mutation ? mutationProblem(data, budget) : null
    case EventType.Custom:
      return customProblem(data)
    default:
      return null
  }
}
