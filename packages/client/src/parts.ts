// The client's map of a template render: which DOM nodes hold which dynamic part. Built by
// scanning the marker comments the server writes (MARKER_*), so the client never needs statics.
import { MARKER_ATTR, MARKER_ITEM, MARKER_PART_CLOSE, MARKER_PART_OPEN } from './protocol.ts'

/** The parts of one template instance, by part number. */
export interface Instance { parts: Part[] }

/** A text part: the nodes between two marker comments; `items` are the instances inside (a nested template, or a list). */
export interface TextPart { kind: 'text'; open: Comment; close: Comment; items: Instance[] }
/** A dynamic attribute of an element. */
export interface AttrPart { kind: 'attr'; element: Element; name: string }
export type Part = TextPart | AttrPart

interface Frame { instance: Instance; part: TextPart | null }

/** Scans `from` … `to` (siblings, `to` excluded) into instances; the first item goes to `into`. */
export function scanRange(from: Node | null, to: Node | null, into: Instance, part: TextPart | null): void {
  const stack: Frame[] = [{ instance: into, part }]
  let pendingAttrs: Array<{ index: number; name: string; instance: Instance }> = []

  const visit = (node: Node): void => {
    if (node.nodeType === 8) {
      const data = (node as Comment).data
      const top = stack[stack.length - 1]
      if (data.startsWith(MARKER_PART_OPEN)) {
        const item: Instance = { parts: [] }
        const p: TextPart = { kind: 'text', open: node as Comment, close: node as Comment, items: [item] }
        top.instance.parts[Number(data.slice(MARKER_PART_OPEN.length))] = p
        stack.push({ instance: item, part: p })
      } else if (data === MARKER_PART_CLOSE) {
        if (stack.length > 1 && top.part) { top.part.close = node as Comment; stack.pop() }
      } else if (data === MARKER_ITEM) {
        if (top.part) {
          const item: Instance = { parts: [] }
          top.part.items.push(item)
          top.instance = item
        }
      } else if (data.startsWith(MARKER_ATTR)) {
        const space = data.indexOf(' ')
        pendingAttrs.push({ index: Number(data.slice(MARKER_ATTR.length, space)), name: data.slice(space + 1), instance: top.instance })
      }
      return
    }
    if (node.nodeType === 1) {
      if (pendingAttrs.length > 0) {
        for (const a of pendingAttrs) a.instance.parts[a.index] = { kind: 'attr', element: node as Element, name: a.name }
        pendingAttrs = []
      }
      for (let child = node.firstChild; child; child = child.nextSibling) visit(child)
    }
  }

  for (let node = from; node && node !== to; node = node.nextSibling) visit(node)
}

/** Removes the nodes of a text part, leaving its markers. */
export function clearPart(part: TextPart): void {
  const parent = part.open.parentNode!
  while (part.open.nextSibling && part.open.nextSibling !== part.close) parent.removeChild(part.open.nextSibling)
}

const htmlParser = typeof document !== 'undefined' ? document.createElement('template') : null

/** Parses markup the way the browser would in place (a <template> accepts any context, even <tr>). */
export function parseHtml(html: string): DocumentFragment {
  htmlParser!.innerHTML = html
  return document.importNode(htmlParser!.content, true)
}
