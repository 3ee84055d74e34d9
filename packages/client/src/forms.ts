// Forms in the browser (docs/forms.md). A `ts-form="name"` form sends its fields as the event
// `ts-form:name` whenever one changes (text fields on input, the others on change), naming the
// field that changed (`_target`), so the server validates as the user types. After a reconnect
// that re-mounted or restored the view (any SESSION but RESUMED), every form sends what it holds
// back as a change — like Phoenix's auto-recover — with the fields the user had used (`_used`), so
// the new view holds what was typed: `ts-auto-recover="ignore"` opts a form out, and
// `ts-auto-recover="event"` sends that event instead. On the page's first join only a form whose
// fields no longer hold what the server rendered (the browser put back what was typed before a
// reload or a back navigation) is sent: an untouched page sends nothing, and its session stays
// one that needs no checkpoint (docs/scaling.md, "Checkpoints").
import {
  AUTO_RECOVER_IGNORE, DIRECTIVE_AUTO_RECOVER as AUTO_RECOVER, DIRECTIVE_ON, EVENT_FORM_PREFIX, FIELD_TARGET, FIELD_USED, SESSION_RESUMED,
} from './protocol.ts'
import { formPairs } from './payload.ts'
import { fieldSending } from './model.ts'
import type { EventSource, SessionListener } from './connection.ts'

/** Sends a form's event; `field` is the field that changed, so replies to its older values do not overwrite newer ones (model.ts). */
export type SendForm = (name: string, pairs: Array<[string, string]>, source: EventSource, field?: Element) => void

/** Per form element: the names of the fields the user has used. */
const usedFields = new WeakMap<HTMLFormElement, Set<string>>()

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement

const sendsOnChange = (field: Field): boolean =>
  field instanceof HTMLSelectElement || (field instanceof HTMLInputElement && ['checkbox', 'radio', 'file', 'range', 'color', 'date', 'time', 'datetime-local', 'month', 'week'].includes(field.type))

/** Listens for changes of `ts-form` forms under `root` (delegated: forms that patches insert work too). */
export function bindForms(root: Element, send: SendForm): void {
  const onChange = (event: Event): void => {
    const field = event.target as Field
    if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement)) return
    const form = field.form
    const name = form?.getAttribute(EVENT_FORM_PREFIX)
    if (!form || !name || !field.name || (field instanceof HTMLInputElement && field.type === 'file')) return
    if ((event.type === 'change') !== sendsOnChange(field)) return
    const used = usedFields.get(form) ?? new Set<string>()
    usedFields.set(form, used.add(field.name))
    fieldSending(field)
    send(`${EVENT_FORM_PREFIX}:${name.trim()}`, [...formPairs(form), [FIELD_TARGET, field.name]], { element: field, type: event.type }, field)
  }
  root.addEventListener('input', onChange)
  root.addEventListener('change', onChange)
}

/** The event a form's recovery sends, or null: `ts-auto-recover`, else its ts-form change, else its ts-on:change handler. */
function recoveryEvent(form: HTMLFormElement): string | null {
  const recover = form.getAttribute(AUTO_RECOVER)?.trim()
  if (recover === AUTO_RECOVER_IGNORE) return null
  if (recover) return recover
  const name = form.getAttribute(EVENT_FORM_PREFIX)?.trim()
  if (name) return `${EVENT_FORM_PREFIX}:${name}`
  return form.getAttribute(`${DIRECTIVE_ON}change`)?.trim() || null
}

/** How to find the same form in the re-rendered page: its id, its ts-form name, else its position. */
function formKey(form: HTMLFormElement, index: number): string {
  return form.id ? `#${form.id}` : form.getAttribute(EVENT_FORM_PREFIX) ? `ts-form:${form.getAttribute(EVENT_FORM_PREFIX)}` : `@${index}`
}

/** Whether every field of the form holds what the page's HTML gave it (its default value, checked state or selection). */
function rendered(form: HTMLFormElement): boolean {
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) {
      if (element.checked !== element.defaultChecked) return false
    } else if ((element instanceof HTMLInputElement && element.type !== 'file') || element instanceof HTMLTextAreaElement) {
      if (element.value !== element.defaultValue) return false
    } else if (element instanceof HTMLSelectElement) {
      const options = Array.from(element.options)
      // A single select whose HTML selects no option shows its first.
      if (element.multiple || options.some((option) => option.defaultSelected)) {
        if (options.some((option) => option.selected !== option.defaultSelected)) return false
      } else if (element.selectedIndex > 0) return false
    }
  }
  return true
}

/** Puts the recovered values back into a re-rendered form's fields (by name, in order for repeated names). */
function refill(form: HTMLFormElement, pairs: Array<[string, string]>): void {
  const byName = new Map<string, string[]>()
  for (const [name, value] of pairs) byName.set(name, [...byName.get(name) ?? [], value])
  const seen = new Map<string, number>()
  for (const element of Array.from(form.elements)) {
    const field = element as Field
    if (!field.name || !byName.has(field.name) || document.activeElement === field) continue // the focused field keeps its own text (focus.ts)
    const values = byName.get(field.name)!
    if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.checked = values.includes(field.value)
    else if (field instanceof HTMLInputElement && field.type === 'file') continue
    else if (field instanceof HTMLSelectElement && field.multiple) for (const option of Array.from(field.options)) option.selected = values.includes(option.value)
    else {
      const at = seen.get(field.name) ?? 0
      seen.set(field.name, at + 1)
      if (at < values.length) field.value = values[at]
    }
  }
  for (const field of Array.from(form.elements) as Field[]) if (field.name && !byName.has(field.name) && field instanceof HTMLInputElement && field.type === 'checkbox') field.checked = false
}

/**
 * Form recovery, as a session listener: before a SESSION patch replaces the page, every form's
 * fields are read; after it, they are put back and sent as the form's change.
 */
export function formRecovery(root: Element, send: SendForm): SessionListener {
  let saved: Array<{ key: string; event: string; pairs: Array<[string, string]>; used: string[] }> = []
  let joined = false
  return {
    before(mode) {
      saved = []
      if (mode === SESSION_RESUMED) return
      root.querySelectorAll('form').forEach((form, index) => {
        const event = recoveryEvent(form)
        if (event && (joined || !rendered(form))) saved.push({ key: formKey(form, index), event, pairs: formPairs(form), used: [...usedFields.get(form) ?? []] })
      })
    },
    after(mode) {
      joined = true
      if (mode === SESSION_RESUMED) return
      const forms = Array.from(root.querySelectorAll('form'))
      for (const { key, event, pairs, used } of saved) {
        const form = forms.find((candidate, index) => formKey(candidate, index) === key)
        if (!form) continue
        refill(form, pairs)
        usedFields.set(form, new Set(used))
        send(event, [...pairs, ...used.map((name): [string, string] => [FIELD_USED, name])], { element: form, type: 'change' })
      }
      saved = []
    },
  }
}
