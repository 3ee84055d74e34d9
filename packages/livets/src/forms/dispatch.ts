// How form events reach a view (docs/forms.md): `ts-form:<name>` events (a change, or a recovery
// after a reconnect) update the form's state in `this.state[name]`; a submit handler made with
// `form.onSubmit(…)` runs only when the form is valid, with the schema's typed output. The session
// runs what this returns through its funnel, like any handler.
import { EVENT_FORM_PREFIX } from '@livets/client/protocol'
import type { ZodType } from 'zod'
import type { LiveView } from '../live-view.ts'
import { FORM_SUBMIT, type FormState, type LiveForm } from './form.ts'

type Pairs = ReadonlyArray<readonly [string, string]>

/** One form event, ready for the funnel: what the log calls it, and the work. */
export interface FormWork { label: string; work(view: LiveView<any>): unknown }

/** The form named `name` that a view knows: in `static forms`, or behind one of its submit handlers. */
export function findForm(view: LiveView<any>, name: string): LiveForm<ZodType> | undefined {
  const declared = (view.constructor as { forms?: Iterable<LiveForm<ZodType>> | Record<string, LiveForm<ZodType>> }).forms
  const list = declared === undefined ? [] : Symbol.iterator in declared ? [...declared as Iterable<LiveForm<ZodType>>] : Object.values(declared)
  const found = list.find((form) => form.name === name)
  if (found) return found
  for (let target: object | null = view; target && target !== Object.prototype; target = Object.getPrototypeOf(target)) {
    for (const key of Object.getOwnPropertyNames(target)) {
      const value: unknown = Object.getOwnPropertyDescriptor(target, key)?.value
      const form = typeof value === 'function' ? (value as { [FORM_SUBMIT]?: LiveForm<ZodType> })[FORM_SUBMIT] : undefined
      if (form?.name === name) return form
    }
  }
  return undefined
}

/** The form event `eventName` stands for, or undefined when it is not one (`handler` is the view's method of that name). */
export function formWork(viewName: string, view: LiveView<any>, eventName: string, handler: unknown, pairs: Pairs): FormWork | undefined {
  if (eventName.startsWith(EVENT_FORM_PREFIX + ':')) {
    const name = eventName.slice(EVENT_FORM_PREFIX.length + 1)
    return {
      label: `${viewName} ts-form="${name}"`,
      work: (v) => {
        const form = findForm(v, name)
        if (!form) throw new Error(`no form named '${name}': add static forms = [defineForm('${name}', schema)] to ${viewName}, or a submit handler made with onSubmit`)
        const state = formStates(v, viewName, name)
        state[name] = form.change(state[name], pairs)
      },
    }
  }
  const form = typeof handler === 'function' ? (handler as { [FORM_SUBMIT]?: LiveForm<ZodType> })[FORM_SUBMIT] : undefined
  if (!form) return undefined
  return {
    label: `${viewName}.${eventName}() (form '${form.name}')`,
    work: (v) => {
      const state = formStates(v, viewName, form.name)
      const submitted = form.submit(state[form.name], pairs)
      state[form.name] = submitted.state
      if (submitted.valid) return (handler as (output: unknown) => unknown).call(v, submitted.output)
    },
  }
}

/**
 * The view's state, where form `name` keeps its values and errors (`this.state[name]`). A view that
 * keeps them under another key would never show an error: the event fails, saying where to put it.
 */
function formStates(view: LiveView<any>, viewName: string, name: string): Record<string, FormState | undefined> {
  const state = view.state as Record<string, FormState | undefined>
  const current = state?.[name]
  if (current === undefined || current === null || typeof current !== 'object' || !('values' in current)) {
    throw new Error(`form '${name}': ${viewName}'s this.state.${name} holds no form state, so its errors could never show; set it in mount(), e.g. this.state = { ${name}: ${name}Form.init() }`)
  }
  return state
}
