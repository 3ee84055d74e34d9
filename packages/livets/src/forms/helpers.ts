// Template helpers for forms (docs/forms.md): `field(form, 'email')` is everything a template needs
// about one field — its name and id, the value to show, the errors that show, and the aria
// attributes that tie them together — and `input(field, { label })` is the accessible field whole,
// label, control and error text, as Phoenix's `<.input field={@form[:email]}>` is.
import { html, type TemplateResult } from '../html.ts'
import { fieldName, pathKey } from './field-names.ts'
import { errorsShow, valueAt, type FormState } from './form.ts'

export interface Field {
  /** The field's path in the form (`address.city`). */
  path: string
  /** The name the browser sends (`contact[address][city]`). */
  name: string
  /** For several values (checkbox groups, multiple selects): `contact[tags][]`. */
  listName: string
  /** A unique id for the control (`contact_address_city`), for <label for>. */
  id: string
  /** The value to show, as text. */
  value: string
  /** Every value, for a field that holds a list. */
  values: string[]
  /** For a checkbox: whether it is checked. */
  checked: boolean
  /** The errors that show now: the field was used, or the form submitted. */
  errors: string[]
  invalid: boolean
  /** The id of the element that shows the errors. */
  errorId: string
  /** `aria-invalid` ('true', or null to leave it out). */
  ariaInvalid: 'true' | null
  /** `aria-describedby`: the error element's id while errors show, else null. */
  describedBy: string | null
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'object' ? '' : String(value))

/** One field of a form: `field(this.state.contact, 'address.city')`. */
export function field(form: FormState, path: string): Field {
  const steps = path === '' ? [] : path.split('.')
  const raw = valueAt(form.values, steps)
  const key = pathKey(steps)
  const errors = errorsShow(form, key) ? form.errors[key] ?? [] : []
  const id = [form.name, ...steps].join('_').replace(/[^\w-]/g, '_')
  const invalid = errors.length > 0
  return {
    path: key,
    name: fieldName(form.name, steps),
    listName: fieldName(form.name, steps) + '[]',
    id,
    value: Array.isArray(raw) ? text(raw[raw.length - 1]) : text(raw),
    values: Array.isArray(raw) ? raw.map(text) : raw === undefined || raw === '' ? [] : [text(raw)],
    checked: raw === true || raw === 'true' || raw === 'on',
    errors,
    invalid,
    errorId: `${id}-error`,
    ariaInvalid: invalid ? 'true' : null,
    describedBy: invalid ? `${id}-error` : null,
  }
}

/** The form's own errors (a refinement across fields), once it was submitted. */
export function formErrors(form: FormState): string[] {
  return form.submitted ? form.errors[''] ?? [] : []
}

export interface InputOptions {
  label: string
  /** text (default), email, number, password, date, tel, url, search, textarea, checkbox, select. */
  type?: string
  /** For a select: [value, label] pairs. */
  options?: ReadonlyArray<readonly [string, string]>
  placeholder?: string
  autocomplete?: string
  required?: boolean
}

/** A field's error text, tied to its control by `errorId` (nothing while no error shows). */
export function errorText(f: Field): TemplateResult | null {
  if (!f.invalid) return null
  return html`<p class="ts-field-error" id=${f.errorId}>${f.errors.map((message) => html`<span>${message}</span>`)}</p>`
}

/**
 * A labelled control for `f`, with its errors: `${input(field(form, 'email'), { label: 'Email', type: 'email' })}`.
 * The control carries `aria-invalid` and `aria-describedby` while its errors show.
 */
export function input(f: Field, options: InputOptions): TemplateResult {
  const { label, type = 'text', placeholder = null, autocomplete = null, required = false } = options
  const invalid = f.invalid ? 'ts-field ts-field-invalid' : 'ts-field'
  switch (type) {
    case 'checkbox':
      return html`<div class=${invalid}><input type="hidden" name=${f.name} value="false"><label><input type="checkbox" id=${f.id} name=${f.name} value="true" checked=${f.checked} aria-invalid=${f.ariaInvalid} aria-describedby=${f.describedBy}> ${label}</label>${errorText(f)}</div>`
    case 'textarea':
      // The text travels in a value attribute, which the client puts into the field (as for ts-model):
      // a template cannot interpolate inside <textarea>, whose content is raw text.
      return html`<div class=${invalid}><label for=${f.id}>${label}</label><textarea id=${f.id} name=${f.name} placeholder=${placeholder} required=${required} aria-invalid=${f.ariaInvalid} aria-describedby=${f.describedBy} value=${f.value}></textarea>${errorText(f)}</div>`
    case 'select':
      return html`<div class=${invalid}><label for=${f.id}>${label}</label><select id=${f.id} name=${f.name} required=${required} aria-invalid=${f.ariaInvalid} aria-describedby=${f.describedBy}>${(options.options ?? []).map(([value, text]) => html`<option value=${value} selected=${value === f.value}>${text}</option>`)}</select>${errorText(f)}</div>`
    default:
      return html`<div class=${invalid}><label for=${f.id}>${label}</label><input id=${f.id} name=${f.name} type=${type} value=${f.value} placeholder=${placeholder} autocomplete=${autocomplete} required=${required} aria-invalid=${f.ariaInvalid} aria-describedby=${f.describedBy}>${errorText(f)}</div>`
  }
}
