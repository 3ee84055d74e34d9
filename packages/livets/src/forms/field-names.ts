// Form field names as browsers send them, and the paths into a form's values they stand for:
// `contact[address][city]` is the path ['address', 'city'] of the form `contact`, `contact[tags][]`
// appends to ['tags'], `contact[items][0][name]` is ['items', '0', 'name'] (docs/forms.md).
import { FIELD_TARGET, FIELD_USED } from '@livets/client/protocol'
import { BadPayload } from '../bad-payload.ts'

/** Fields in one form event; past it the event is refused (a page has no business sending more). */
export const MAX_FORM_FIELDS = 1_000
/** Characters in one field name. */
export const MAX_FIELD_NAME = 1_024
/** Brackets in one field name: how deep a form's values may nest. */
export const MAX_FIELD_DEPTH = 32

/** Steps that would reach an object's prototype: a field named with one of them is ignored. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])

const NAME = /^([^[\]]+)((?:\[[^[\]]*\])*)$/

/**
 * The steps of a field name: `contact[address][city]` → ['contact', 'address', 'city'], a trailing
 * `[]` → a last step of ''. Null for a name that is not of this shape, or that names a prototype.
 */
export function fieldSteps(name: string): string[] | null {
  const match = NAME.exec(name)
  if (!match) return null
  const steps = [match[1]]
  for (const bracket of match[2].match(/\[[^[\]]*\]/g) ?? []) steps.push(bracket.slice(1, -1))
  for (let i = 0; i < steps.length; i++) {
    if (FORBIDDEN.has(steps[i])) return null
    if (steps[i] === '' && i !== steps.length - 1) return null // `a[][b]`: only a trailing [] appends
  }
  return steps
}

/** The field name for a path of form `form`: ('contact', ['address', 'city']) → `contact[address][city]`. */
export function fieldName(form: string, path: readonly (string | number)[]): string {
  return form + path.map((step) => `[${step}]`).join('')
}

/** A path as the key of a form's errors and used fields: ['items', 0, 'name'] → 'items.0.name'. */
export const pathKey = (path: readonly PropertyKey[]): string => path.map(String).join('.')

/** What one form event carries, its fields sorted out. */
export interface FormFields {
  /** [path steps under the form, value] per field of this form, in order. */
  fields: Array<[string[], string]>
  /** The path (key) of the field whose change sent the event, if it says. */
  target: string | undefined
  /** Paths (keys) of fields the user had used, sent by a recovery after a reconnect. */
  used: string[]
}

/**
 * Sorts out the fields of one event for the form `form`. Names of other forms (a submit button's
 * own name, another form's fields) are left out, and so are names that try to reach a prototype.
 * Too many fields, or a name too long or too deep, refuse the whole event with a BadPayload.
 */
export function formFields(form: string, pairs: ReadonlyArray<readonly [string, string]>): FormFields {
  if (pairs.length > MAX_FORM_FIELDS)
    throw new BadPayload(`a form event may carry at most ${MAX_FORM_FIELDS} fields; this one had ${pairs.length}`)
  const result: FormFields = { fields: [], target: undefined, used: [] }
  const under = (name: string): string[] | null => {
    if (name.length > MAX_FIELD_NAME)
      throw new BadPayload(`a field name may be at most ${MAX_FIELD_NAME} characters; one had ${name.length}`)
    const steps = fieldSteps(name)
    if (!steps || steps[0] !== form || steps.length < 2) return null
    if (steps.length - 1 > MAX_FIELD_DEPTH) throw new BadPayload(`a field name may nest at most ${MAX_FIELD_DEPTH} levels deep`)
    return steps.slice(1)
  }
  for (const [name, value] of pairs) {
    if (name === FIELD_TARGET || name === FIELD_USED) {
      const steps = under(value)
      if (!steps) continue
      const key = pathKey(steps[steps.length - 1] === '' ? steps.slice(0, -1) : steps)
      if (name === FIELD_TARGET) result.target = key
      else result.used.push(key)
      continue
    }
    const steps = under(name)
    if (steps) result.fields.push([steps, value])
  }
  return result
}
