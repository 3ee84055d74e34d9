// What an EVENT frame carries, by kind of event. Fields are strings, as the DOM has them.
import { DIRECTIVE_VALUE } from './protocol.ts'

/** The values an element carries for its events: ts-value-<name>="…" attributes. */
function declaredValues(element: Element): Record<string, string> {
  const values: Record<string, string> = {}
  for (const attr of Array.from(element.attributes))
    if (attr.name.startsWith(DIRECTIVE_VALUE)) values[attr.name.slice(DIRECTIVE_VALUE.length)] = attr.value
  return values
}

function fieldValue(element: Element): string {
  const input = element as HTMLInputElement
  if (input.type === 'checkbox' || input.type === 'radio') return input.checked ? input.value : ''
  return typeof input.value === 'string' ? input.value : ''
}

/**
 * The payload of an event, by kind: every event sends the element's ts-value-*; input/change add
 * `value`, keys add `key` and `value`, submit adds the form's fields.
 */
export function payloadFor(event: Event, element: Element): Record<string, string> {
  const payload = declaredValues(element)
  switch (event.type) {
    case 'input':
    case 'change':
      payload.value = fieldValue(element)
      break
    case 'keydown':
    case 'keyup':
    case 'keypress':
      payload.key = (event as KeyboardEvent).key
      payload.value = fieldValue(element)
      break
    case 'submit': {
      const form = element as HTMLFormElement
      const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null
      const data = new FormData(form, submitter ?? undefined)
      data.forEach((value, key) => { if (typeof value === 'string') payload[key] = value })
      break
    }
  }
  return payload
}
