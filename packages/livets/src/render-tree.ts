// Encodes a render into the one-string format the engine reads (see RenderTreeReader.cs):
// one boundary crossing per render, whatever the number of values (docs/design.md §2.2).
import type { EngineAddon } from '@livets/engine'
import { RawHtml, TemplateResult, type Renderable } from './html.ts'
import { compileDirectives, type CompiledDirective } from './directives.ts'

/** A template as the engine compiled it: its id, and its directives to evaluate at each render. */
interface CompiledTemplate { id: number; directives: CompiledDirective[] }

const compiledTemplates = new WeakMap<TemplateStringsArray, CompiledTemplate>()

const u32 = (n: number): string => String.fromCharCode(n >>> 16, n & 0xffff)
const chars = (tag: string, s: string): string => tag + u32(s.length) + s

export class RenderError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
    this.name = 'RenderError'
  }
}

/**
 * Encodes what a view's render() returned. `viewName` makes errors point at the right view;
 * `state` is what directive expressions (ts-text, ts-class, …) read.
 */
export function encodeRender(engine: EngineAddon, rendered: Renderable, viewName: string, state?: unknown): string {
  if (typeof rendered === 'string') return chars('P', rendered)
  if (rendered instanceof TemplateResult) return new Encoder(engine, viewName, state).template(rendered)
  throw new RenderError(`${viewName}.render() must return html\`...\` or a string, not ${describe(rendered)}`, 'LIVETS_RENDER_INVALID')
}

/** One render's encoding: the engine, the view (for errors) and the state (for directives). */
class Encoder {
  constructor(private readonly engine: EngineAddon, private readonly viewName: string, private readonly state: unknown) {}

  template(template: TemplateResult): string {
    const compiled = compiledTemplate(this.engine, template.statics, this.viewName)
    const directives = compiled.directives
    let out = 'T' + u32(compiled.id) + u32(template.values.length + directives.length)
    for (const value of template.values) out += this.value(value)
    for (const directive of directives) out += this.value(directive.value(this.state))
    return out
  }

  value(value: unknown): string {
    switch (typeof value) {
      case 'string': return chars('s', value)
      case 'number':
      case 'bigint': return chars('s', String(value))
      case 'boolean': return value ? 't' : 'f'
      case 'undefined': return 'n'
      case 'function':
      case 'symbol':
        throw new RenderError(`${this.viewName}.render() interpolated a ${typeof value}; interpolate text, numbers, booleans, html\`\` or arrays`, 'LIVETS_RENDER_INVALID')
    }
    if (value === null) return 'n'
    if (value instanceof TemplateResult) return this.template(value)
    if (value instanceof RawHtml) return chars('r', value.html)
    if (Array.isArray(value)) {
      let out = 'l' + u32(value.length)
      for (const item of value) out += this.value(item)
      return out
    }
    if (Object.getPrototypeOf(value) === Object.prototype)
      throw new RenderError(`${this.viewName}.render() interpolated a plain object; render one of its fields, or JSON.stringify it`, 'LIVETS_RENDER_INVALID')
    return chars('s', String(value))
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
