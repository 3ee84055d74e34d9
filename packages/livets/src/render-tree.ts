// Encodes a render into the format the engine reads (see RenderTreeReader.cs): one boundary
// crossing per render, whatever the number of values (docs/design.md §2.2). A template render is
// written char by char into one reused Uint16Array that the engine reads in place; building it as
// a JS string made V8 allocate and later flatten one small string per value, which cost more than
// the engine's whole diff of a 10,000-item list (docs/architecture.md, "Renders").
import type { EngineAddon } from '@livets/engine'
import { RawHtml, TemplateResult, type Renderable } from './html.ts'
import { compileDirectives, type CompiledDirective } from './directives.ts'

/** A template as the engine compiled it: its id, and its directives to evaluate at each render. */
interface CompiledTemplate { id: number; directives: CompiledDirective[] }

const compiledTemplates = new WeakMap<TemplateStringsArray, CompiledTemplate>()

const u32 = (n: number): string => String.fromCharCode(n >>> 16, n & 0xffff)

export class RenderError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
    this.name = 'RenderError'
  }
}

/**
 * Encodes what a view's render() returned. `viewName` makes errors point at the right view;
 * `state` is what directive expressions (ts-text, ts-class, …) read. A template render comes back
 * as a view of a buffer the next call overwrites: hand it to the engine before encoding again.
 */
export function encodeRender(engine: EngineAddon, rendered: Renderable, viewName: string, state?: unknown): string | Uint16Array {
  if (typeof rendered === 'string') return 'P' + u32(rendered.length) + rendered
  if (rendered instanceof TemplateResult) {
    length = 0
    new Encoder(engine, viewName, state).template(rendered)
    return buffer.subarray(0, length)
  }
  throw new RenderError(`${viewName}.render() must return html\`...\` or a string, not ${describe(rendered)}`, 'LIVETS_RENDER_INVALID')
}

// The value tags of RenderTreeReader.cs, as char codes: T s r t f n l.
const TAG_TEMPLATE = 84, TAG_TEXT = 115, TAG_RAW = 114, TAG_TRUE = 116, TAG_FALSE = 102, TAG_NOTHING = 110, TAG_LIST = 108

// The buffer every template render is written into, grown as needed and kept: renders are encoded
// and handed to the engine synchronously, one at a time.
let buffer = new Uint16Array(16 * 1024)
let length = 0

function reserve(chars: number): void {
  if (length + chars <= buffer.length) return
  const grown = new Uint16Array(Math.max(buffer.length * 2, length + chars))
  grown.set(buffer.subarray(0, length))
  buffer = grown
}

function writeU32(n: number): void {
  buffer[length] = n >>> 16
  buffer[length + 1] = n & 0xffff
  length += 2
}

/** tag, length, chars: a text ('s'), raw markup ('r'). */
function writeChars(tag: number, s: string): void {
  const n = s.length
  reserve(n + 3)
  const b = buffer
  let at = length
  b[at] = tag
  b[at + 1] = n >>> 16
  b[at + 2] = n & 0xffff
  at += 3
  for (let i = 0; i < n; i++) b[at + i] = s.charCodeAt(i)
  length = at + n
}

/** A whole number below 2^31 written as its decimal digits, as String(n) would, without making the string (ids of list items). */
function writeInteger(n: number): void {
  let rest = n | 0
  const digits = rest < 10 ? 1 : rest < 100 ? 2 : rest < 1000 ? 3 : rest < 10000 ? 4 : rest < 100000 ? 5
    : rest < 1000000 ? 6 : rest < 10000000 ? 7 : rest < 100000000 ? 8 : rest < 1000000000 ? 9 : 10
  reserve(digits + 3)
  const b = buffer
  b[length] = TAG_TEXT
  b[length + 1] = 0
  b[length + 2] = digits
  for (let at = length + 2 + digits; at > length + 2; at--) {
    const quotient = (rest / 10) | 0
    b[at] = 48 + rest - quotient * 10
    rest = quotient
  }
  length += 3 + digits
}

/** Leaves room for the length of what follows; `endLength` fills it in. */
function startLength(): number {
  length += 2
  return length
}

function endLength(start: number): void {
  const n = length - start
  buffer[start - 2] = n >>> 16
  buffer[start - 1] = n & 0xffff
}


/** One render's encoding: the engine, the view (for errors) and the state (for directives). */
class Encoder {
  private lastStatics: TemplateStringsArray | undefined
  private lastCompiled: CompiledTemplate | undefined

  constructor(private readonly engine: EngineAddon, private readonly viewName: string, private readonly state: unknown) {}

  /** An instance and a list carry the length of what follows their head, so the engine can fingerprint them before reading. */
  template(template: TemplateResult): void {
    // The items of a list are usually of one template: look it up once for all of them.
    const compiled = template.statics === this.lastStatics ? this.lastCompiled! : this.compiled(template.statics)
    const directives = compiled.directives
    const values = template.values
    reserve(7)
    buffer[length++] = TAG_TEMPLATE
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
      if (Array.isArray(value)) {
        reserve(5)
        buffer[length++] = TAG_LIST
        writeU32(value.length)
        const start = startLength()
        for (let i = 0; i < value.length; i++) this.value(value[i])
        return endLength(start)
      }
      if (value instanceof RawHtml) return writeChars(TAG_RAW, value.html)
      if (Object.getPrototypeOf(value) === Object.prototype)
        throw new RenderError(`${this.viewName}.render() interpolated a plain object; render one of its fields, or JSON.stringify it`, 'LIVETS_RENDER_INVALID')
    }
    if (typeof value === 'function' || typeof value === 'symbol')
      throw new RenderError(`${this.viewName}.render() interpolated a ${typeof value}; interpolate text, numbers, booleans, html\`\` or arrays`, 'LIVETS_RENDER_INVALID')
    return writeChars(TAG_TEXT, String(value)) // bigint, or an object with its own toString
  }

  private tag(tag: number): void {
    reserve(1)
    buffer[length++] = tag
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
    throw new RenderError(`in ${viewName}.render(): ${err.message}`, err.code ?? 'LIVETS_TEMPLATE_INVALID')
  }
  compiledTemplates.set(statics, compiled)
  return compiled
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return value.constructor?.name ?? 'an object'
  return typeof value
}
