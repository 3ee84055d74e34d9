// Event delegation: one listener per event type on the view's root finds the closest element
// with a ts-on:<type> attribute and turns the DOM event into an EVENT frame's name and payload.

/** DOM event types delegated from the root. */
export const DELEGATED_EVENTS = ['click', 'dblclick', 'input', 'change', 'submit', 'keydown', 'keyup'] as const

export interface Binding { handler: string; modifiers: string[] }

/** The ts-on:<type>[.modifier…] binding of `element` for `type`, if it has one. */
export function bindingFor(element: Element, type: string): Binding | null {
  const prefix = `ts-on:${type}`
  for (const attr of Array.from(element.attributes)) {
    if (attr.name !== prefix && !attr.name.startsWith(prefix + '.')) continue
    return { handler: attr.value.trim(), modifiers: attr.name.slice(prefix.length + 1).split('.').filter(Boolean) }
  }
  return null
}

/** The values an element carries for its events: ts-value-<name>="…" attributes. */
function declaredValues(element: Element): Record<string, string> {
  const values: Record<string, string> = {}
  for (const attr of Array.from(element.attributes))
    if (attr.name.startsWith('ts-value-')) values[attr.name.slice('ts-value-'.length)] = attr.value
  return values
}

function fieldValue(element: Element): string {
  const input = element as HTMLInputElement
  if (input.type === 'checkbox' || input.type === 'radio') return input.checked ? input.value : ''
  return typeof input.value === 'string' ? input.value : ''
}

/** The payload of an event, by kind: click → ts-value-*, input/change → value, submit → form fields, keys → key and value. */
export function payloadFor(event: Event, element: Element): Record<string, string> {
  const payload = declaredValues(element)
  switch (event.type) {
    case 'input':
    case 'change':
      payload.value = fieldValue(element)
      break
    case 'keydown':
    case 'keyup':
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

/** Finds the element handling `event` between its target and `root`, or null. */
export function findBinding(event: Event, root: Element): { element: Element; binding: Binding } | null {
  for (let node = event.target as Node | null; node && node !== root.parentNode; node = node.parentNode) {
    if (node.nodeType !== 1) continue
    const binding = bindingFor(node as Element, event.type)
    if (binding) return { element: node as Element, binding }
  }
  return null
}
