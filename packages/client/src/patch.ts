// Applies a REPLY/PUSH frame to the DOM, operation by operation.
import { EVENT_HOOK_PREFIX, MARKER_ITEM, readPatchOp, type FrameReader, type PatchOpDecoded } from './protocol.ts'
import { keepingFocus } from './focus.ts'
import { serverMayOverwrite } from './model.ts'
import { clearPart, ignoresUpdates, noteHookMarkup, parseHtml, takeFocusRequest, putItem, scanRange, takeItem, type Components, type Instance, type Part, type TextPart } from './parts.ts'
import { streamDelete, streamInsert, streamReset } from './streams.ts'
import { keepCommandChanges } from './js-exec.ts'

/**
 * Told about a patch as it is applied (hooks.ts): `touching(node)` before an operation changes
 * `node` or what is inside it, `patched()` once the whole patch is in.
 */
export interface PatchObserver { touching(node: Node): void; patched(): void }

/** The page's root element, its parts, the components on it by number (docs/components.md), and who watches patches. */
export interface View { root: Element; instance: Instance; components: Components; observer?: PatchObserver }

export function scanRoot(root: Element, components: Components): Instance {
  const instance: Instance = { parts: [] }
  components.clear()
  scanRange(root.firstChild, null, instance, null, components)
  return instance
}

export function newView(root: Element, observer?: PatchObserver): View {
  const components: Components = new Map()
  return { root, instance: scanRoot(root, components), components, observer }
}

let patching = false

/**
 * True while a patch is being applied. DOM events fired then come from the patch, not the user
 * (a focused field that a patch removes fires focusout as it goes) and are not sent.
 */
export function patchInProgress(): boolean { return patching }

/** Applies every operation from the reader's position to the end of its frame. */
export function applyPatch(view: View, reader: FrameReader): void {
  patching = true
  try { applyOperations(view, reader) } finally { patching = false }
  forgetRemovedComponents(view.components)
  const focus = takeFocusRequest()
  if (focus?.isConnected) focus.focus()
  view.observer?.patched()
}

/** A marker in the instance stack: ENTERs into a part patches skip (ts-update="ignore") until their LEAVE. */
const SKIPPED: Instance = { parts: [] }

function applyOperations(view: View, reader: FrameReader): void {
  const stack: Instance[] = [view.instance]
  const touching = view.observer ? (node: Node | null) => { if (node) view.observer!.touching(node) } : () => {}
  takeFocusRequest() // only this patch's own insertions count
  while (!reader.done) {
    const op = readPatchOp(reader)
    const current = stack[stack.length - 1]
    if (current === SKIPPED) {
      // Inside an ignored part: read on to the matching LEAVE, change nothing.
      if (op[0] === 'ENTER' || op[0] === 'ENTER_ITEM') stack.push(SKIPPED)
      else if (op[0] === 'LEAVE') stack.pop()
      continue
    }
    switch (op[0]) {
      case 'SET_TEXT': { const part = changedPart(current, op[1], touching); if (part) setText(part, op[2]); break }
      case 'SET_HTML': { const part = changedPart(current, op[1], touching); if (part) setHtml(view, part, op[2]); break }
      case 'SET_ATTR': setAttr(current.parts[op[1]], op[2], touching); break
      case 'REMOVE_ATTR': setAttr(current.parts[op[1]], null, touching); break
      case 'ENTER': { const part = textPart(current, op[1]); stack.push(part.ignored ? SKIPPED : part.items[0]); break }
      case 'ENTER_ITEM': { const part = textPart(current, op[1]); stack.push(part.ignored ? SKIPPED : item(part, op[2])); break }
      case 'LIST_INSERT': {
        const part = changedPart(current, op[1], touching)
        if (!part) break
        const inserted = newItem(view, op[3])
        putItem(part, op[2], inserted.instance, inserted.nodes)
        break
      }
      case 'LIST_REMOVE': { const part = changedPart(current, op[1], touching); if (part) takeItem(part, op[2]); break }
      case 'LIST_MOVE': {
        const part = changedPart(current, op[1], touching)
        if (!part) break
        const taken = takeItem(part, op[2])
        putItem(part, op[3], taken.instance, taken.nodes)
        break
      }
      case 'LEAVE': stack.pop(); break
      case 'ENTER_COMPONENT': {
        const place = view.components.get(op[1])
        if (!place) throw new Error(`LiveTS: patch names component ${op[1]}, which the page does not have`)
        stack.push(place.instance)
        break
      }
      case 'REPLACE_COMPONENT': replaceComponent(view, op[1], op[2], touching); break
      case 'STREAM_INSERT': { const part = changedPart(current, op[1], touching); if (part) streamInsert(part, op[2], op[3], op[4], () => newItem(view, op[5])); break }
      case 'STREAM_DELETE': { const part = changedPart(current, op[1], touching); if (part) streamDelete(part, op[2]); break }
      case 'STREAM_RESET': { const part = changedPart(current, op[1], touching); if (part) streamReset(part); break }
      case 'ROOT_HTML':
        touching(view.root)
        keepingFocus(view.root, () => view.root.replaceChildren(parseHtml(op[1])))
        view.instance = scanRoot(view.root, view.components)
        stack.length = 0
        stack.push(view.instance)
        break
      default: applyNodeOperation(view.root, op, touching)
    }
  }
}

/**
 * A plain-string view's operation, by path from the root. One that reaches into a `ts-update="ignore"`
 * element is skipped (its attributes still follow the server; its content is the library's).
 */
function applyNodeOperation(root: Element, op: PatchOpDecoded, touching: (node: Node | null) => void): void {
  switch (op[0]) {
    case 'NODE_TEXT': { const node = nodeAt(root, op[1]); if (!node) return; touching(node.parentNode); (node as CharacterData).data = op[2]; return }
    case 'NODE_REPLACE': { const node = nodeAt(root, op[1]); if (!node) return; touching(node.parentNode); node.parentNode!.replaceChild(parseHtml(op[2]), node); return }
    case 'NODE_SET_ATTR': case 'NODE_REMOVE_ATTR': {
      const node = nodeAt(root, op[1])
      if (node) setAttribute(node as Element, op[2], op[0] === 'NODE_SET_ATTR' ? op[3] : null, touching)
      return
    }
    case 'NODE_INSERT': { const parent = parentAt(root, op[1]); if (!parent) return; touching(parent); parent.insertBefore(parseHtml(op[3]), parent.childNodes[op[2]] ?? null); return }
    case 'NODE_REMOVE': { const node = nodeAt(root, op[1]); if (!node) return; touching(node.parentNode); node.parentNode!.removeChild(node); return }
    case 'NODE_MOVE': {
      const parent = parentAt(root, op[1])
      if (!parent) return
      const node = parent.childNodes[op[2]]
      if (!node) throw new Error(`LiveTS: patch moves child ${op[2]} of ${op[1].join('/')}, which the page does not have`)
      touching(parent)
      parent.removeChild(node)
      parent.insertBefore(node, parent.childNodes[op[3]] ?? null)
      return
    }
  }
}

function textPart(instance: Instance, index: number): TextPart {
  const part = instance.parts[index]
  if (!part || part.kind !== 'text') throw new Error(`LiveTS: patch names text part ${index}, which the page does not have`)
  return part
}

function item(part: TextPart, index: number): Instance {
  const found = part.items[index]
  if (!found) throw new Error(`LiveTS: patch names list item ${index}, which the page does not have`)
  return found
}

function setText(part: TextPart, text: string): void {
  const only = part.open.nextSibling
  if (text !== '' && only && only.nodeType === 3 && only.nextSibling === part.close) (only as Text).data = text
  else {
    clearPart(part)
    // An empty text is no node at all, as in a fresh render of the same page.
    if (text !== '') part.open.parentNode!.insertBefore(document.createTextNode(text), part.close)
  }
  part.items = [{ parts: [] }]
  part.list = false
}

/** A new list item from the server's markup: its marker, its nodes, and the parts (and components) inside them. */
function newItem(view: View, html: string): { instance: Instance; nodes: DocumentFragment } {
  const nodes = parseHtml(html)
  const marker = document.createComment(MARKER_ITEM)
  const instance: Instance = { parts: [], start: marker }
  scanRange(nodes.firstChild, null, instance, null, view.components)
  nodes.insertBefore(marker, nodes.firstChild)
  return { instance, nodes }
}

function setHtml(view: View, part: TextPart, html: string): void {
  clearPart(part)
  const fragment = parseHtml(html)
  const first = fragment.firstChild
  part.open.parentNode!.insertBefore(fragment, part.close)
  const item: Instance = { parts: [] }
  part.items = [item]
  part.list = false
  scanRange(first, part.close, item, part, view.components)
}

/** A component whose render became another template: its markup is replaced where it is (a part's value, or a list item). */
function replaceComponent(view: View, number: number, html: string, touching: (node: Node | null) => void): void {
  const place = view.components.get(number)
  if (!place?.part) throw new Error(`LiveTS: patch replaces component ${number}, which the page does not have`)
  const { instance, part } = place
  touching(part.open.parentNode)
  if (!instance.start) return setHtml(view, part, html)
  const end = part.items[part.items.indexOf(instance) + 1]?.start ?? part.close
  const parent = instance.start.parentNode!
  while (instance.start.nextSibling && instance.start.nextSibling !== end) parent.removeChild(instance.start.nextSibling)
  const fragment = parseHtml(html)
  const first = fragment.firstChild
  parent.insertBefore(fragment, end)
  instance.parts = []
  scanRange(first, end, instance, part, view.components)
}

/** A text part an operation is about to change, unless patches skip it (ts-update="ignore"); hooks are told it changes. */
function changedPart(current: Instance, index: number, touching: (node: Node | null) => void): TextPart | null {
  const part = textPart(current, index)
  if (part.ignored) return null
  touching(part.open.parentNode)
  return part
}

/** Components whose markup a patch removed are forgotten, now and then (their numbers are never used again). */
function forgetRemovedComponents(components: Components): void {
  if (components.size < (pruneAt.get(components) ?? 64)) return
  for (const [number, place] of components) if (!place.element.isConnected) components.delete(number)
  pruneAt.set(components, Math.max(64, components.size * 2))
}

const pruneAt = new WeakMap<Components, number>()

function setAttr(part: Part | undefined, value: string | null, touching: (node: Node | null) => void): void {
  if (!part || part.kind !== 'attr') throw new Error('LiveTS: patch names an attribute part the page does not have')
  if (!part.ignored) setAttribute(part.element, part.name, value, touching)
}

/**
 * Sets or removes an attribute. For the live properties a user edits (value, checked), the property
 * follows too, except on the element being typed into: the user's text and cursor are not
 * clobbered, unless the server set a ts-model field to something other than what it sent. What
 * client commands changed on the element stays (js-exec.ts).
 */
function setAttribute(element: Element, name: string, value: string | null, touching: (node: Node | null) => void): void {
  touching(element)
  if (value === null) element.removeAttribute(name)
  else element.setAttribute(name, value)
  keepCommandChanges(element, name)
  if (name === EVENT_HOOK_PREFIX) noteHookMarkup()
  if (!serverMayOverwrite(element, value)) return
  if (name === 'value' && 'value' in element) (element as HTMLInputElement).value = value ?? ''
  else if (name === 'checked' && 'checked' in element) (element as HTMLInputElement).checked = value !== null
}

/** The node at `path`, or null when the path passes through a `ts-update="ignore"` element (the op is skipped). */
function nodeAt(root: Element, path: number[]): Node | null {
  let node: Node = root
  for (const index of path) {
    if (node !== root && node.nodeType === 1 && ignoresUpdates(node as Element)) return null
    const next: Node | undefined = node.childNodes[index]
    if (!next) throw new Error(`LiveTS: patch path ${path.join('/')} does not exist in the page`)
    node = next
  }
  return node
}

/** The parent node at `path` for an operation on its children: null when it, or one around it, ignores updates. */
function parentAt(root: Element, path: number[]): Node | null {
  const node = nodeAt(root, path)
  return node && node !== root && node.nodeType === 1 && ignoresUpdates(node as Element) ? null : node
}
