// Encodes a render into the format the engine reads (see RenderTreeReader.cs): one boundary
// crossing per render, whatever the number of values (docs/design.md §2.2). A template render is
// written char by char into one reused Uint16Array that the engine reads in place (tree-buffer.ts);
// building it as a JS string made V8 allocate and later flatten one small string per value, which
// cost more than the engine's whole diff of a 10,000-item list (docs/architecture.md, "Renders").
import type { EngineAddon } from '@livets/engine'
import { RawHtml, TemplateResult, type Renderable } from './html.ts'
import { compileDirectives, type CompiledDirective } from './directives.ts'
import {
  STREAM_DELETE, STREAM_INSERT, STREAM_RESET, TAG_COMPONENT_RENDER, TAG_FALSE, TAG_LIST, TAG_NOTHING, TAG_RAW, TAG_STREAM, TAG_TEMPLATE, TAG_TEXT, TAG_TRUE,
  endLength, reserve, restart, startLength, writeChars, writeComponentRef, writeInteger, writeTag, writeU32, written,
} from './tree-buffer.ts'
import { MEMO_MIN_ITEMS, ViewMemos } from './list-memo.ts'
import { templateExcerpt, templatePosition, type TemplateExcerpt } from './template-position.ts'
import { ComponentCall } from './components/live-component.ts'
import type { ComponentEntry, ComponentRegistry } from './components/registry.ts'
import { StreamResult } from './streams.ts'

/** A template as the engine compiled it: its id, and its directives to evaluate at each render. */
interface CompiledTemplate { id: number; directives: CompiledDirective[] }

const compiledTemplates = new WeakMap<TemplateStringsArray, CompiledTemplate>()

const u32 = (n: number): string => String.fromCharCode(n >>> 16, n & 0xffff)

export class RenderError extends Error {
  /** For a template the engine refused: the lines around the error (a development page shows them). */
  declare readonly template?: TemplateExcerpt

  constructor(message: string, readonly code: string, template?: TemplateExcerpt) {
    super(message)
    this.name = 'RenderError'
    // Not enumerable, so a logged error shows its message and stack, not the excerpt again.
    if (template) Object.defineProperty(this, 'template', { value: template })
  }
}

/** What a render wrote besides its tree: the streams to forget once the engine took it. */
export interface Encoded { tree: string | Uint16Array; streams: StreamResult[] }

/**
 * Encodes what a view's render() returned. `viewName` makes errors point at the right view;
 * `state` is what directive expressions (ts-text, ts-class, …) read; `components` places the
 * components the render names (their renders follow the root: docs/components.md). A template render
 * comes back as a view of a buffer the next call overwrites: hand it to the engine before encoding again.
 */
export function encodeRender(engine: EngineAddon, rendered: Renderable, viewName: string, state?: unknown, components?: ComponentRegistry): Encoded {
  if (typeof rendered === 'string') return { tree: 'P' + u32(rendered.length) + rendered, streams: [] }
  if (rendered instanceof TemplateResult) {
    restart()
    components?.begin(0)
    const encoder = new Encoder(engine, viewName, state, components)
    encoder.template(rendered)
    encoder.memos?.done()
    encoder.componentRenders()
    return { tree: written(), streams: encoder.streams }
  }
  throw new RenderError(`${viewName}.render() must return html\`...\` or a string, not ${describe(rendered)}`, 'LIVETS_RENDER_INVALID')
}

/** Encodes one component's own render (its event, its setState): the page around it is not rendered at all. */
export function encodeComponentRender(engine: EngineAddon, entry: ComponentEntry, components: ComponentRegistry): Encoded {
  restart()
  components.begin(entry.number)
  const encoder = new Encoder(engine, `${entry.Class.name}#${entry.id}`, entry.instance.state, components, entry.number)
  encoder.componentRoot(entry)
  encoder.componentRenders()
  return { tree: written(), streams: encoder.streams }
}

/** One render's encoding: the engine, the view (for errors) and the state (for directives). */
class Encoder {
  private lastStatics: TemplateStringsArray | undefined
  private lastCompiled: CompiledTemplate | undefined
  /** The view's long lists as its last render wrote them; views are told apart by their state object. */
  memos: ViewMemos | undefined
  /** The stream batches this render wrote. */
  readonly streams: StreamResult[] = []
  /** Components placed whose renders follow the root, in the order they were placed. */
  private readonly queued: ComponentEntry[] = []

  constructor(private readonly engine: EngineAddon, private viewName: string, private state: unknown,
    private readonly components?: ComponentRegistry, private parent = 0) {
    if (parent === 0 && typeof state === 'object' && state !== null) this.memos = new ViewMemos(state, engine)
  }

  /** The renders of the components placed (and of the ones placed inside those), each after a 'K' and its number. */
  componentRenders(): void {
    for (let i = 0; i < this.queued.length; i++) {
      const entry = this.queued[i]
      writeTag(TAG_COMPONENT_RENDER)
      reserve(2)
      writeU32(entry.number)
      this.componentRoot(entry)
    }
  }

  /** A component's render, as the value it stands for; directives inside read its state. */
  componentRoot(entry: ComponentEntry): void {
    this.viewName = `${entry.Class.name}#${entry.id}`
    this.state = entry.instance.state
    this.parent = entry.number
    this.memos = undefined
    const rendered = entry.instance.render() as unknown
    if (!(rendered instanceof TemplateResult))
      throw new RenderError(`${this.viewName}.render() must return html\`...\` with one root element, not ${describe(rendered)}`, 'LIVETS_RENDER_INVALID')
    this.template(rendered)
  }

  private component(call: ComponentCall): void {
    if (!this.components) throw new RenderError(`${this.viewName}.render() placed component(${call.Class.name}) where components are not rendered`, 'LIVETS_RENDER_INVALID')
    const { entry, render } = this.components.place(call, this.parent)
    writeComponentRef(entry.number, entry.id)
    if (render) this.queued.push(entry)
  }

  /** A stream's batch: 'S', the operation count and length, then each operation. */
  private stream(result: StreamResult): void {
    this.streams.push(result)
    writeTag(TAG_STREAM)
    reserve(4)
    writeU32(result.ops.length)
    const start = startLength()
    for (const op of result.ops) {
      if (op.kind === 'reset') writeTag(STREAM_RESET)
      else if (op.kind === 'delete') { writeTag(STREAM_DELETE); writeChars(TAG_TEXT, op.key) }
      else {
        writeTag(STREAM_INSERT)
        reserve(4)
        writeU32(op.at + 1)
        writeU32(op.limit)
        if (!(op.rendered instanceof TemplateResult))
          throw new RenderError(`${this.viewName}: a stream's map() must return html\`...\` with a ts-key for each item, not ${describe(op.rendered)}`, 'LIVETS_RENDER_INVALID')
        this.template(op.rendered)
      }
    }
    endLength(start)
  }

  /** An instance and a list carry the length of what follows their head, so the engine can fingerprint them before reading. */
  template(template: TemplateResult): void {
    // The items of a list are usually of one template: look it up once for all of them.
    const compiled = template.statics === this.lastStatics ? this.lastCompiled! : this.compiled(template.statics)
    const directives = compiled.directives
    const values = template.values
    writeTag(TAG_TEMPLATE)
    reserve(6)
    writeU32(compiled.id)
    writeU32(values.length + directives.length)
    const start = startLength()
    for (let i = 0; i < values.length; i++) this.value(values[i])
    for (let i = 0; i < directives.length; i++) this.value(directives[i].value(this.state))
    endLength(start)
  }

  private compiled(statics: TemplateStringsArray): CompiledTemplate {
    const compiled = compiledTemplate(this.engine, statics, this.viewName)
    this.lastStatics = statics
    this.lastCompiled = compiled
    return compiled
  }

  value(value: unknown): void {
    // typeof comparisons rather than a switch on typeof: V8 compiles them to type checks.
    if (typeof value === 'string') return writeChars(TAG_TEXT, value)
    if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < 2 ** 31 ? writeInteger(value) : writeChars(TAG_TEXT, String(value))
    if (typeof value === 'boolean') return this.tag(value ? TAG_TRUE : TAG_FALSE)
    if (value === undefined || value === null) return this.tag(TAG_NOTHING)
    if (typeof value === 'object') {
      if (value instanceof TemplateResult) return this.template(value)
      if (Array.isArray(value)) return this.list(value)
      if (value instanceof ComponentCall) return this.component(value)
      if (value instanceof StreamResult) return this.stream(value)
      if (value instanceof RawHtml) return writeChars(TAG_RAW, value.html)
      if (Object.getPrototypeOf(value) === Object.prototype)
        throw new RenderError(`${this.viewName}.render() interpolated a plain object; render one of its fields, or JSON.stringify it`, 'LIVETS_RENDER_INVALID')
    }
    if (typeof value === 'function' || typeof value === 'symbol')
      throw new RenderError(`${this.viewName}.render() interpolated a ${typeof value}; interpolate text, numbers, booleans, html\`\` or arrays`, 'LIVETS_RENDER_INVALID')
    return writeChars(TAG_TEXT, String(value)) // bigint, or an object with its own toString
  }

  private tag(tag: number): void { writeTag(tag) }

  /** A list; a long one through the view's memo, which refers to the items that did not change (list-memo.ts). */
  private list(items: unknown[]): void {
    if (this.memos !== undefined && items.length >= MEMO_MIN_ITEMS) return this.memos.list(items, this)
    writeTag(TAG_LIST)
    reserve(4)
    writeU32(items.length)
    const start = startLength()
    for (let i = 0; i < items.length; i++) this.value(items[i])
    endLength(start)
  }

  /** Whether a list item's encoding depends on its statics and values alone (and so a later render may refer to it: list-memo.ts). */
  reusable(item: unknown): item is TemplateResult {
    if (!(item instanceof TemplateResult)) return false
    const compiled = item.statics === this.lastStatics ? this.lastCompiled! : compiledTemplate(this.engine, item.statics, this.viewName)
    if (compiled.directives.length > 0) return false
    for (const v of item.values) if (v !== null && (typeof v === 'object' || typeof v === 'function')) return false
    return true
  }
}

function compiledTemplate(engine: EngineAddon, statics: TemplateStringsArray, viewName: string): CompiledTemplate {
  let compiled = compiledTemplates.get(statics)
  if (compiled !== undefined) return compiled
  try {
    const id = engine.compileTemplate(statics)
    compiled = { id, directives: compileDirectives(engine.templateDirectives(id)) }
  } catch (e) {
    const err = e as Error & { code?: string }
    const position = templatePosition(err.message)
    throw new RenderError(`in ${viewName}.render(): ${err.message}`, err.code ?? 'LIVETS_TEMPLATE_INVALID',
      position && templateExcerpt(statics, position.line, position.column))
  }
  compiledTemplates.set(statics, compiled)
  return compiled
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return value.constructor?.name ?? 'an object'
  return typeof value
}
