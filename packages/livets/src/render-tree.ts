// Encodes a render into the one-string format the engine reads (see RenderTreeReader.cs):
// one boundary crossing per render, whatever the number of values (DESIGN.md §2.2).
import type { EngineAddon } from '@livets/engine'
import { RawHtml, TemplateResult, type Renderable } from './html.ts'

const templateIds = new WeakMap<TemplateStringsArray, number>()

const u32 = (n: number): string => String.fromCharCode(n >>> 16, n & 0xffff)
const chars = (tag: string, s: string): string => tag + u32(s.length) + s

export class RenderError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
    this.name = 'RenderError'
  }
}

/** Encodes what a view's render() returned. `viewName` makes errors point at the right view. */
export function encodeRender(engine: EngineAddon, rendered: Renderable, viewName: string): string {
  if (typeof rendered === 'string') return chars('P', rendered)
  if (rendered instanceof TemplateResult) return encodeTemplate(engine, rendered, viewName)
  throw new RenderError(`${viewName}.render() must return html\`...\` or a string, not ${describe(rendered)}`, 'LIVETS_RENDER_INVALID')
}

function encodeTemplate(engine: EngineAddon, template: TemplateResult, viewName: string): string {
  let out = 'T' + u32(templateId(engine, template.statics, viewName)) + u32(template.values.length)
  for (const value of template.values) out += encodeValue(engine, value, viewName)
  return out
}

function encodeValue(engine: EngineAddon, value: unknown, viewName: string): string {
  switch (typeof value) {
    case 'string': return chars('s', value)
    case 'number':
    case 'bigint': return chars('s', String(value))
    case 'boolean': return value ? 't' : 'f'
    case 'undefined': return 'n'
    case 'function':
    case 'symbol':
      throw new RenderError(`${viewName}.render() interpolated a ${typeof value}; interpolate text, numbers, booleans, html\`\` or arrays`, 'LIVETS_RENDER_INVALID')
  }
  if (value === null) return 'n'
  if (value instanceof TemplateResult) return encodeTemplate(engine, value, viewName)
  if (value instanceof RawHtml) return chars('r', value.html)
  if (Array.isArray(value)) {
    let out = 'l' + u32(value.length)
    for (const item of value) out += encodeValue(engine, item, viewName)
    return out
  }
  if (Object.getPrototypeOf(value) === Object.prototype)
    throw new RenderError(`${viewName}.render() interpolated a plain object; render one of its fields, or JSON.stringify it`, 'LIVETS_RENDER_INVALID')
  return chars('s', String(value))
}

function templateId(engine: EngineAddon, statics: TemplateStringsArray, viewName: string): number {
  let id = templateIds.get(statics)
  if (id !== undefined) return id
  try {
    id = engine.compileTemplate(statics)
  } catch (e) {
    const err = e as Error & { code?: string }
    throw new RenderError(`in ${viewName}.render(): ${err.message}`, err.code ?? 'LIVETS_TEMPLATE_INVALID')
  }
  templateIds.set(statics, id)
  return id
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return value.constructor?.name ?? 'an object'
  return typeof value
}
