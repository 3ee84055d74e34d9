// A mirror of the DOM a Blazor Server circuit renders, kept from the binary render batches the server
// sends (JS.RenderBatch). The driver needs it for the same reason blazor.web.js keeps the real DOM:
// event handler ids live on attribute frames, and a re-render may give an element a new id (every
// `@bind` and every lambda handler does), so "the id of the increment button" is only knowable by
// applying each batch's edits to a tree, as the browser does.
//
// Layout of a batch (aspnetcore src/Components/Web.JS/src/Rendering/RenderBatch/OutOfProcessRenderBatch.ts,
// written by RenderBatchWriter on the server): the last five int32s give the positions of
//   updated components | reference frames | disposed component ids | disposed event handler ids | string table
// Each is a count followed by entries. A reference frame is 20 bytes: int32 type, then 16 bytes whose
// meaning depends on the type. An edit is 16 bytes: type, sibling index, new tree index (or move-to
// index), removed attribute name. Strings are indices into the table of LEB128-length UTF-8 strings.
// Sibling indices count "logical children": regions are flattened into their parent, while components
// and markup blocks are one child each (a container), exactly as BrowserRenderer.ts applies them.

const FRAME_BYTES = 20
const EDIT_BYTES = 16

const enum FrameType { Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, ElementReferenceCapture = 6, Markup = 8 }
const enum EditType {
  PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5,
  StepIn = 6, StepOut = 7, UpdateMarkup = 8, PermutationListEntry = 9, PermutationListEnd = 10,
}

export interface ElementNode {
  kind: 'element'
  name: string
  /** The component whose render tree holds this element: the `componentId` of eventFieldInfo. */
  componentId: number
  attributes: Map<string, string | null>
  /** Event name without the `on` prefix ("click", "input") → the handler id to dispatch to. */
  handlers: Map<string, number>
  children: TreeNode[]
  parent: ParentNode
}
export interface TextNode { kind: 'text'; text: string; parent: ParentNode }
/** A component's place in its parent, a markup block, or a root component's attachment point. */
export interface ContainerNode { kind: 'container'; markup?: string; children: TreeNode[]; parent: ParentNode | null }
export type ParentNode = ElementNode | ContainerNode
export type TreeNode = ElementNode | TextNode | ContainerNode

/** What one batch changed, for callers that wait for a particular update. */
export interface AppliedBatch { updatedComponents: number[]; strings: (i: number) => string | null }

class BatchReader {
  private readonly view: DataView
  private readonly stringTable: number
  private readonly decoder = new TextDecoder()

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.stringTable = this.int(bytes.byteLength - 4)
  }

  int(position: number): number { return this.view.getInt32(position, true) }

  /** The five table positions from the batch's trailer. */
  trailer(slot: 'updated' | 'frames' | 'disposedComponents' | 'disposedHandlers'): number {
    const fromEnd = { updated: 20, frames: 16, disposedComponents: 12, disposedHandlers: 8 }[slot]
    return this.int(this.bytes.byteLength - fromEnd)
  }

  /** Event handler ids are uint64 on the wire; they stay far below 2^53 in any run. */
  uint64(position: number): number {
    return Number(this.view.getBigUint64(position, true))
  }

  string(index: number): string | null {
    if (index === -1) return null
    let position = this.int(this.stringTable + index * 4)
    let length = 0
    let shift = 0
    for (;;) {
      const byte = this.bytes[position++]
      length |= (byte & 0x7f) << shift
      if (!(byte & 0x80)) break
      shift += 7
    }
    return this.decoder.decode(this.bytes.subarray(position, position + length))
  }
}

/** A reference frame seen through the reader: field meanings depend on `type`. */
class Frames {
  constructor(private readonly reader: BatchReader, private readonly start: number) {}
  private at(index: number) { return this.start + index * FRAME_BYTES }
  type(index: number): FrameType { return this.reader.int(this.at(index)) }
  subtreeLength(index: number): number { return this.reader.int(this.at(index) + 4) }
  componentId(index: number): number { return this.reader.int(this.at(index) + 8) }
  elementName(index: number): string { return this.reader.string(this.reader.int(this.at(index) + 8))! }
  text(index: number): string { return this.reader.string(this.reader.int(this.at(index) + 4)) ?? '' }
  attributeName(index: number): string { return this.reader.string(this.reader.int(this.at(index) + 4))! }
  attributeValue(index: number): string | null { return this.reader.string(this.reader.int(this.at(index) + 8)) }
  eventHandlerId(index: number): number { return this.reader.uint64(this.at(index) + 12) }
  /** How many frames after this one belong to its subtree (only element, component and region have one). */
  descendants(index: number): number {
    const type = this.type(index)
    return type === FrameType.Element || type === FrameType.Component || type === FrameType.Region ? this.subtreeLength(index) - 1 : 0
  }
}

export class RenderTree {
  /** Where each live component renders: root components and child components alike. */
  private readonly components = new Map<number, ContainerNode>()
  /** The root components in the order they were attached (one per interactive marker on the page). */
  readonly roots: ContainerNode[] = []

  /** JS.AttachComponent: a root component starts rendering into a fresh container. */
  attachRoot(componentId: number): void {
    const root: ContainerNode = { kind: 'container', children: [], parent: null }
    this.components.set(componentId, root)
    this.roots.push(root)
  }

  /** Applies one JS.RenderBatch payload, as BrowserRenderer.updateComponent does for each diff. */
  apply(bytes: Uint8Array): AppliedBatch {
    const reader = new BatchReader(bytes)
    const framesRange = reader.trailer('frames')
    const frames = new Frames(reader, framesRange + 4)
    const updatedRange = reader.trailer('updated')
    const updatedComponents: number[] = []
    for (let i = 0, n = reader.int(updatedRange); i < n; i++) {
      const diff = reader.int(updatedRange + 4 + i * 4)
      const componentId = reader.int(diff)
      updatedComponents.push(componentId)
      const container = this.components.get(componentId)
      if (!container) throw new Error(`render batch updates component ${componentId}, which was never attached`)
      this.applyEdits(reader, frames, componentId, container, diff + 4)
    }
    const disposed = reader.trailer('disposedComponents')
    for (let i = 0, n = reader.int(disposed); i < n; i++) this.components.delete(reader.int(disposed + 4 + i * 4))
    // Disposed event handler ids need no bookkeeping: the attribute edits already replaced or removed them.
    return { updatedComponents, strings: (i) => reader.string(i) }
  }

  private applyEdits(reader: BatchReader, frames: Frames, componentId: number, container: ContainerNode, editsRange: number): void {
    let parent: ParentNode = container
    let permutation: Array<{ from: number; to: number }> | undefined
    for (let i = 0, n = reader.int(editsRange); i < n; i++) {
      const edit = editsRange + 4 + i * EDIT_BYTES
      const type: EditType = reader.int(edit)
      const sibling = reader.int(edit + 4)
      const treeIndex = reader.int(edit + 8)
      switch (type) {
        case EditType.PrependFrame:
          this.insertFrame(frames, componentId, parent, sibling, treeIndex)
          break
        case EditType.RemoveFrame:
          parent.children.splice(sibling, 1)
          break
        case EditType.SetAttribute:
          setAttribute(frames, element(parent.children[sibling]), treeIndex)
          break
        case EditType.RemoveAttribute: {
          const target = element(parent.children[sibling])
          const name = reader.string(reader.int(edit + 12))!
          target.attributes.delete(name)
          if (name.startsWith('on')) target.handlers.delete(name.slice(2))
          break
        }
        case EditType.UpdateText: {
          const node = parent.children[sibling]
          if (node?.kind !== 'text') throw new Error('updateText on a non-text node')
          node.text = frames.text(treeIndex)
          break
        }
        case EditType.UpdateMarkup:
          parent.children.splice(sibling, 1)
          this.insertFrame(frames, componentId, parent, sibling, treeIndex)
          break
        case EditType.StepIn: {
          const child: TreeNode | undefined = parent.children[sibling]
          if (child?.kind === 'text' || !child) throw new Error('stepIn to a text node')
          parent = child
          break
        }
        case EditType.StepOut:
          parent = parent.parent!
          break
        case EditType.PermutationListEntry:
          (permutation ??= []).push({ from: sibling, to: treeIndex })
          break
        case EditType.PermutationListEnd: {
          // Every move refers to positions before any of them happened.
          const before = parent.children.slice()
          for (const { from, to } of permutation!) parent.children[to] = before[from]
          permutation = undefined
          break
        }
        default:
          throw new Error(`unknown render tree edit type ${type}`)
      }
    }
  }

  /** Inserts frame `index` (and its subtree) at `position` in `parent`; returns how many children that added. */
  private insertFrame(frames: Frames, componentId: number, parent: ParentNode, position: number, index: number): number {
    switch (frames.type(index)) {
      case FrameType.Element: {
        const node: ElementNode = {
          kind: 'element', name: frames.elementName(index), componentId,
          attributes: new Map(), handlers: new Map(), children: [], parent,
        }
        const end = index + frames.subtreeLength(index)
        let child = index + 1
        for (; child < end && frames.type(child) === FrameType.Attribute; child++) setAttribute(frames, node, child)
        this.insertRange(frames, componentId, node, 0, child, end)
        parent.children.splice(position, 0, node)
        return 1
      }
      case FrameType.Text:
        parent.children.splice(position, 0, { kind: 'text', text: frames.text(index), parent })
        return 1
      case FrameType.Component: {
        const node: ContainerNode = { kind: 'container', children: [], parent }
        this.components.set(frames.componentId(index), node)
        parent.children.splice(position, 0, node)
        return 1
      }
      case FrameType.Region:
        return this.insertRange(frames, componentId, parent, position, index + 1, index + frames.subtreeLength(index))
      case FrameType.Markup:
        parent.children.splice(position, 0, { kind: 'container', markup: frames.text(index), children: [], parent })
        return 1
      case FrameType.ElementReferenceCapture:
        return 0 // a child in the diff, but no node in the DOM
      case FrameType.Attribute:
        throw new Error('attribute frame outside the leading children of an element')
      default:
        throw new Error(`unknown render tree frame type ${frames.type(index)}`)
    }
  }

  private insertRange(frames: Frames, componentId: number, parent: ParentNode, position: number, start: number, end: number): number {
    const first = position
    for (let index = start; index < end; index++) {
      position += this.insertFrame(frames, componentId, parent, position, index)
      index += frames.descendants(index)
    }
    return position - first
  }

  /** The first element, in document order, that `match` accepts. */
  find(match: (node: ElementNode) => boolean): ElementNode | undefined {
    const stack: TreeNode[] = [...this.roots].reverse()
    while (stack.length) {
      const node = stack.pop()!
      if (node.kind === 'element' && match(node)) return node
      if (node.kind !== 'text') for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i])
    }
    return undefined
  }

  /** Every element `match` accepts, in document order. */
  findAll(match: (node: ElementNode) => boolean): ElementNode[] {
    const found: ElementNode[] = []
    this.find((node) => { if (match(node)) found.push(node); return false })
    return found
  }
}

function element(node: TreeNode | undefined): ElementNode {
  if (node?.kind !== 'element') throw new Error('attribute edit on a non-element node')
  return node
}

function setAttribute(frames: Frames, node: ElementNode, index: number): void {
  const name = frames.attributeName(index)
  const handler = frames.eventHandlerId(index)
  if (handler) node.handlers.set(name.replace(/^on/, ''), handler)
  else node.attributes.set(name, frames.attributeValue(index))
}

/** The text a person would read in `node` (markup blocks contribute their text without tags). */
export function textContent(node: TreeNode): string {
  if (node.kind === 'text') return node.text
  if (node.kind === 'container' && node.markup !== undefined) return node.markup.replace(/<[^>]*>/g, '')
  return node.children.map(textContent).join('')
}
