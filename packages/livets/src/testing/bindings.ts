// Which of the page's ts-on / ts-model bindings a DOM event on an element can reach, read with the
// client's own parser (parseOn): so an action can say "nothing handles this" with what the element
// does handle, and knows when a debounced or throttled binding sends later than the event.
import { DEFAULT_WAIT_MS, parseOn, waitOf, type On } from '@livets/client'
import { DIRECTIVE_ON, EVENT_FORM_PREFIX, EVENT_MODEL_PREFIX } from '@livets/client/protocol'

/** A binding an event may run: the attribute, the element bearing it, and its parsed form (ts-on only). */
export interface Reachable { attribute: string; element: Element; on: On | null }

function modelAttribute(element: Element): string | undefined {
  return element.getAttributeNames().find((name) => name === EVENT_MODEL_PREFIX || name.startsWith(EVENT_MODEL_PREFIX + '.'))
}

/**
 * The bindings an event of `type` dispatched at `target` can reach: ts-on on the target and its
 * ancestors up to the view's root (bubbling; `ts-on:` on the target alone for events that do not
 * bubble), `.window`/`.document` bindings anywhere in the view, and for input and change a field's
 * ts-model or the ts-form of its form (a named field's changes are the form's events, docs/forms.md).
 * Filters (keys, .self, .once) are not applied here: the client decides those.
 */
export function reachable(root: Element, target: Element, type: string, bubbles = true): Reachable[] {
  const found: Reachable[] = []
  for (let element: Element | null = target; element && root.contains(element); element = bubbles ? element.parentElement : null) {
    for (const attribute of element.getAttributeNames()) {
      const on = parseOn(attribute)
      if (on?.type === type && on.target === 'element') found.push({ attribute, element, on })
    }
  }
  for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attribute of element.getAttributeNames()) {
      const on = parseOn(attribute)
      if (on?.type === type && on.target !== 'element') found.push({ attribute, element, on })
    }
  }
  const model = modelAttribute(target)
  if (model && (type === 'input' || type === 'change')) found.push({ attribute: model, element: target, on: null })
  const form = (target as HTMLInputElement).form
  if ((type === 'input' || type === 'change') && form?.hasAttribute(EVENT_FORM_PREFIX) && (target as HTMLInputElement).name) {
    found.push({ attribute: EVENT_FORM_PREFIX, element: form, on: null })
  }
  return found
}

/** The longest wait a debounced or throttled binding among `bindings` may hold its send back, in ms (0: none). */
export function longestWait(bindings: Reachable[]): number {
  let longest = 0
  for (const { attribute, on } of bindings) {
    if (on) longest = Math.max(longest, on.debounce ?? on.throttle ?? 0)
    else {
      const modifiers = attribute.split('.')
      const at = modifiers.indexOf('debounce')
      if (at > 0) longest = Math.max(longest, waitOf(modifiers[at + 1]) ?? DEFAULT_WAIT_MS)
    }
  }
  return longest
}

/** `<button id="save" class="primary">`, shortened: how an error names an element. */
export function describeElement(element: Element): string {
  const attributes = Array.from(element.attributes, (a) => (a.value === '' ? ` ${a.name}` : ` ${a.name}="${a.value}"`)).join('')
  const tag = `<${element.localName}${attributes}>`
  return tag.length > 120 ? tag.slice(0, 117) + '…>' : tag
}

/** What an element answers, for an error message: its ts-on and ts-model attributes. */
export function handledBy(element: Element): string {
  const own = element.getAttributeNames().filter((name) => name.startsWith(DIRECTIVE_ON) || name === modelAttribute(element))
  return own.length === 0 ? 'it has no ts-on or ts-model attribute' : `it handles ${own.join(', ')}`
}
