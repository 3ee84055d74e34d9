// Whether a file may be uploaded under an `accept` list, as <input accept> reads it: MIME types
// (`image/png`), wildcards (`image/*`) and extensions (`.pdf`). The browser's picker only suggests;
// the server checks every announced file again before a byte of it is taken.

/** The accept list as given to allowUpload: a string like `image/*,.pdf` or an array. */
export function acceptList(accept: string | readonly string[] | undefined): string[] {
  const items = accept === undefined ? [] : typeof accept === 'string' ? accept.split(',') : [...accept]
  return items.map((item) => item.trim().toLowerCase()).filter(Boolean)
}

/** Whether a file named `name` of MIME type `type` matches the list (an empty list accepts anything). */
export function accepts(list: readonly string[], name: string, type: string): boolean {
  if (list.length === 0) return true
  const lowerName = name.toLowerCase()
  const lowerType = type.toLowerCase()
  return list.some((item) => {
    if (item.startsWith('.')) return lowerName.endsWith(item)
    if (item.endsWith('/*')) return lowerType.startsWith(item.slice(0, -1))
    return lowerType === item
  })
}
