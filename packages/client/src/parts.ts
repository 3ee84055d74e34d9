// The client's map of a template render: which DOM nodes hold which dynamic part. Built by
// scanning the marker comments the server writes (MARKER_*), so the client never needs statics.
import { ATTR_COMPONENT, DIRECTIVE_UPDATE, EVENT_HOOK_PREFIX, MARKER_ATTR, MARKER_ITEM, MARKER_PART_CLOSE, MARKER_PART_OPEN, UPDATE_IGNORE } from './protocol.ts'
import { showFieldValues } from './model.ts'

/** The parts of one template instance, by part number; a list item also knows its item marker (and, in a stream, its key). */
export interface Instance { parts: Part[]; start?: Comment; key?: string }

/**
 * A text part: the nodes between two marker comments. `items` are the instances inside: one (a
 * nested template, or none), or, when `list` is set, one per list item, each from its item marker.
 */
export interface TextPart { kind: 'text'; open: Comment; close: Comment; items: Instance[]; list: boolean; keys?: Map<string, Instance>; ignored?: boolean }
/** A dynamic attribute of an element. */
export interface AttrPart { kind: 'attr'; element: Element; name: string; ignored?: boolean }
export type Part = TextPart | AttrPart

interface Frame { instance: Instance; part: TextPart | null }

/**
 * Where a component is on the page (docs/components.md): the instance its render fills, the text
 * part that holds it, and its root element (the one with its number).
 */
export interface ComponentPlace { instance: Instance; part: TextPart | null; element: Element }
export type Components = Map<number, ComponentPlace>

/** Whether patches leave the element's content alone (`ts-update="ignore"`: a JavaScript library owns it). */
export const ignoresUpdates = (element: Element): boolean => element.getAttribute(DIRECTIVE_UPDATE) === UPDATE_IGNORE

/**
 * Scans `from` … `to` (siblings, `to` excluded) into instances; the first item goes to `into`.
 * Components found on the way are noted in `components` by number. Parts inside a
 * `ts-update="ignore"` element are marked: patches skip them.
 */
export function scanRange(from: Node | null, to: Node | null, into: Instance, part: TextPart | null, components?: Components): void {
  const stack: Frame[] = [{ instance: into, part }]
  let pendingAttrs: Array<{ index: number; name: string; instance: Instance; ignored: boolean }> = []

  const visit = (node: Node, ignored: boolean): void => {
    if (node.nodeType === 8) {
      const data = (node as Comment).data
      const top = stack[stack.length - 1]
      if (data.startsWith(MARKER_PART_OPEN)) {
        const item: Instance = { parts: [] }
        const p: TextPart = { kind: 'text', open: node as Comment, close: node as Comment, items: [item], list: false }
        if (ignored) p.ignored = true
        top.instance.parts[Number(data.slice(MARKER_PART_OPEN.length))] = p
        stack.push({ instance: item, part: p })
      } else if (data === MARKER_PART_CLOSE) {
        if (stack.length > 1 && top.part) { top.part.close = node as Comment; stack.pop() }
      } else if (data === MARKER_ITEM) {
        if (top.part && !top.part.list) {
          // the part's first item marker: the part holds a list, and its placeholder item is item 0
          top.part.list = true
          top.instance.start = node as Comment
        } else if (top.part) {
          const item: Instance = { parts: [], start: node as Comment }
          top.part.items.push(item)
          top.instance = item
        }
      } else if (data.startsWith(MARKER_ATTR)) {
        const space = data.indexOf(' ')
        pendingAttrs.push({ index: Number(data.slice(MARKER_ATTR.length, space)), name: data.slice(space + 1), instance: top.instance, ignored })
      }
      return
    }
    if (node.nodeType === 1) {
      const number = (node as Element).getAttribute(ATTR_COMPONENT)
      if (number !== null && components) {
        const top = stack[stack.length - 1]
        components.set(Number(number), { instance: top.instance, part: top.part, element: node as Element })
      }
      if (pendingAttrs.length > 0) {
        for (const a of pendingAttrs) a.instance.parts[a.index] = a.ignored ? { kind: 'attr', element: node as Element, name: a.name, ignored: true } : { kind: 'attr', element: node as Element, name: a.name }
        pendingAttrs = []
      }
      const inside = ignored || ignoresUpdates(node as Element)
      for (let child = node.firstChild; child; child = child.nextSibling) visit(child, inside)
    }
  }

  // Markup put into a part: ignored when the part is (patches skip it anyway; this keeps nested parts consistent).
  const ignored = part?.ignored === true
  for (let node = from; node && node !== to; node = node.nextSibling) visit(node, ignored)
}

/** Removes list item `index` of a part: its marker and its nodes. Returns them, in order, in a fragment. */
export function takeItem(part: TextPart, index: number): { instance: Instance; nodes: DocumentFragment } {
  const instance = part.items[index]
  if (!instance?.start) throw new Error(`LiveTS: patch names list item ${index}, which the page does not have`)
  const end = part.items[index + 1]?.start ?? part.close
  const nodes = document.createDocumentFragment()
  for (let node: Node = instance.start; node !== end;) {
    const next = node.nextSibling!
    nodes.appendChild(node)
    node = next
  }
  part.items.splice(index, 1)
  return { instance, nodes }
}

/** Puts an item (its marker first) at `index` of a list part. */
export function putItem(part: TextPart, index: number, instance: Instance, nodes: DocumentFragment): void {
  if (!part.list) { part.list = true; part.items = [] } // an empty list renders as nothing
  if (index > part.items.length) throw new Error(`LiveTS: patch puts list item ${index} past the end (${part.items.length})`)
  const before = part.items[index]?.start ?? part.close
  before.parentNode!.insertBefore(nodes, before)
  part.items.splice(index, 0, instance)
}

/** Removes the nodes of a text part, leaving its markers. */
export function clearPart(part: TextPart): void {
  const parent = part.open.parentNode!
  while (part.open.nextSibling && part.open.nextSibling !== part.close) parent.removeChild(part.open.nextSibling)
}

/**
 * One <template> per document, made when first needed: importing the client has no side effects,
 * and livets/testing runs it against several happy-dom documents in one process.
 */
let htmlParser: HTMLTemplateElement | null = null

/**
 * Markup from the server is the engine's own output (values escaped, directives compiled), so a
 * page that enforces Trusted Types (`require-trusted-types-for 'script'`) allows it through one
 * policy, named `livets` (list it in `trusted-types`); elsewhere the string goes in as it is.
 */
const trustedHtml: { createHTML(html: string): unknown } | null =
  (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createHTML(html: string): string }): { createHTML(html: string): unknown } } })
    .trustedTypes?.createPolicy('livets', { createHTML: (html) => html }) ?? null

/** Parses markup the way the browser would in place (a <template> accepts any context, even <tr>). */
export function parseHtml(html: string): DocumentFragment {
  if (htmlParser?.ownerDocument !== document) htmlParser = document.createElement('template')
  htmlParser.innerHTML = (trustedHtml ? trustedHtml.createHTML(html) : html) as string
  const fragment = document.importNode(htmlParser.content, true)
  showFieldValues(fragment)
  const autofocus = fragment.querySelector('[autofocus]')
  if (autofocus) focusAfterPatch = autofocus as HTMLElement
  if (!hookMarkup && fragment.querySelector(`[${EVENT_HOOK_PREFIX}]`)) hookMarkup = true
  return fragment
}

/** Whether markup with a ts-hook element arrived since the last call (hooks.ts mounts them; pages without hooks pay nothing more). */
let hookMarkup = false

export function noteHookMarkup(): void { hookMarkup = true }

export function takeHookMarkup(): boolean {
  const arrived = hookMarkup
  hookMarkup = false
  return arrived
}

/**
 * An element with `autofocus` that a patch inserted (an edit-in-place field): focused once the
 * patch is applied, as the browser does for autofocus on page load.
 */
let focusAfterPatch: HTMLElement | null = null

export function takeFocusRequest(): HTMLElement | null {
  const element = focusAfterPatch
  focusAfterPatch = null
  return element
}
