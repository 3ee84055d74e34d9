// What an EVENT frame carries, by kind of event. Fields are strings, as the DOM has them.
import type { Payload } from './modifiers.ts'
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
export function payloadFor(event: Event, element: Element): Payload {
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
    case 'submit':
      // Pairs, so that repeated names (checkbox groups, multiple selects) all arrive.
      return [...Object.entries(payload), ...formPairs(element as HTMLFormElement, (event as SubmitEvent).submitter as HTMLElement | null)]
  }
  return payload
}

/** A form's fields as the browser would submit them (files left out: they travel as uploads). */
export function formPairs(form: HTMLFormElement, submitter: HTMLElement | null = null): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  new FormData(form, submitter ?? undefined).forEach((value, key) => { if (typeof value === 'string') pairs.push([key, value]) })
  return pairs
}
