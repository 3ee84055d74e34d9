// A form described by a zod schema (docs/forms.md). Its state is plain data in the view's state —
// what was typed, the errors, which fields the user has used, whether it was submitted — so it is
// checkpointed and restored like any state. The framework validates on every change and on submit;
// a valid submit hands the handler the schema's typed output.
import type { ZodType, output as ZodOutput } from 'zod'
import { formFields, pathKey } from './field-names.ts'
import { conform, forParse, nest } from './shape.ts'

/** A form's state: keep it in the view's state under the form's name (`this.state.contact`). */
export interface FormState {
  /** The form's name: the prefix of its fields' names (`contact[email]`) and the key in the view's state. */
  name: string
  /** What the user typed, shaped by the schema (text stays text: it is shown back as typed). */
  values: Record<string, unknown>
  /** Every current error, by field path (`address.city`; '' for the form as a whole). */
  errors: Record<string, string[]>
  /** Paths of the fields the user has used (typed in, picked): their errors show. */
  used: string[]
  /** The form was submitted: every error shows. */
  submitted: boolean
  /** No errors. */
  valid: boolean
}

/** Tags a handler made by LiveForm.onSubmit: the session validates before calling it. */
export const FORM_SUBMIT = Symbol('livets.formSubmit')

export interface SubmitHandler<Output> {
  (output: Output): unknown
  [FORM_SUBMIT]: LiveForm<ZodType>
}

/** The outcome of a submit: the new state and, when valid, the schema's output for the handler. */
export type Submitted<Output> = { state: FormState; valid: true; output: Output } | { state: FormState; valid: false }

export class LiveForm<Schema extends ZodType> {
  constructor(readonly name: string, readonly schema: Schema) {
    if (!/^[A-Za-z_][\w-]*$/.test(name)) throw new Error(`form name '${name}' must be a word (letters, digits, _ or -): it prefixes the fields' names`)
  }

  /** The state of a fresh form, with `values` shown in its fields. Errors are worked out but show only once used. */
  init(values: Record<string, unknown> = {}): FormState {
    const errors = this.validate(values)
    return { name: this.name, values: structuredClone(values), errors, used: [], submitted: false, valid: Object.keys(errors).length === 0 }
  }

  /** A change of the form's fields (`pairs` as the page sent them): new values, errors, and the field marked used. */
  change(previous: FormState | undefined, pairs: ReadonlyArray<readonly [string, string]>): FormState {
    const { fields, target, used } = formFields(this.name, pairs)
    const values = conform(this.schema, nest(fields)) as Record<string, unknown>
    const errors = this.validate(values)
    const usedNow = new Set(previous?.used ?? [])
    if (target !== undefined) usedNow.add(target)
    for (const key of used) usedNow.add(key)
    return { name: this.name, values, errors, used: [...usedNow], submitted: previous?.submitted ?? false, valid: Object.keys(errors).length === 0 }
  }

  /** A submit: every error shows from now on; valid, it carries the schema's output. */
  submit(previous: FormState | undefined, pairs: ReadonlyArray<readonly [string, string]>): Submitted<ZodOutput<Schema>> {
    const { fields } = formFields(this.name, pairs)
    const values = conform(this.schema, nest(fields)) as Record<string, unknown>
    const result = this.parse(values)
    const errors = result.success ? {} : result.errors
    const state: FormState = { name: this.name, values, errors, used: previous?.used ?? [], submitted: true, valid: result.success }
    return result.success ? { state, valid: true, output: result.data } : { state, valid: false }
  }

  /**
   * A submit handler: the framework parses and validates the form first, and calls `handler` with
   * the schema's typed output only when it is valid; otherwise the form shows its errors.
   */
  onSubmit(handler: (this: any, output: ZodOutput<Schema>) => unknown): SubmitHandler<ZodOutput<Schema>> {
    const tagged = function (this: unknown, output: ZodOutput<Schema>) { return handler.call(this, output) } as SubmitHandler<ZodOutput<Schema>>
    tagged[FORM_SUBMIT] = this as unknown as LiveForm<ZodType>
    return tagged
  }

  /** Errors by path of conformed `values`, none when valid. */
  validate(values: unknown): Record<string, string[]> {
    const result = this.parse(values)
    return result.success ? {} : result.errors
  }

  private parse(values: unknown): { success: true; data: ZodOutput<Schema> } | { success: false; errors: Record<string, string[]> } {
    const result = this.schema.safeParse(forParse(this.schema, values), {
      // A field left empty is "Required", not zod's "expected string, received undefined"; a
      // message the schema sets itself still wins.
      error: (issue) => (issue.code === 'invalid_type' && valueAt(values, issue.path ?? []) === undefined ? 'Required' : undefined),
    })
    if (result.success) return { success: true, data: result.data }
    const errors: Record<string, string[]> = {}
    for (const issue of result.error.issues) (errors[pathKey(issue.path)] ??= []).push(issue.message)
    return { success: false, errors }
  }
}

/** A form described by `schema`, named `name`: its fields are `name[field]`, its state `this.state[name]`. */
export function defineForm<Schema extends ZodType>(name: string, schema: Schema): LiveForm<Schema> {
  return new LiveForm(name, schema)
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const step of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, step)) return undefined
    current = (current as Record<PropertyKey, unknown>)[step]
  }
  return current
}

/** Whether the errors at `path` (a key) show: the form was submitted, or the user used that field (or one inside it). */
export function errorsShow(form: FormState, key: string): boolean {
  if (form.submitted) return true
  if (key === '') return false
  return form.used.some((used) => used === key || used.startsWith(key + '.'))
}
