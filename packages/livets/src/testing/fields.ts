// Setting form fields the way a user leaves them: text typed into inputs and textareas, a select's
// option chosen, checkboxes and radios checked. Values are checked against the field's kind, so a
// test that sets a checkbox to 'yes' or picks an option that does not exist fails with the reason.

/** What a test may set a field to: text, a number (as text), a checkbox's checked state, or several values (checkbox group, <select multiple>). */
export type FieldValue = string | number | boolean | string[]

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement

const isCheckable = (element: Element): element is HTMLInputElement =>
  element.localName === 'input' && ((element as HTMLInputElement).type === 'checkbox' || (element as HTMLInputElement).type === 'radio')

export function isField(element: Element): element is Field {
  return element.localName === 'input' || element.localName === 'textarea' || element.localName === 'select'
}

/**
 * Sets one field (or a group of same-named checkboxes/radios) to `value`. Returns the elements whose
 * state the user changed, in order: the ones that get input and change events.
 */
export function setField(elements: Field[], value: FieldValue, what: string): Field[] {
  const first = elements[0]
  if (isCheckable(first)) {
    const wanted = (element: HTMLInputElement): boolean =>
      typeof value === 'boolean' ? value
        : Array.isArray(value) ? value.includes(element.value)
        : element.value === String(value)
    if (typeof value !== 'boolean' && !elements.some((element) => wanted(element as HTMLInputElement)))
      throw new Error(`${what}: no ${first.type} has the value ${JSON.stringify(value)}; the values are ${elements.map((e) => JSON.stringify(e.value)).join(', ')}`)
    if (typeof value === 'boolean' && elements.length > 1)
      throw new Error(`${what}: ${elements.length} ${first.type}es share this name; give the value to check, not ${value}`)
    const changed: Field[] = []
    for (const element of elements as HTMLInputElement[]) {
      const checked = wanted(element)
      if (element.checked === checked || (element.type === 'radio' && !checked)) continue
      element.checked = checked
      changed.push(element)
    }
    return changed
  }
  if (elements.length > 1) throw new Error(`${what}: ${elements.length} fields share this name; select one of them by id`)
  if (first.localName === 'select') return selectOptions(first as HTMLSelectElement, value, what)
  if (typeof value === 'boolean' || Array.isArray(value))
    throw new Error(`${what}: ${describeKind(first)} takes text, not ${JSON.stringify(value)}`)
  first.value = String(value)
  return [first]
}

function selectOptions(select: HTMLSelectElement, value: FieldValue, what: string): Field[] {
  const values = Array.isArray(value) ? value : [String(value)]
  if (typeof value === 'boolean') throw new Error(`${what}: a <select> takes an option's value, not ${value}`)
  if (values.length > 1 && !select.multiple) throw new Error(`${what}: the <select> is not multiple; give one value`)
  const options = Array.from(select.options)
  for (const wanted of values)
    if (!options.some((option) => option.value === wanted))
      throw new Error(`${what}: the <select> has no option ${JSON.stringify(wanted)}; its options are ${options.map((o) => JSON.stringify(o.value)).join(', ')}`)
  for (const option of options) option.selected = values.includes(option.value)
  return [select]
}

function describeKind(field: Field): string {
  return field.localName === 'input' ? `an <input type="${(field as HTMLInputElement).type}">` : `a <${field.localName}>`
}

/** The fields of `form` named `name` (several for a radio group or checkboxes sharing a name). */
export function fieldsNamed(form: HTMLFormElement, name: string): Field[] {
  return Array.from(form.elements).filter((element): element is Field => isField(element) && (element as Field).name === name)
}

/** The names of a form's fields, for an error that says which exist. */
export function fieldNames(form: HTMLFormElement): string[] {
  return [...new Set(Array.from(form.elements).filter(isField).map((element) => element.name).filter(Boolean))]
}
