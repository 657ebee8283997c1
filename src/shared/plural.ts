/** "1 session", "2 sessions", "0 sessions": a count with its noun, plural when the count is not 1. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`
}
