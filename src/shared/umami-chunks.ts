// Umami keeps a replay as rows of event chunks, in order of chunk_index. Exported as files, each name carries
// that index (chunk-0.json.gz … chunk-12.json.gz, or the row's id and index): the import takes them in the
// order of the last number in each name, when every name has one, and in the order given otherwise. One rule
// for every front: the CLI and the desktop shell read files in any order, a browser uploads them in this one.

const lastNumber = (name: string): string | undefined => /(\d+)(?!.*\d)/.exec(name.split(/[\\/]/).pop() ?? '')?.[1]

export function inChunkOrder<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  const numbered = items.map((item) => ({ item, index: lastNumber(nameOf(item)) }))
  if (numbered.some(({ index }) => index === undefined)) return [...items]
  return numbered.sort((a, b) => Number(a.index) - Number(b.index)).map(({ item }) => item)
}
