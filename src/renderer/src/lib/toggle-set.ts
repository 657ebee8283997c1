// The filter chips' one rule: a chip stands for one or more values; pressing it shows them all when any was
// hidden, and hides them all when all were shown.
export function toggledSet<T>(set: ReadonlySet<T>, values: readonly T[]): Set<T> {
  const next = new Set(set)
  const allIn = values.every((value) => next.has(value))
  for (const value of values) {
    if (allIn) next.delete(value)
    else next.add(value)
  }
  return next
}
