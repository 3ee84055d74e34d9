// From a form's flat fields to the shape its zod schema expects, as a user would expect it:
// nested names become objects, repeated names and `[]` become arrays, an unchecked checkbox is
// false, and an empty text field of anything but a required string is "not given" (undefined).
// The values stay plain data (strings, booleans, arrays, objects) so that they can live in the
// view's state; `forParse` then turns them into what non-coercing schemas take (numbers, dates).
import type { ZodType } from 'zod'

/** A value built from fields: text, a list of texts, or nested values. */
export type RawValue = string | RawValue[] | { [key: string]: RawValue }
type RawObject = { [key: string]: RawValue }

/** The part of zod's schema definitions this file reads (zod v4, `schema._zod.def`). */
interface Def {
  type: string
  innerType?: ZodType
  shape?: Record<string, ZodType>
  element?: ZodType
  in?: ZodType
  coerce?: boolean
}
const defOf = (schema: ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def

/** Wrappers that only say whether a value may be missing: optional, nullable, default… */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional', 'lazy'])

/** The schema under its wrappers (and a pipe's input side), and whether a missing value is allowed. */
export function unwrap(schema: ZodType): { def: Def; schema: ZodType; optional: boolean } {
  let optional = false
  let current = schema
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current)
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault' || def.type === 'catch') optional = true
    if (def.type === 'pipe' && def.in) { current = def.in; continue }
    if (def.type === 'lazy') { current = (current as unknown as { _zod: { innerType: ZodType } })._zod.innerType; continue }
    if (WRAPPERS.has(def.type) && def.innerType) { current = def.innerType; continue }
    return { def, schema: current, optional }
  }
  return { def: defOf(current), schema: current, optional }
}

/** The fields' values nested by their paths: repeated leaves and `[]` collect into arrays; numeric keys make arrays. */
export function nest(fields: ReadonlyArray<readonly [string[], string]>): RawObject {
  const root: RawObject = {}
  for (const [steps, value] of fields) put(root, steps, value)
  return dense(root) as RawObject
}

function put(target: RawObject, steps: string[], value: string): void {
  let node = target
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i]
    if (steps[i + 1] === '') { // `tags[]`: append
      const list = Object.hasOwn(node, step) ? node[step] : undefined
      if (Array.isArray(list)) list.push(value)
      else node[step] = typeof list === 'string' ? [list, value] : [value]
      return
    }
    const next = Object.hasOwn(node, step) ? node[step] : undefined
    if (next === undefined || typeof next === 'string' || Array.isArray(next)) node[step] = {}
    node = node[step] as RawObject
  }
  const last = steps[steps.length - 1]
  const existing = Object.hasOwn(node, last) ? node[last] : undefined
  if (existing === undefined || (typeof existing === 'object' && !Array.isArray(existing))) node[last] = value
  else if (Array.isArray(existing)) existing.push(value)
  else node[last] = [existing, value] // a repeated name: checkboxes of one group, a multiple select
}

/** Objects whose keys are all indexes (`items[0]`, `items[3]`) become arrays in index order, without holes. */
function dense(value: RawValue): RawValue {
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(dense)
  const keys = Object.keys(value)
  for (const key of keys) value[key] = dense(value[key])
  if (keys.length > 0 && keys.every((key) => /^(0|[1-9]\d{0,8})$/.test(key)))
    return keys.map(Number).sort((a, b) => a - b).map((index) => value[String(index)])
  return value
}

/**
 * `raw` conformed to `schema`, still plain data: objects keep the schema's keys, an array field gets
 * an array (a single value wrapped, none: []), a boolean is whether the checkbox was sent (and not
 * "false"/"off"), a single-valued field takes the last of repeated values, and an empty text is
 * undefined unless the schema wants a required string.
 */
export function conform(schema: ZodType, raw: unknown): unknown {
  const { def, optional } = unwrap(schema)
  switch (def.type) {
    case 'object': {
      const source = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw as Record<string, unknown> : {}
      const out: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        const value = conform(child, Object.hasOwn(source, key) ? source[key] : undefined)
        if (value !== undefined) out[key] = value
      }
      return out
    }
    case 'array': {
      const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
      // An empty string in a list is the hidden "nothing chosen" input of a checkbox group or a select.
      return items.filter((item) => item !== '').map((item) => conform(def.element!, item))
    }
    case 'boolean':
      if (def.coerce) return single(raw)
      { const value = single(raw); return value !== undefined && value !== '' && value !== 'false' && value !== 'off' && value !== '0' }
    case 'string': {
      const value = single(raw)
      if (value === '' && optional) return undefined
      return value
    }
    default: {
      const value = single(raw)
      return value === '' ? undefined : value
    }
  }
}

const single = (raw: unknown): unknown => (Array.isArray(raw) ? raw[raw.length - 1] : raw)

/**
 * What a schema that does not coerce takes from conformed form data: text that is a number for
 * z.number(), a date for z.date(). Other values pass as they are, for zod to judge.
 */
export function forParse(schema: ZodType, value: unknown): unknown {
  const { def } = unwrap(schema)
  switch (def.type) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
      const out: Record<string, unknown> = { ...value as Record<string, unknown> }
      for (const [key, child] of Object.entries(def.shape ?? {})) if (Object.hasOwn(out, key)) out[key] = forParse(child, out[key])
      return out
    }
    case 'array': return Array.isArray(value) ? value.map((item) => forParse(def.element!, item)) : value
    case 'number': {
      if (def.coerce || typeof value !== 'string' || value.trim() === '') return value
      const number = Number(value)
      return Number.isNaN(number) ? value : number
    }
    case 'date': return !def.coerce && typeof value === 'string' ? new Date(value) : value
    default: return value
  }
}
