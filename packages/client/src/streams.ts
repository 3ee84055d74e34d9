// Stream parts (docs/components.md, "Streams"): the page keeps a stream's items, the server sends
// only what changes — an item in (or replaced where it is, when its key is shown), an item out, all
// out — and forgets them. Items are found by key: the key an insert carried, or for items of the
// first render, their root element's ts-key.
import { DIRECTIVE_KEY } from './protocol.ts'
import { clearPart, putItem, takeItem, type Instance, type TextPart } from './parts.ts'

/** The part's items by key, made the first time a stream operation reaches it. */
function keysOf(part: TextPart): Map<string, Instance> {
  if (part.keys) return part.keys
  const keys = new Map<string, Instance>()
  if (part.list) for (const item of part.items) {
    let node = item.start?.nextSibling ?? null
    while (node && node.nodeType !== 1) node = node.nextSibling
    const key = item.key ?? (node as Element | null)?.getAttribute(DIRECTIVE_KEY)
    if (key != null) keys.set(key, item)
  }
  return (part.keys = keys)
}

/** Item `key` in at `at` (-1: the end), then the part trimmed to `limit` items (0: no limit) from the other end. */
export function streamInsert(part: TextPart, key: string, at: number, limit: number, make: () => { instance: Instance; nodes: DocumentFragment }): void {
  const keys = keysOf(part)
  const { instance, nodes } = make()
  instance.key = key
  const shown = keys.get(key)
  if (shown) {
    // Replaced where it is.
    const index = part.items.indexOf(shown)
    takeItem(part, index)
    putItem(part, index, instance, nodes)
  } else {
    const count = part.list ? part.items.length : 0
    putItem(part, at < 0 || at > count ? count : at, instance, nodes)
  }
  keys.set(key, instance)
  while (limit > 0 && part.items.length > limit) {
    const { instance: trimmed } = takeItem(part, at < 0 ? 0 : part.items.length - 1)
    if (trimmed.key !== undefined) keys.delete(trimmed.key)
    else for (const [k, item] of keys) if (item === trimmed) { keys.delete(k); break }
  }
}

export function streamDelete(part: TextPart, key: string): void {
  const keys = keysOf(part)
  const shown = keys.get(key)
  if (!shown) return // not shown (trimmed by a limit, or never there): nothing to do
  takeItem(part, part.items.indexOf(shown))
  keys.delete(key)
}

export function streamReset(part: TextPart): void {
  clearPart(part)
  part.items = [{ parts: [] }]
  part.list = false
  part.keys = new Map()
}
